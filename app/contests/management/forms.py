"""Staff's forms for contests: the contest itself, closing and extending, reviewers.

(Proposal and review forms live with their own sub-packages.) The rules that tie several
fields together (budget, weights, dates) are the services' (`app.contests.management.services`);
the contest form asks them, so that every broken rule shows next to its field at once.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    FieldList,
    Form,
    FormField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateTimeLocalField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    NumberRange,
    Optional,
)
from wtforms.widgets import TextInput

from app.areas.models import Area
from app.areas.services import AreaOverview
from app.clock import from_seoul, to_seoul
from app.contests.management import services
from app.contests.management.errors import ContestError
from app.contests.models import Contest
from app.forms import SiteForm, WholeNumberField, area_checkbox_groups, at_most, strip
from app.submissions import SubmittedOnce

CRITERIA_ROWS = 6  # enough for any contest so far; blank rows are ignored, no script needed


# --- fields -------------------------------------------------------------------------------------


def won_field(label) -> WholeNumberField:
    # A text box, not type=number: browsers empty a number box that holds "50,000,000".
    return WholeNumberField(
        label,
        widget=TextInput(),
        render_kw={"inputmode": "numeric"},
        not_a_number=_l("Enter an amount in won, such as 50000000."),
        validators=[
            InputRequired(message=_l("Enter an amount in won.")),
            NumberRange(
                min=1,
                max=services.MAX_AMOUNT,
                message=_l("Enter an amount of at least 1 won."),
            ),
        ],
    )


class SeoulDateTimeField(DateTimeLocalField):
    """A date and time as typed, on the Seoul clock (naive; `from_seoul` makes it UTC)."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"])
        kwargs.setdefault(
            "invalid_value_message",
            _l("Enter a date and time, such as 2026-12-01 18:00."),
        )
        super().__init__(label, validators, **kwargs)


def seoul_datetime(label, missing) -> SeoulDateTimeField:
    return SeoulDateTimeField(label, validators=[InputRequired(message=missing)])


def reason_field() -> TextAreaField:
    return TextAreaField(
        _l("Reason"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Say why. The reason is shown on the contest page.")),
            at_most(1000),
        ],
    )


# --- the contest --------------------------------------------------------------------------------


class ContestTextsForm(SiteForm):
    """What may be corrected in any phase: titles and descriptions."""

    title_ko = StringField(
        _l("Title in Korean"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter the contest's Korean title.")), at_most(200)],
    )
    title_en = StringField(
        _l("Title in English (optional)"), filters=[strip], validators=[Optional(), at_most(200)]
    )
    description_ko = TextAreaField(
        _l("Description in Korean (optional)"),
        filters=[strip],
        validators=[Optional(), at_most(10000)],
    )
    description_en = TextAreaField(
        _l("Description in English (optional)"),
        filters=[strip],
        validators=[Optional(), at_most(10000)],
    )

    def texts(self) -> services.ContestTexts:
        return {
            "title_ko": self.title_ko.data,
            "title_en": self.title_en.data or None,
            "description_ko": self.description_ko.data or "",
            "description_en": self.description_en.data or None,
        }


class ContestCriterionForm(Form):
    """One row of the criteria table; a row left blank is ignored."""

    name_ko = StringField(_l("Criterion in Korean"), filters=[strip], validators=[at_most(160)])
    name_en = StringField(
        _l("Criterion in English (optional)"), filters=[strip], validators=[at_most(160)]
    )
    weight = WholeNumberField(
        _l("Weight (%)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=100, message=_l("Enter a weight from 1 to 100.")),
        ],
    )

    @property
    def has_weight(self) -> bool:
        """Something was typed as the weight (a number or not)."""
        raw = self.weight.raw_data
        return bool(raw and raw[0].strip()) if raw is not None else self.weight.data is not None

    @property
    def is_blank(self) -> bool:
        return not (self.name_ko.data or self.name_en.data or self.has_weight)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.is_blank:
            return valid
        if not self.name_ko.data:
            self.name_ko.errors.append(_l("Enter the criterion's Korean name."))
            valid = False
        if not self.has_weight:
            self.weight.errors.append(_l("Enter a weight from 1 to 100."))
            valid = False
        return valid


class ContestForm(SubmittedOnce, ContestTextsForm):
    """Everything about a contest, for a draft."""

    total_budget = won_field(_l("Total budget (won)"))
    max_per_proposal = won_field(_l("Maximum per proposal (won)"))
    min_organisations = WholeNumberField(
        _l("Minimum number of organisations, the lead included"),
        validators=[
            InputRequired(message=_l("Enter how many organisations a consortium needs.")),
            NumberRange(
                min=services.MIN_ORGANISATIONS[0],
                max=services.MIN_ORGANISATIONS[1],
                message=_l(
                    "Enter a number from %(min)s to %(max)s.",
                    min=services.MIN_ORGANISATIONS[0],
                    max=services.MIN_ORGANISATIONS[1],
                ),
            ),
        ],
    )
    # Rendered as grouped checkboxes by the template; the choices here validate the ids.
    target_areas = SelectMultipleField(
        _l("Target areas"),
        coerce=int,
        invalid_value_message=_l("Choose from the listed areas."),
        invalid_choice_message=_l("Choose from the listed areas."),
    )
    criteria = FieldList(
        FormField(ContestCriterionForm), min_entries=CRITERIA_ROWS, max_entries=CRITERIA_ROWS
    )
    opens_at = seoul_datetime(_l("Opens"), _l("Enter when the contest opens."))
    closes_at = seoul_datetime(
        _l("Deadline for proposals"), _l("Enter the deadline for proposals.")
    )
    results_at = seoul_datetime(_l("Results published"), _l("Enter when the results are public."))

    def __init__(self, *args, areas_to_choose: AreaOverview, contest: Contest | None = None, **kw):
        if contest is not None:  # shown on GET; a POST's own values take their place
            kw = {**initial_values(contest), **kw}
        super().__init__(*args, **kw)
        self.area_groups = area_checkbox_groups(areas_to_choose)
        self._areas: dict[int, Area] = {
            area.id: area for _, group in self.area_groups for area in group
        }
        self.target_areas.choices = [SelectChoice(str(area_id)) for area_id in self._areas]
        self.criteria_errors: list = []

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        problems = self._rule_problems()
        for problem in problems:
            if problem.field == "criteria":
                self.criteria_errors.append(problem.message)
            else:
                self[problem.field].errors.append(problem.message)
        return valid and not problems

    def _rule_problems(self) -> list[ContestError]:
        """The services' rules, for the fields that could be read."""
        problems: list[ContestError] = []
        if not (self.total_budget.errors or self.max_per_proposal.errors):
            problems += services.budget_problems(self.total_budget.data, self.max_per_proposal.data)
        if not any(row.errors for row in self.criteria):
            problems += services.criteria_problems(self.criteria_details())
        dates = (self.opens_at.data, self.closes_at.data, self.results_at.data)
        if None not in dates:
            problems += services.date_problems(*(from_seoul(d) for d in dates))
        return problems

    def criteria_details(self) -> list[services.CriterionDetails]:
        return [
            services.CriterionDetails(
                name_ko=row.form.name_ko.data,
                name_en=row.form.name_en.data or None,
                weight=row.form.weight.data,
            )
            for row in self.criteria
            if not row.form.is_blank
        ]

    def details(self) -> services.ContestDetails:
        return services.ContestDetails(
            **self.texts(),
            total_budget=self.total_budget.data,
            max_per_proposal=self.max_per_proposal.data,
            min_organisations=self.min_organisations.data,
            opens_at=from_seoul(self.opens_at.data),
            closes_at=from_seoul(self.closes_at.data),
            results_at=from_seoul(self.results_at.data),
            target_areas=[self._areas[i] for i in self.target_areas.data or []],
            criteria=self.criteria_details(),
        )

    def chosen_areas(self) -> list[int]:
        return list(self.target_areas.data or [])


def initial_values(contest: Contest) -> dict:
    return {
        "title_ko": contest.title_ko,
        "title_en": contest.title_en,
        "description_ko": contest.description_ko,
        "description_en": contest.description_en,
        "total_budget": contest.total_budget,
        "max_per_proposal": contest.max_per_proposal,
        "min_organisations": contest.min_organisations,
        "target_areas": [a.id for a in contest.target_areas],
        "criteria": [
            {"name_ko": c.name_ko, "name_en": c.name_en, "weight": c.weight}
            for c in contest.criteria[:CRITERIA_ROWS]
        ],
        "opens_at": to_seoul(contest.opens_at),
        "closes_at": to_seoul(contest.closes_at),
        "results_at": to_seoul(contest.results_at),
    }


# --- moving the deadline ------------------------------------------------------------------------


class CloseEarlyForm(SiteForm):
    reason = reason_field()


class ExtendDeadlineForm(SiteForm):
    closes_at = seoul_datetime(_l("New deadline"), _l("Enter the new deadline."))
    reason = reason_field()


# --- reviewers ----------------------------------------------------------------------------------


class AssignReviewerForm(SiteForm):
    email = EmailField(
        _l("The reviewer's email address"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Enter the email address of the reviewer's account.")),
            Email(message=_l("Enter a valid email address."), check_deliverability=False),
            at_most(254),
        ],
    )
