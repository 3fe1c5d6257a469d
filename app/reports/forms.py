"""The report form (phone first: one column, big choices) and the staff's status form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import SiteForm, at_most, optional_enum, strip
from app.labels import label
from app.photos import PHOTO_INPUT, PhotoError, PreparedPhoto, prepare_photo
from app.pins.forms import latitude_field, longitude_field
from app.reports.models import (
    NEXT_STATUSES,
    CrisisType,
    Report,
    ReportAbout,
    ReportStatus,
    Urgency,
)
from app.reports.services import ReportDetails
from app.submissions import SubmittedOnce


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (a phone shows a long select badly)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ReportForm(SubmittedOnce, SiteForm):
    about = RadioField(
        _l("Who is this about?"),
        coerce=optional_enum(ReportAbout),
        validators=[InputRequired(message=_l("Choose whether it is about you or a neighbour."))],
        invalid_choice_message=_l("Choose whether it is about you or a neighbour."),
    )
    crisis_types = CheckboxesField(
        _l("What is the difficulty? Choose all that apply."),
        coerce=CrisisType,
        validators=[DataRequired(message=_l("Choose at least one kind of difficulty."))],
    )
    urgency = RadioField(
        _l("How urgent is it?"),
        coerce=optional_enum(Urgency),
        validators=[InputRequired(message=_l("Choose how urgent it is."))],
        invalid_choice_message=_l("Choose how urgent it is."),
    )
    what_was_seen = TextAreaField(
        _l("What did you see or hear?"),
        filters=[strip],
        validators=[DataRequired(message=_l("Tell us briefly what you saw.")), at_most(4000)],
    )
    longitude = longitude_field()
    latitude = latitude_field()
    person_name = StringField(
        _l("Their name (optional)"), filters=[strip], validators=[Optional(), at_most(80)]
    )
    person_phone = StringField(
        _l("Their phone number (optional)"), filters=[strip], validators=[Optional(), at_most(40)]
    )
    reporter_contact = StringField(
        _l("How the community centre can reach you (optional)"),
        filters=[strip],
        validators=[Optional(), at_most(200)],
    )
    photo = FileField(
        _l("Photo (optional)"),
        widget=PHOTO_INPUT,
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
    agrees = BooleanField(
        _l("I agree that the community centre collects and uses what I write here to help me.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared_photo: PreparedPhoto | None = None
        self.about.choices = [SelectChoice(a.value, label(a)) for a in ReportAbout]
        self.crisis_types.choices = [SelectChoice(c.value, label(c)) for c in CrisisType]
        self.urgency.choices = [SelectChoice(u.value, label(u)) for u in Urgency]

    def validate_agrees(self, field) -> None:
        # About a neighbour there is nobody here to agree: the legal basis stands in for it.
        if self.about.data == ReportAbout.SELF and not field.data:
            raise ValidationError(
                _l("Tick the box to agree, or call 129 to ask for help without this form.")
            )

    def validate_photo(self, field) -> None:
        if not field.data:
            return
        try:
            self.prepared_photo = prepare_photo(field.data.stream)
        except PhotoError as error:
            raise ValidationError(error.message) from error

    def details(self) -> ReportDetails:
        return ReportDetails(
            about=self.about.data,
            crisis_types=list(self.crisis_types.data),
            urgency=self.urgency.data,
            what_was_seen=self.what_was_seen.data,
            lon=self.longitude.data,
            lat=self.latitude.data,
            person_name=self.person_name.data or "",
            person_phone=self.person_phone.data or "",
            reporter_contact=self.reporter_contact.data or "",
            photo=self.prepared_photo.data if self.prepared_photo else None,
        )


class TrackingForm(SiteForm):
    code = StringField(
        _l("Tracking code"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter the tracking code.")), at_most(40)],
    )


class StatusForm(SiteForm):
    status = RadioField(
        _l("New status"),
        coerce=optional_enum(ReportStatus),
        validators=[InputRequired(message=_l("Choose the new status."))],
        invalid_choice_message=_l("Choose one of the listed statuses."),
    )
    note = TextAreaField(
        _l("Note (for the staff only)"),
        filters=[strip],
        validators=[DataRequired(message=_l("Write a short note.")), at_most(1000)],
    )

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        # Closing asks for an outcome: the close form (app.reports.work_forms) does it.
        self.status.choices = [
            SelectChoice(s.value, label(s))
            for s in NEXT_STATUSES[report.status]
            if s != ReportStatus.CLOSED
        ]
