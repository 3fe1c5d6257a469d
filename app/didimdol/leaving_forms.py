"""The forms of a beneficiary leaving the facility and of their consent's withdrawal."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.clock import seoul_today
from app.didimdol.models import LeftReason
from app.forms import DayField, SiteForm
from app.labels import label

# What an officer may choose; the withdrawal's reasons are set by the withdrawal itself.
CHOSEN_REASONS = (
    LeftReason.MOVED_AWAY,
    LeftReason.NO_LONGER_ELIGIBLE,
    LeftReason.DIED,
    LeftReason.OTHER,
)
SAID_BY = (
    SelectChoice("person", _l("The person")),
    SelectChoice("guardian", _l("Their legal guardian")),
)


def _not_in_the_future(field) -> None:
    if field.data is not None and field.data > seoul_today():
        raise ValidationError(_l("The day cannot be in the future."))


class LeftForm(SiteForm):
    left_on = DayField(
        _l("Day the person left"),
        validators=[InputRequired(message=_l("Enter the day the person left."))],
    )
    reason = RadioField(
        _l("Why"), validators=[InputRequired(message=_l("Choose why the person left."))]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reason.choices = [SelectChoice(r.value, label(r)) for r in CHOSEN_REASONS]

    def validate_left_on(self, field) -> None:
        _not_in_the_future(field)


class WithdrawConsentForm(SiteForm):
    said_on = DayField(
        _l("Day the consent was withdrawn"),
        validators=[InputRequired(message=_l("Enter the day the consent was withdrawn."))],
    )
    said_by = RadioField(
        _l("Who withdrew it"),
        choices=list(SAID_BY),
        validators=[InputRequired(message=_l("Say who withdrew the consent."))],
    )

    def validate_said_on(self, field) -> None:
        _not_in_the_future(field)
