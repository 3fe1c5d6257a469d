"""The give-back forms: the person's consent to recording their volunteering, and one record."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, ValidationError

from app.clock import seoul_today
from app.consents.models import ConsentMethod
from app.didimdol.forms import CONSENT_METHODS
from app.didimdol.giveback_models import MAX_HOURS, VolunteerActivity
from app.forms import DayField, SiteForm, WholeNumberField, at_most, strip
from app.labels import label
from app.submissions import SubmittedOnce


class VolunteeringConsentForm(SubmittedOnce, SiteForm):
    consent_method = RadioField(
        _l("How consent to recording volunteering was given"),
        validators=[InputRequired(message=_l("Say how consent was given."))],
    )
    guardian_relationship = StringField(
        _l("The guardian's relationship (under 14)"), filters=[strip], validators=[at_most(80)]
    )
    consent_given_on = DayField(
        _l("Day consent was given"),
        validators=[InputRequired(message=_l("Enter the day consent was given."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.consent_method.choices = [SelectChoice(m.value, label(m)) for m in CONSENT_METHODS]

    def validate_guardian_relationship(self, field) -> None:
        if self.consent_method.data == ConsentMethod.BY_GUARDIAN and not field.data:
            raise ValidationError(_l("Say who the guardian is to the person, e.g. mother."))

    def validate_consent_given_on(self, field) -> None:
        if field.data is not None and field.data > seoul_today():
            raise ValidationError(_l("The day consent was given cannot be in the future."))


class VolunteeringForm(SubmittedOnce, SiteForm):
    done_on = DayField(
        _l("Day of the volunteering"),
        validators=[InputRequired(message=_l("Enter the day of the volunteering."))],
    )
    hours = WholeNumberField(
        _l("Hours (whole hours)"),
        validators=[
            InputRequired(message=_l("Enter the hours, such as 2.")),
            NumberRange(1, MAX_HOURS, message=_l("Enter from 1 to 12 hours.")),
        ],
    )
    activity = SelectField(
        _l("Kind of activity"),
        validators=[InputRequired(message=_l("Choose the kind of activity."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.activity.choices = [SelectChoice(a.value, label(a)) for a in VolunteerActivity]
