"""Forms for proposals: starting one, editing it (text, target areas, budget lines), inviting
a supporter, attaching a PDF."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import Form, SelectField, StringField, TextAreaField
from wtforms.fields import FieldList, FormField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import NumberInput

from app.areas.models import Area
from app.contests.models import Contest, Proposal
from app.contests.proposals.attachments import (
    ATTACHMENT_INPUT,
    PreparedAttachment,
    prepare_attachment,
)
from app.contests.proposals.eligibility import budget_problem, is_within_contest
from app.contests.proposals.errors import AttachmentError
from app.contests.proposals.services import ProposalDetails
from app.extensions import db
from app.forms import SiteForm, WholeNumberField, at_most, optional_int, strip, without_digit_groups
from app.organisations.models import Organisation
from app.submissions import SubmittedOnce

# Rows of the budget table: enough for a small project, and a form that needs no script.
BUDGET_ROWS = 10
MAX_AMOUNT = 10**12  # won; far above any contest, well inside a BIGINT
MAX_BENEFICIARIES = 10_000_000  # more than Seoul's population


def parse_won(text: str) -> int:
    """A whole-won amount as people type it: "1,000,000", "1 000 000" or "1000000원"."""
    cleaned = without_digit_groups(text)
    cleaned = cleaned.removesuffix("원")
    if not re.fullmatch(r"-?[0-9]+", cleaned):
        raise ValueError(_l("Enter the amount in whole won, in digits, such as 1,000,000."))
    amount = int(cleaned)
    if amount <= 0:
        raise ValueError(_l("The amount must be more than 0 won."))
    if amount > MAX_AMOUNT:
        raise ValueError(_l("This amount is too large."))
    return amount


class NewProposalForm(SubmittedOnce, SiteForm):
    organisation = SelectField(
        _l("Lead organisation"),
        coerce=optional_int,
        validators=[InputRequired(message=_l("Choose the lead organisation."))],
        invalid_value_message=_l("Choose a verified organisation that you represent."),
        invalid_choice_message=_l("Choose a verified organisation that you represent."),
    )
    title = StringField(
        _l("Title of the project"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter a title.")), at_most(200)],
    )

    def __init__(self, *args, organisations: list[Organisation], reopenable: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.id: o for o in organisations}
        self.organisation.choices = [SelectChoice("", _l("Choose an organisation"))] + [
            SelectChoice(
                str(o.id),
                _l("%(name)s (reopen its withdrawn proposal)", name=o.name)
                if o.id in reopenable
                else o.name,
            )
            for o in organisations
        ]

    def chosen_organisation(self) -> Organisation:
        return self.organisations[self.organisation.data]


class BudgetLineForm(Form):
    """One row of the budget: both cells filled, or both empty (then it is ignored)."""

    item = StringField(_l("Item"), filters=[strip], validators=[at_most(200)])
    amount = StringField(_l("Amount (KRW)"), filters=[strip])

    parsed_amount: int | None = None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.parsed_amount = None
        item, text = self.item.data or "", self.amount.data or ""
        if text:
            try:
                self.parsed_amount = parse_won(text)
            except ValueError as error:
                self.amount.errors.append(error.args[0])
        if item and not text:
            self.amount.errors.append(_l("Enter the amount for this line."))
        if text and not item:
            self.item.errors.append(_l("Say what this amount is for."))
        return valid and not self.item.errors and not self.amount.errors

    @property
    def is_blank(self) -> bool:
        return not self.item.data and not self.amount.data


def _area_id(value) -> int:
    """Coerce a posted area id; anything that is not one is -1, refused by the check."""
    return int(value) if str(value).isdigit() else -1


class ProposalForm(SiteForm):
    title = StringField(
        _l("Title of the project"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter a title.")), at_most(200)],
    )
    summary = TextAreaField(_l("Summary"), filters=[strip], validators=[at_most(4000)])
    expected_beneficiaries = WholeNumberField(
        _l("Expected beneficiaries (number of people)"),
        widget=NumberInput(min=0, step=1),
        not_a_number=_l("Enter a whole number of people, such as 120."),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=MAX_BENEFICIARIES,
                message=_l("Enter a number from 0 to %(max)s.", max=f"{MAX_BENEFICIARIES:,}"),
            ),
        ],
    )
    beneficiaries_description = TextAreaField(
        _l("Who the beneficiaries are"), filters=[strip], validators=[at_most(2000)]
    )
    timeline = TextAreaField(_l("Timeline"), filters=[strip], validators=[at_most(4000)])
    target_areas = SelectMultipleField(_l("Target areas"), coerce=_area_id, validate_choice=False)
    budget_lines = FieldList(
        FormField(BudgetLineForm), min_entries=BUDGET_ROWS, max_entries=BUDGET_ROWS
    )

    def __init__(self, *args, contest: Contest, proposal: Proposal | None = None, **kwargs):
        if proposal is not None:  # on GET only: a POST's own values are the form's
            kwargs = {**_initial_values(proposal), **kwargs}
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.chosen_areas: list[Area] = []

    def validate_target_areas(self, field) -> None:
        ids = set(field.data or [])
        areas = list(db.session.scalars(select(Area).where(Area.id.in_(ids)))) if ids else []
        if len(areas) != len(ids) or not all(is_within_contest(a, self.contest) for a in areas):
            raise ValidationError(_l("Choose target areas within the contest's target areas."))
        self.chosen_areas = sorted(areas, key=lambda a: a.code)

    def validate_budget_lines(self, field) -> None:
        rows = [entry.form for entry in field.entries]
        if any(row.item.errors or row.amount.errors for row in rows):
            return  # the rows say what to correct; a total of half-read rows would mislead
        problem = budget_problem(sum(row.parsed_amount or 0 for row in rows), self.contest)
        if problem:
            raise ValidationError(problem)

    @property
    def budget_total_errors(self) -> list[str]:
        """The budget's own errors (the rows' errors are shown in the rows)."""
        return [e for e in self.budget_lines.errors if not isinstance(e, dict)]

    @property
    def budget_total(self) -> int:
        return sum(entry.form.parsed_amount or 0 for entry in self.budget_lines.entries)

    def details(self) -> ProposalDetails:
        return ProposalDetails(
            title=self.title.data,
            summary=self.summary.data or "",
            expected_beneficiaries=self.expected_beneficiaries.data,
            beneficiaries_description=self.beneficiaries_description.data or "",
            timeline=self.timeline.data or "",
            target_areas=self.chosen_areas,
            budget_lines=[
                (entry.form.item.data, entry.form.parsed_amount)
                for entry in self.budget_lines.entries
                if not entry.form.is_blank
            ],
        )


def _initial_values(proposal: Proposal) -> dict:
    return {
        "title": proposal.title,
        "summary": proposal.summary,
        "expected_beneficiaries": proposal.expected_beneficiaries,
        "beneficiaries_description": proposal.beneficiaries_description,
        "timeline": proposal.timeline,
        "target_areas": [a.id for a in proposal.target_areas],
        "budget_lines": [
            {"item": line.item, "amount": f"{line.amount:,}"} for line in proposal.budget_lines
        ][:BUDGET_ROWS],
    }


class InviteForm(SiteForm):
    organisation = SelectField(
        _l("Organisation"),
        coerce=optional_int,
        validators=[InputRequired(message=_l("Choose an organisation to invite."))],
        invalid_value_message=_l("Choose one of the listed organisations."),
        invalid_choice_message=_l("Choose one of the listed organisations."),
    )
    role_description = TextAreaField(
        _l("Its role in the project"),
        filters=[strip],
        validators=[DataRequired(message=_l("Describe the role you propose.")), at_most(500)],
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.id: o for o in organisations}
        self.organisation.choices = [SelectChoice("", _l("Choose an organisation"))] + [
            SelectChoice(str(o.id), o.name) for o in organisations
        ]

    def chosen_organisation(self) -> Organisation:
        return self.organisations[self.organisation.data]


class AttachmentForm(SubmittedOnce, SiteForm):
    file = FileField(
        _l("PDF file"), widget=ATTACHMENT_INPUT, render_kw={"accept": "application/pdf,.pdf"}
    )

    prepared: PreparedAttachment | None = None

    def validate_file(self, field) -> None:
        if not field.data or not getattr(field.data, "filename", None):
            raise ValidationError(_l("Choose a PDF file."))
        try:
            self.prepared = prepare_attachment(field.data.stream, field.data.filename)
        except AttachmentError as error:
            raise ValidationError(error.message) from error
