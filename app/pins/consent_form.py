"""The need form's questions about whom the need is for, and that person's consent.

A mixin of PinForm (app.pins.forms), kept apart so each module stays readable. The neighbour's
fields are required only when the need is for a neighbour.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.clock import seoul_today
from app.forms import at_most, strip
from app.labels import label
from app.pins.consent import ConsentDetails
from app.pins.models import ConsentChannel, ConsentRelationship, NeedConsent

FOR_ME, FOR_A_NEIGHBOUR = "me", "neighbour"
# Consent is a person's word at one moment; a month on, their situation or mind may have
# changed, so an older yes is asked again rather than relied on.
CONSENT_MAX_AGE_DAYS = 30


class NeighbourConsentFields:
    """Fields and checks for a need posted for someone else (needs only)."""

    for_whom = RadioField(
        _l("This need is for"),
        choices=[
            SelectChoice(FOR_ME, _l("Me")),
            SelectChoice(FOR_A_NEIGHBOUR, _l("A neighbour I am helping to ask")),
        ],
        validators=[InputRequired(message=_l("Say whether this need is yours or a neighbour's."))],
        validate_choice=False,  # a made-up value gets the same message, below
    )
    consent_relation = RadioField(
        _l("Your relationship to them"),
        validate_choice=False,  # checked below, only for a neighbour
    )
    consent_relation_other = StringField(
        _l("Your relationship, in a few words"), filters=[strip], validators=[at_most(80)]
    )
    consent_channel = RadioField(
        _l("How they agreed"),
        validate_choice=False,
    )
    consent_confirmed = BooleanField(_l("They agreed to this need being posted on the map"))

    consent_max_age_days = CONSENT_MAX_AGE_DAYS  # for the form's hint
    # PinForm declares it (a DayField) beside its other dates; annotated here for the checks.
    consent_given_on: DateField
    _consent_on_record: date | None = None

    def prepare_consent_fields(self, on_record: NeedConsent | None) -> None:
        """Name the choices in the reader's language; remember the day on record."""
        relations = ConsentRelationship
        self.consent_relation.choices = [SelectChoice(r.value, label(r)) for r in relations]
        self.consent_channel.choices = [SelectChoice(c.value, label(c)) for c in ConsentChannel]
        self._consent_on_record = on_record.given_on if on_record is not None else None

    @property
    def for_a_neighbour(self) -> bool:
        return getattr(self, "for_whom", None) is not None and self.for_whom.data == FOR_A_NEIGHBOUR

    def validate_for_whom(self, field) -> None:
        if field.data not in (FOR_ME, FOR_A_NEIGHBOUR):
            raise ValidationError(_l("Say whether this need is yours or a neighbour's."))

    def validate_consent_relation(self, field) -> None:
        if not self.for_a_neighbour:
            return
        if field.data not in {member.value for member in ConsentRelationship}:
            raise ValidationError(_l("Choose how you know the person you post for."))

    def validate_consent_relation_other(self, field) -> None:
        if self.for_a_neighbour and self.consent_relation.data == "other" and not field.data:
            raise ValidationError(_l("Say in a few words how you know them."))

    def validate_consent_channel(self, field) -> None:
        if not self.for_a_neighbour:
            return
        if field.data not in {member.value for member in ConsentChannel}:
            raise ValidationError(_l("Choose how they agreed."))

    def validate_consent_given_on(self, field) -> None:
        if not self.for_a_neighbour:
            return
        given: date | None = field.data
        if given is None:
            if not field.errors:  # a date that did not parse has said so already
                raise ValidationError(_l("Enter the day they agreed."))
            return
        today = seoul_today()
        if given > today:
            raise ValidationError(_l("The day they agreed cannot be in the future."))
        # A day already on record is kept as it is: editing the need's words later must not
        # force a new consent (the record keeps its age for staff to see).
        if given == self._consent_on_record:
            return
        if given < today - timedelta(days=CONSENT_MAX_AGE_DAYS):
            raise ValidationError(
                _l(
                    "Their agreement is more than %(days)s days old: circumstances change, so "
                    "ask them again and enter that day.",
                    days=CONSENT_MAX_AGE_DAYS,
                )
            )

    def validate_consent_confirmed(self, field) -> None:
        if self.for_a_neighbour and not field.data:
            raise ValidationError(
                _l("Tick this only if they agreed. Without their agreement, do not post it.")
            )

    def consent_details(self) -> ConsentDetails | None:
        if not self.for_a_neighbour:
            return None
        return ConsentDetails(
            relation=ConsentRelationship(self.consent_relation.data),
            channel=ConsentChannel(self.consent_channel.data),
            given_on=self.consent_given_on.data,
            relation_other=self.consent_relation_other.data or "",
        )


def consent_initial_values(consent: NeedConsent | None) -> dict:
    """The questions answered as on record (a need with no record is the author's own)."""
    if consent is None:
        return {"for_whom": FOR_ME}
    return {
        "for_whom": FOR_A_NEIGHBOUR,
        "consent_relation": consent.relation.value,
        "consent_relation_other": consent.relation_other,
        "consent_channel": consent.channel.value,
        "consent_given_on": consent.given_on,
        "consent_confirmed": True,
    }


CONSENT_FIELDS = (
    "for_whom",
    "consent_relation",
    "consent_relation_other",
    "consent_channel",
    "consent_given_on",
    "consent_confirmed",
)
