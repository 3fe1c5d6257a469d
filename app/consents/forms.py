"""The staff's forms: record a consent given on paper or aloud, ask for an override."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from app.consents.models import ConsentMethod, ConsentPurpose, LegalBasis
from app.forms import DayField, SiteForm, at_most, optional_int, strip
from app.labels import label
from app.organisations.models import Organisation
from app.submissions import SubmittedOnce


class _ConsentFields(SubmittedOnce, SiteForm):
    purpose = RadioField(
        _l("Purpose"),
        validators=[InputRequired(message=_l("Choose the purpose."))],
        validate_choice=False,
    )
    recipient = SelectField(
        _l("Organisation it is provided to (for a provision only)"),
        coerce=optional_int,
        validate_choice=False,
        invalid_value_message=_l("Choose an organisation from the list."),
    )
    valid_until = DayField(_l("Valid until (optional)"), validators=[Optional()])

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.purpose.choices = [SelectChoice(p.value, label(p)) for p in ConsentPurpose]
        self.recipient.choices = [SelectChoice("", _l("None"))] + [
            SelectChoice(str(o.id), o.name) for o in organisations
        ]
        self._organisations = {o.id: o for o in organisations}

    def validate_purpose(self, field) -> None:
        if field.data not in {p.value for p in ConsentPurpose}:
            raise ValidationError(_l("Choose the purpose."))

    def validate_recipient(self, field) -> None:
        if field.data is not None and field.data not in self._organisations:
            raise ValidationError(_l("Choose an organisation from the list."))

    @property
    def chosen_recipient(self) -> Organisation | None:
        return self._organisations.get(self.recipient.data) if self.recipient.data else None


class ConsentForm(_ConsentFields):
    method = RadioField(
        _l("How it was given"),
        validators=[InputRequired(message=_l("Choose how consent was given."))],
        validate_choice=False,
    )
    guardian_relationship = StringField(
        _l("The guardian's relationship to the person (under 14 only)"),
        filters=[strip],
        validators=[at_most(80)],
    )
    notice_version = StringField(
        _l("Version of the notice they were given"),
        filters=[strip],
        validators=[InputRequired(message=_l("Name the notice they read.")), at_most(40)],
    )
    given_on = DayField(
        _l("The day consent was given"),
        validators=[InputRequired(message=_l("Enter the day consent was given."))],
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        self.method.choices = [SelectChoice(m.value, label(m)) for m in ConsentMethod]

    def validate_method(self, field) -> None:
        if field.data not in {m.value for m in ConsentMethod}:
            raise ValidationError(_l("Choose how consent was given."))


class OverrideForm(_ConsentFields):
    legal_basis = RadioField(
        _l("Legal basis"),
        validators=[InputRequired(message=_l("Choose the legal basis."))],
        validate_choice=False,
    )
    legal_basis_note = TextAreaField(
        _l("Why this basis applies here"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Say in a few words why the basis applies.")),
            at_most(2000),
        ],
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        self.legal_basis.choices = [SelectChoice(b.value, label(b)) for b in LegalBasis]

    def validate_legal_basis(self, field) -> None:
        if field.data not in {b.value for b in LegalBasis}:
            raise ValidationError(_l("Choose the legal basis."))
