"""Didimdol's forms. Every one derives from SiteForm (no resident registration numbers in any
text); the ones that create something send once (SubmittedOnce)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.areas.models import Area
from app.categories.models import Category
from app.clock import seoul_today
from app.consents.models import ConsentMethod
from app.didimdol import business_numbers
from app.didimdol.models import EnrolmentStatus, Pledge, PledgeKind, PledgeStatus, TargetGroup
from app.forms import DayField, SiteForm, WholeNumberField, at_most, optional_int, strip
from app.labels import label
from app.organisations.models import Organisation
from app.submissions import SubmittedOnce


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def target_group_field(text) -> CheckboxesField:
    return CheckboxesField(
        text, validators=[InputRequired(message=_l("Choose at least one group."))]
    )


def _group_choices() -> list[SelectChoice]:
    return [SelectChoice(g.value, label(g)) for g in TargetGroup]


class EnrolForm(SubmittedOnce, SiteForm):
    business_number = StringField(
        _l("Business registration number"),
        filters=[strip],
        validators=[InputRequired(message=_l("Enter the business registration number."))],
    )

    def validate_business_number(self, field) -> None:
        if not business_numbers.is_valid(field.data or ""):
            raise ValidationError(
                _l("This is not a valid business registration number: check its 10 digits.")
            )
        field.data = business_numbers.digits_of(field.data)


class EnrolmentDecisionForm(SiteForm):
    status = HiddenField(validators=[InputRequired()])
    note = StringField(_l("Note (optional)"), filters=[strip], validators=[at_most(500)])

    def validate_status(self, field) -> None:
        if field.data not in {s.value for s in EnrolmentStatus} - {EnrolmentStatus.REQUESTED}:
            raise ValidationError(_l("Choose what to do with the enrolment."))


class PledgeForm(SubmittedOnce, SiteForm):
    category = SelectField(
        _l("Category"),
        coerce=optional_int,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the category."))],
    )
    kind = RadioField(
        _l("Goods or service"),
        choices=[(k.value, k.value) for k in PledgeKind],
        validators=[InputRequired(message=_l("Say whether it is goods or a service."))],
    )
    unit = StringField(
        _l("What one unit is"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Say what one unit is, e.g. a haircut.")),
            at_most(80),
        ],
    )
    unit_value = WholeNumberField(
        _l("Value of one unit (won)"),
        validators=[
            InputRequired(message=_l("Enter the value of one unit in won.")),
            NumberRange(min=1, max=10_000_000, message=_l("Enter between 1 and 10,000,000 won.")),
        ],
    )
    monthly_capacity = WholeNumberField(
        _l("Units a month"),
        validators=[
            InputRequired(message=_l("Enter how many units you give a month.")),
            NumberRange(min=1, max=10_000, message=_l("Enter between 1 and 10,000.")),
        ],
    )
    target_groups = target_group_field(_l("Who may use it"))
    dongs = CheckboxesField(_l("Dongs served"), coerce=int, validate_choice=False)
    valid_from = DayField(
        _l("First valid day"), validators=[InputRequired(message=_l("Enter the first day."))]
    )
    valid_until = DayField(
        _l("Last valid day"), validators=[InputRequired(message=_l("Enter the last day."))]
    )
    how_to_redeem = TextAreaField(_l("How to redeem"), filters=[strip], validators=[at_most(1000)])

    def __init__(self, *args, categories: list[Category], dongs: list[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._categories = {c.id: c for c in categories}
        self._dongs = {d.id: d for d in dongs}
        self.category.choices = [SelectChoice("", _l("Choose a category"))] + [
            SelectChoice(str(c.id), c.name) for c in categories
        ]
        self.kind.choices = [SelectChoice(k.value, label(k)) for k in PledgeKind]
        self.target_groups.choices = _group_choices()
        self.dongs.choices = [SelectChoice(str(d.id), d.name) for d in dongs]

    def validate_category(self, field) -> None:
        if field.data not in self._categories:
            raise ValidationError(_l("Choose the category."))

    def validate_dongs(self, field) -> None:
        if not field.data or any(i not in self._dongs for i in field.data):
            raise ValidationError(_l("Choose the dongs where the voucher may be used."))

    @property
    def chosen_category(self) -> Category:
        return self._categories[self.category.data]

    @property
    def chosen_dongs(self) -> list[Area]:
        return [self._dongs[i] for i in self.dongs.data]


class PledgeStepForm(SiteForm):
    status = HiddenField(validators=[InputRequired()])

    def validate_status(self, field) -> None:
        if field.data not in {s.value for s in PledgeStatus} - {PledgeStatus.DRAFT}:
            raise ValidationError(_l("Choose what to do with the pledge."))


class DesignateForm(SubmittedOnce, SiteForm):
    organisation = SelectField(
        _l("Welfare organisation"),
        coerce=optional_int,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the organisation."))],
    )
    monthly_quota = WholeNumberField(
        _l("Vouchers a month"),
        validators=[
            InputRequired(message=_l("Enter the monthly quota.")),
            NumberRange(min=0, max=100_000, message=_l("Enter between 0 and 100,000.")),
        ],
    )
    dongs = CheckboxesField(_l("Dongs served"), coerce=int, validate_choice=False)

    def __init__(self, *args, organisations: list[Organisation], dongs: list[Area], **kwargs):
        super().__init__(*args, **kwargs)
        self._organisations = {o.id: o for o in organisations}
        self._dongs = {d.id: d for d in dongs}
        self.organisation.choices = [SelectChoice("", _l("Choose an organisation"))] + [
            SelectChoice(str(o.id), o.name) for o in organisations
        ]
        self.dongs.choices = [SelectChoice(str(d.id), d.name) for d in dongs]

    def validate_organisation(self, field) -> None:
        if field.data not in self._organisations:
            raise ValidationError(_l("Choose a verified welfare organisation."))

    def validate_dongs(self, field) -> None:
        if not field.data or any(i not in self._dongs for i in field.data):
            raise ValidationError(_l("Choose the dongs the facility serves."))

    @property
    def chosen_organisation(self) -> Organisation:
        return self._organisations[self.organisation.data]

    @property
    def chosen_dongs(self) -> list[Area]:
        return [self._dongs[i] for i in self.dongs.data]


CONSENT_METHODS = (
    ConsentMethod.SIGNED_PAPER,
    ConsentMethod.VERBAL_WITNESSED,
    ConsentMethod.BY_GUARDIAN,
)


class BeneficiaryForm(SubmittedOnce, SiteForm):
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[InputRequired(message=_l("Enter the person's name.")), at_most(80)],
    )
    phone = StringField(
        _l("Phone (optional)"),
        filters=[strip],
        validators=[
            Optional(),
            Regexp(r"^[0-9+\- ]{9,20}$", message=_l("Enter a phone number such as 010-1234-5678.")),
        ],
    )
    birth_year = WholeNumberField(
        _l("Year of birth"),
        validators=[InputRequired(message=_l("Enter the year of birth, such as 1948."))],
    )
    target_groups = target_group_field(_l("Groups the person belongs to"))
    consent_method = RadioField(
        _l("How consent to collecting these details was given"),
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
        self.target_groups.choices = _group_choices()
        self.consent_method.choices = [SelectChoice(m.value, label(m)) for m in CONSENT_METHODS]

    def validate_birth_year(self, field) -> None:
        if field.data is not None and not 1900 <= field.data <= seoul_today().year:
            raise ValidationError(_l("Enter a year of birth between 1900 and this year."))

    def validate_guardian_relationship(self, field) -> None:
        if self.consent_method.data == ConsentMethod.BY_GUARDIAN and not field.data:
            raise ValidationError(_l("Say who the guardian is to the person, e.g. mother."))

    def validate_consent_given_on(self, field) -> None:
        if field.data is not None and field.data > seoul_today():
            raise ValidationError(_l("The day consent was given cannot be in the future."))


class IssueForm(SubmittedOnce, SiteForm):
    pledge = SelectField(
        _l("Service or goods"),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose what the voucher is for."))],
    )
    units = WholeNumberField(
        _l("Units"),
        default=1,
        validators=[
            InputRequired(message=_l("Enter how many units.")),
            NumberRange(min=1, max=10, message=_l("Enter between 1 and 10.")),
        ],
    )
    valid_until = DayField(
        _l("Last valid day"), validators=[InputRequired(message=_l("Enter the last valid day."))]
    )
    pin = PasswordField(
        _l("PIN (optional, 4 to 6 digits)"),
        validators=[Optional(), Regexp(r"^\d{4,6}$", message=_l("A PIN is 4 to 6 digits."))],
    )

    def __init__(self, *args, pledges: list[Pledge], categories: list[Category], **kwargs):
        super().__init__(*args, **kwargs)
        self._pledges = {f"p{p.id}": p for p in pledges}
        self._categories = {f"c{c.id}": c for c in categories}
        self.pledge.choices = (
            [SelectChoice("", _l("Choose a service or goods"))]
            + [
                SelectChoice(key, f"{p.unit} · {p.enrolment.organisation.name}")
                for key, p in self._pledges.items()
            ]
            + [
                SelectChoice(key, _l("Any of: %(category)s", category=c.name))
                for key, c in self._categories.items()
            ]
        )

    def validate_pledge(self, field) -> None:
        if field.data not in self._pledges and field.data not in self._categories:
            raise ValidationError(_l("Choose what the voucher is for."))

    @property
    def chosen(self) -> tuple[Pledge | None, Category | None]:
        return self._pledges.get(self.pledge.data), self._categories.get(self.pledge.data)


class CodeForm(SiteForm):
    code = StringField(
        _l("Voucher code"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Type the code printed on the voucher.")),
            at_most(60),
        ],
    )


class RedeemForm(CodeForm):
    pin = PasswordField(_l("PIN"), validators=[at_most(6)])


class ReverseForm(SiteForm):
    reason = TextAreaField(
        _l("Why the redemption is reversed"),
        filters=[strip],
        validators=[InputRequired(message=_l("Say in a few words why.")), at_most(500)],
    )


class CancelForm(SiteForm):
    reason = TextAreaField(
        _l("Why the voucher is cancelled"),
        filters=[strip],
        validators=[InputRequired(message=_l("Say in a few words why.")), at_most(500)],
    )
