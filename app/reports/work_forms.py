"""The dong's forms on a report and in the inbox: triage, assign (one or many), close with an
outcome. Acknowledging needs no form of its own but the CSRF token (app.forms.SiteForm)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from app.accounts.models import User
from app.forms import SiteForm, WholeNumberField, at_most, optional_enum, optional_int, strip
from app.labels import label
from app.reports.models import ReportOutcome, TriageLevel

NOTE_LENGTH = 1000


def note_field(html_id: str):
    """The report's page has several forms with a note: each its own element id."""
    return TextAreaField(
        _l("Note (for the staff only)"),
        id=html_id,
        filters=[strip],
        validators=[Optional(), at_most(NOTE_LENGTH)],
    )


class TriageForm(SiteForm):
    level = RadioField(
        _l("Triage level"),
        coerce=optional_enum(TriageLevel),
        validators=[InputRequired(message=_l("Choose a triage level."))],
        invalid_choice_message=_l("Choose one of the listed levels."),
    )
    note = note_field("triage-note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels in the reader's language, at the time of the request.
        self.level.choices = [SelectChoice(v.value, label(v)) for v in TriageLevel]


class AcknowledgeForm(SiteForm):
    """ "I'm on it": the CSRF token only."""


def assignee_choices(staff: Sequence[User]) -> list[SelectChoice]:
    return [SelectChoice("", _l("Choose a staff member"))] + [
        SelectChoice(str(person.id), person.display_name) for person in staff
    ]


class AssignForm(SiteForm):
    assignee = SelectField(
        _l("Assign to"),
        coerce=optional_int,
        validators=[InputRequired(message=_l("Choose a staff member."))],
        validate_choice=False,  # the service refuses anyone not staff of the report's area
    )

    def __init__(self, *args, staff: Sequence[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.assignee.choices = assignee_choices(staff)


class BulkAssignForm(AssignForm):
    reports = SelectMultipleField(
        _l("Reports"),
        coerce=int,
        validators=[InputRequired(message=_l("Tick at least one report."))],
        validate_choice=False,  # each is loaded with the staff member's rule, or refused
    )


class CloseForm(SiteForm):
    outcome = RadioField(
        _l("Outcome"),
        coerce=optional_enum(ReportOutcome),
        validators=[InputRequired(message=_l("Choose the outcome."))],
        invalid_choice_message=_l("Choose one of the listed outcomes."),
    )
    merged_into = WholeNumberField(
        _l("Number of the report it duplicates"),
        validators=[Optional()],
        not_a_number=_l("Enter the report's number, such as 12."),
    )
    note = note_field("close-note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [SelectChoice(v.value, label(v)) for v in ReportOutcome]
