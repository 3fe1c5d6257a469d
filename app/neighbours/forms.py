"""The staff's forms: appoint a neighbour, renew a term, revoke an appointment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, ValidationError

from app.areas.models import Area
from app.forms import DayField, SiteForm, at_most, optional_int, strip
from app.labels import label
from app.neighbours.models import NeighbourKind
from app.submissions import SubmittedOnce


class AppointForm(SubmittedOnce, SiteForm):
    email = EmailField(
        _l("The neighbour's account email"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Enter the email address of the neighbour's account.")),
            Email(message=_l("Enter a valid email address.")),
            at_most(254),
        ],
    )
    dong = SelectField(
        _l("Dong"),
        coerce=optional_int,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the dong."))],
    )
    kind = RadioField(
        _l("Kind of neighbour"),
        validators=[InputRequired(message=_l("Choose the kind of neighbour."))],
        validate_choice=False,
    )
    kind_other = StringField(
        _l("Kind, in words (for Other)"), filters=[strip], validators=[at_most(80)]
    )
    term_starts_on = DayField(
        _l("First day of the term"),
        validators=[InputRequired(message=_l("Enter the first day of the term."))],
    )
    term_ends_on = DayField(
        _l("Last day of the term"),
        validators=[InputRequired(message=_l("Enter the last day of the term."))],
    )
    pledge_signed_on = DayField(
        _l("Day the confidentiality pledge was signed"),
        validators=[InputRequired(message=_l("Enter the day the pledge was signed."))],
    )
    pledge_version = StringField(
        _l("Version of the pledge text"),
        filters=[strip],
        validators=[InputRequired(message=_l("Name the pledge text they signed.")), at_most(40)],
    )

    def __init__(self, *args, dongs: list[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._dongs = {d.id: d for d in dongs}
        self.dong.choices = [SelectChoice("", _l("Choose a dong"))] + [
            SelectChoice(str(d.id), d.name) for d in dongs
        ]
        self.kind.choices = [SelectChoice(k.value, label(k)) for k in NeighbourKind]

    def validate_dong(self, field) -> None:
        if field.data not in self._dongs:
            raise ValidationError(_l("Choose one of your dongs."))

    def validate_kind(self, field) -> None:
        if field.data not in {k.value for k in NeighbourKind}:
            raise ValidationError(_l("Choose the kind of neighbour."))

    @property
    def chosen_dong(self) -> Area:
        return self._dongs[self.dong.data]


class RenewForm(SiteForm):
    term_ends_on = DayField(
        _l("New last day of the term"),
        validators=[InputRequired(message=_l("Enter the new last day of the term."))],
    )


class RevokeForm(SiteForm):
    reason = TextAreaField(
        _l("Why the appointment is revoked"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Say in a few words why it is revoked.")),
            at_most(500),
        ],
    )
