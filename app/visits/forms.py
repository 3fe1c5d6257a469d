"""The forms of visits and rounds (sweeps' forms are in sweep_forms.py)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.accounts.models import User
from app.forms import DayField, SiteForm, at_most, optional_int, strip
from app.labels import label
from app.reports.models import Report
from app.submissions import SubmittedOnce
from app.visits.models import VisitKind, VisitOutcome
from app.visits.services import AMENDABLE

NOTES_LENGTH = 2000
REASON_LENGTH = 500


def outcome_choices() -> list[SelectChoice]:
    return [SelectChoice(o.value, label(o)) for o in VisitOutcome]


class OutcomeForm(SiteForm):
    outcome = RadioField(
        _l("Outcome"),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose what came of the visit."))],
    )
    notes = TextAreaField(_l("Notes"), filters=[strip], validators=[at_most(NOTES_LENGTH)])
    next_visit_on = DayField(_l("Next visit (optional)"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.outcome.choices = outcome_choices()

    def validate_outcome(self, field) -> None:
        if field.data not in {o.value for o in VisitOutcome}:
            raise ValidationError(_l("Choose what came of the visit."))


class AmendmentForm(SiteForm):
    field = SelectField(_l("What to correct"), validate_choice=False)
    # The outcome is chosen from its names; notes and the next visit's day are typed.
    new_outcome = SelectField(_l("Correct outcome"), validate_choice=False)
    new_value = TextAreaField(
        _l("Correct notes or next visit"),
        filters=[strip],
        validators=[at_most(NOTES_LENGTH)],
    )
    reason = StringField(
        _l("Why it is corrected"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Say why the record is corrected: it is kept with it.")),
            at_most(REASON_LENGTH),
        ],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        names = {
            "outcome": _l("Outcome"),
            "notes": _l("Notes"),
            "next_visit_on": _l("Next visit"),
        }
        self.field.choices = [SelectChoice(f, names[f]) for f in AMENDABLE]
        self.new_outcome.choices = [SelectChoice("", _l("Choose an outcome"))] + [
            SelectChoice(o.value, label(o)) for o in VisitOutcome
        ]

    @property
    def corrected_value(self) -> str:
        if self.field.data == "outcome":
            return self.new_outcome.data or ""
        return self.new_value.data or ""

    def validate_new_outcome(self, field) -> None:
        if self.field.data == "outcome" and field.data not in {o.value for o in VisitOutcome}:
            raise ValidationError(_l("Choose the correct outcome."))

    def validate_field(self, field) -> None:
        if field.data not in AMENDABLE:
            raise ValidationError(_l("Choose what to correct."))

    def validate_new_value(self, field) -> None:
        value = field.data or ""
        if self.field.data == "next_visit_on" and value:
            try:
                datetime.strptime(value, "%Y-%m-%d")
            except ValueError as error:
                raise ValidationError(_l("Write the day as year-month-day.")) from error


class PlanVisitForm(SubmittedOnce, SiteForm):
    report_id = SelectField(
        _l("Report"),
        coerce=optional_int,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose a report of this dong."))],
    )
    kind = SelectField(_l("Kind of visit"), validate_choice=False)

    def __init__(self, *args, reports: list[Report], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._reports = {r.id: r for r in reports}
        self.report_id.choices = [SelectChoice("", _l("Choose a report"))] + [
            SelectChoice(str(r.id), _l("Report %(number)s", number=r.id)) for r in reports
        ]
        self.kind.choices = [SelectChoice(k.value, label(k)) for k in VisitKind]

    def validate_report_id(self, field) -> None:
        if field.data not in self._reports:
            raise ValidationError(_l("Choose a report of this dong."))

    def validate_kind(self, field) -> None:
        if field.data not in {k.value for k in VisitKind}:
            raise ValidationError(_l("Choose the kind of visit."))

    @property
    def chosen_report(self) -> Report:
        return self._reports[self.report_id.data]


class AssignForm(SiteForm):
    visitors = SelectMultipleField(
        _l("Visitors"),
        coerce=int,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def __init__(self, *args, people: list[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._people = {p.id: p for p in people}
        self.visitors.choices = [SelectChoice(p.id, p.display_name) for p in people]

    def validate_visitors(self, field) -> None:
        if any(i not in self._people for i in field.data or []):
            raise ValidationError(_l("Choose visitors who work in this dong."))

    @property
    def chosen(self) -> list[User]:
        return [self._people[i] for i in self.visitors.data or []]


class DownloadForm(SiteForm):
    reason = StringField(
        _l("Why you need this printout"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Say why you download it: the access log keeps it.")),
            at_most(REASON_LENGTH),
        ],
    )
