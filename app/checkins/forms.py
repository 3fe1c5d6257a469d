"""The check-in groups' forms: a group, a member, and the host's day of check-ins (phone
first: one column, a big yes/no per member)."""

from __future__ import annotations

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from app.areas.models import Area
from app.checkins.models import DEFAULT_MISSED_LIMIT, Cadence, CheckinMember
from app.consents.models import ConsentMethod
from app.forms import DayField, SiteForm, WholeNumberField, at_most, optional_enum, strip
from app.labels import label
from app.pins.forms import latitude_field, longitude_field
from app.reports.forms import CheckboxesField
from app.submissions import SubmittedOnce

# How a member's consent may be taken at the dong office (not online: they have no account).
MEMBER_CONSENT_METHODS = (
    ConsentMethod.SIGNED_PAPER,
    ConsentMethod.VERBAL_WITNESSED,
    ConsentMethod.BY_GUARDIAN,
)


class GroupForm(SubmittedOnce, SiteForm):
    name = StringField(
        _l("Name of the group"),
        filters=[strip],
        validators=[DataRequired(message=_l("Name the group.")), at_most(80)],
    )
    dong = SelectField(
        _l("Dong"),
        coerce=lambda value: int(value) if str(value).isdigit() else None,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the dong."))],
    )
    longitude = longitude_field()
    latitude = latitude_field()
    cadence = RadioField(
        _l("How often do members check in?"),
        coerce=optional_enum(Cadence),
        validators=[InputRequired(message=_l("Choose how often members check in."))],
        invalid_choice_message=_l("Choose how often members check in."),
    )
    weekdays = CheckboxesField(_l("On which weekdays (for a weekly group)?"), coerce=int)
    missed_limit = WholeNumberField(
        _l("Missed check-ins in a row that raise a welfare check"),
        default=DEFAULT_MISSED_LIMIT,
        validators=[
            InputRequired(message=_l("Enter a number from 1 to 14.")),
            NumberRange(1, 14, message=_l("Enter a number from 1 to 14.")),
        ],
    )
    host_email = EmailField(
        _l("The host's account email (optional)"),
        filters=[strip],
        validators=[Optional(), Email(message=_l("Enter a valid email address.")), at_most(254)],
    )

    def __init__(self, *args, dongs: list[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._dongs = {d.id: d for d in dongs}
        self.dong.choices = [SelectChoice("", _l("Choose a dong"))] + [
            SelectChoice(str(d.id), d.name) for d in dongs
        ]
        self.cadence.choices = [SelectChoice(c.value, label(c)) for c in Cadence]
        days = get_day_names("wide", locale=get_locale())
        self.weekdays.choices = [SelectChoice(day, days[day]) for day in range(7)]

    def validate_dong(self, field) -> None:
        if field.data not in self._dongs:
            raise ValidationError(_l("Choose one of your dongs."))

    def validate_weekdays(self, field) -> None:
        if any(day not in range(7) for day in field.data or []):
            raise ValidationError(_l("Choose weekdays from the list."))

    @property
    def chosen_dong(self) -> Area:
        return self._dongs[self.dong.data]


class MemberForm(SubmittedOnce, SiteForm):
    label = StringField(
        _l("Label shown in lists"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Give the member a label, e.g. Member 3.")),
            at_most(40),
        ],
    )
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter the member's name.")), at_most(80)],
    )
    phone = StringField(
        _l("Phone number (optional)"), filters=[strip], validators=[Optional(), at_most(40)]
    )
    consent_method = RadioField(
        _l("How did the member agree?"),
        coerce=optional_enum(ConsentMethod),
        validators=[InputRequired(message=_l("Choose how the member agreed."))],
        invalid_choice_message=_l("Choose how the member agreed."),
    )
    consent = BooleanField(
        _l(
            "The member agreed that the dong office keeps their name and phone to check on "
            "them, and that missed check-ins are reported to the dong office."
        ),
        validators=[DataRequired(message=_l("A member joins only with their consent."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.consent_method.choices = [
            SelectChoice(m.value, label(m)) for m in MEMBER_CONSENT_METHODS
        ]


class CheckinDayForm(SiteForm):
    """One day's check-ins: a yes/no radio per member, named `seen-<member id>`."""

    day = DayField(_l("Day"), validators=[InputRequired(message=_l("Enter the day."))])

    def seen_by_member(self, members: list[CheckinMember], formdata) -> dict[int, bool]:
        """The members whose yes or no was sent (a member left blank is not recorded)."""
        answers: dict[int, bool] = {}
        for member in members:
            value = formdata.get(f"seen-{member.id}")
            if value in ("yes", "no"):
                answers[member.id] = value == "yes"
        return answers
