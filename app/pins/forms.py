"""Forms for needs and offers, and the list's filters."""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FloatField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import NumberInput

from app.accounts.models import User
from app.clock import seoul_today
from app.contact_details import NoContactDetails
from app.forms import (
    DayField,
    LongSelect,
    SiteForm,
    WholeNumberField,
    area_filter_choices,
    at_most,
    optional_int,
    search_words_field,
    strip,
)

# A module, not names: app.labels imports the models, whose packages import these forms.
from app.labels import label
from app.photos import PHOTO_INPUT, PhotoError, PreparedPhoto, prepare_photo
from app.pins.consent_form import CONSENT_FIELDS, NeighbourConsentFields, consent_initial_values
from app.pins.models import Pin, PinKind, PinStatus
from app.pins.services import (
    STATUS_FILTERS,
    PinDetails,
    PinFilters,
    categories_for,
    exact_point,
    organisations_offering_for,
)
from app.submissions import SubmittedOnce

# Degrees on Earth. Whether the place is served is for the imported areas to say
# (app.pins.services._place); no city is written here.
LONGITUDE_LIMITS = (-180.0, 180.0)
LATITUDE_LIMITS = (-90.0, 90.0)
MAX_QUANTITY = 100_000

# --- contact details in a need's text -----------------------------------------------------------


# For needs only: an offer's text may say how to reach the giver.
refuse_contact_details = NoContactDetails(
    _l(
        "Remove the phone number: everyone can read a need. People who want to help "
        "answer through this site."
    ),
    _l(
        "Remove the email address: everyone can read a need. People who want to help "
        "answer through this site."
    ),
    applies=lambda form: form.kind == PinKind.NEED,
)


# --- fields -------------------------------------------------------------------------------------


class CoordinateField(FloatField):
    """A longitude or latitude in decimal degrees, typed or filled in by the map."""

    widget = NumberInput(step="any")

    def __init__(self, label, axis: str, bounds: tuple[float, float], **kwargs):
        super().__init__(label, **kwargs)
        self.axis = axis
        self.bounds = bounds

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        raw = valuelist[0].strip().replace(",", ".")  # 126,97 from a comma-decimal keyboard
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):  # float() also accepts "nan" and "inf"
            self.data = None
            raise ValueError(self.not_a_number_message())
        self.data = value

    def not_a_number_message(self):
        if self.axis == "lon":
            return _l("Enter the longitude as a number in decimal degrees, such as 126.97791.")
        return _l("Enter the latitude as a number in decimal degrees, such as 37.56634.")

    def pre_validate(self, form):
        if self.data is None:
            return
        low, high = self.bounds
        if not low <= self.data <= high:
            if self.axis == "lon":
                message = _l(
                    "Enter a longitude between %(low)s and %(high)s.",
                    low=low,
                    high=high,
                )
            else:
                message = _l(
                    "Enter a latitude between %(low)s and %(high)s.",
                    low=low,
                    high=high,
                )
            raise ValidationError(message)


def longitude_field() -> CoordinateField:
    """The place's longitude, required: the map picker fills it (pins, reports)."""
    return CoordinateField(
        _l("Longitude"),
        axis="lon",
        bounds=LONGITUDE_LIMITS,
        validators=[
            InputRequired(message=_l("Choose the place on the map or enter its longitude."))
        ],
    )


def latitude_field() -> CoordinateField:
    """The place's latitude, required: the map picker fills it (pins, reports)."""
    return CoordinateField(
        _l("Latitude"),
        axis="lat",
        bounds=LATITUDE_LIMITS,
        validators=[
            InputRequired(message=_l("Choose the place on the map or enter its latitude."))
        ],
    )


# --- the pin form -------------------------------------------------------------------------------


class PinForm(NeighbourConsentFields, SubmittedOnce, SiteForm):
    """A need's or an offer's details. The kind is fixed before the form is shown."""

    category = SelectField(
        _l("Category"),
        coerce=optional_int,
        validators=[InputRequired(message=_l("Choose a category."))],
        invalid_value_message=_l("Choose one of the listed categories."),
        invalid_choice_message=_l("Choose one of the listed categories."),
    )
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Enter a title.")),
            at_most(120),
            refuse_contact_details,
        ],
    )
    description = TextAreaField(
        _l("Description (optional)"),
        filters=[strip],
        validators=[Optional(), at_most(4000), refuse_contact_details],
    )
    longitude = longitude_field()
    latitude = latitude_field()
    photo = FileField(
        _l("Photo (optional)"),
        widget=PHOTO_INPUT,
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
    remove_photo = BooleanField(_l("Remove the present photo"))
    # Off unless the author ticks it: see app.pins.privacy.
    text_shared = BooleanField(
        _l("Show my title and description to everyone, even where few needs are posted nearby")
    )
    quantity = WholeNumberField(
        _l("How many (optional)"),
        widget=NumberInput(min=1, max=MAX_QUANTITY, step=1),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_QUANTITY,
                message=_l("Enter a number from 1 to %(max)s.", max=f"{MAX_QUANTITY:,}"),
            ),
        ],
    )
    available_from = DayField(_l("Available from (optional)"), validators=[Optional()])
    available_until = DayField(_l("Available until (optional)"), validators=[Optional()])
    consent_given_on = DayField(_l("The day they agreed"))  # see NeighbourConsentFields
    organisation = SelectField(
        _l("Offered by"),
        coerce=optional_int,
        invalid_value_message=_l("Choose yourself or one of your organisations."),
        invalid_choice_message=_l("Choose yourself or one of your organisations."),
    )

    def __init__(self, *args, kind: PinKind, author: User, pin: Pin | None = None, **kwargs):
        if pin is not None:  # shown on GET; a POST's own values take their place
            kwargs = {**_initial_values(pin), **kwargs}
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.prepared_photo: PreparedPhoto | None = None
        self._categories = {c.id: c for c in categories_for(kind)}
        self.category.choices = [SelectChoice("", _l("Choose a category"))] + [
            SelectChoice(str(c.id), c.name) for c in self._categories.values()
        ]
        if kind == PinKind.OFFER:
            self._organisations = {o.id: o for o in organisations_offering_for(author)}
            self.organisation.choices = [SelectChoice("", _l("Myself, as a private person"))] + [
                SelectChoice(str(o.id), o.name) for o in self._organisations.values()
            ]
            self.quantity.label.text = _l("How many, or for how many people (optional)")
        else:
            self._organisations = {}
            del self.organisation  # a need is always a person's own
        if kind != PinKind.NEED:
            del self.text_shared  # offers are public; only a need's words may be held back
            for name in CONSENT_FIELDS:  # an offer is always the giver's own
                delattr(self, name)
        else:
            self.prepare_consent_fields(pin.consent if pin is not None else None)
        if pin is None or not pin.photo:
            del self.remove_photo

    @property
    def offers_organisations(self) -> bool:
        return bool(self._organisations)

    def validate_photo(self, field) -> None:
        if not field.data:
            return
        try:
            self.prepared_photo = prepare_photo(field.data.stream)
        except PhotoError as error:
            raise ValidationError(error.message) from error

    def validate_available_until(self, field) -> None:
        until = field.data
        if until is None:
            return
        if self.available_from.data is not None and until < self.available_from.data:
            raise ValidationError(_l("The last day cannot be before the first day."))
        if until < seoul_today():
            raise ValidationError(_l("The last day cannot be in the past."))

    def details(self) -> PinDetails:
        organisation = None
        if self.kind == PinKind.OFFER and self.organisation.data is not None:
            organisation = self._organisations[self.organisation.data]
        return PinDetails(
            kind=self.kind,
            category=self._categories[self.category.data],
            title=self.title.data,
            description=self.description.data or "",
            lon=self.longitude.data,
            lat=self.latitude.data,
            quantity=self.quantity.data,
            available_from=self.available_from.data,
            available_until=self.available_until.data,
            organisation=organisation,
            text_shared=self.kind == PinKind.NEED and bool(self.text_shared.data),
            consent=self.consent_details() if self.kind == PinKind.NEED else None,
        )

    @property
    def wants_photo_removed(self) -> bool:
        return self.remove_photo is not None and bool(self.remove_photo.data)


def _initial_values(pin: Pin) -> dict:
    """The form's fields as the pin has them now (for its author: the exact point too)."""
    lon, lat = exact_point(pin)
    return {
        "category": pin.category_id,
        "title": pin.title,
        "description": pin.description,
        "longitude": round(lon, 5),
        "latitude": round(lat, 5),
        "quantity": pin.quantity,
        "available_from": pin.available_from,
        "available_until": pin.available_until,
        "organisation": pin.organisation_id,
        "text_shared": pin.text_shared,
    } | (consent_initial_values(pin.consent) if pin.kind == PinKind.NEED else {})


# --- the list's filters -------------------------------------------------------------------------


def status_filter_label(key: str) -> str:
    """A `status` filter's name: one status, or "active" for open and matched together."""
    if key == "active":
        return str(_l("Open or matched"))
    return label(PinStatus(key))


# The list's orders (PIN_SORTS); the key is the `sort` parameter.
PIN_SORT_LABELS = {
    "newest": _l("Newest first"),
    "oldest": _l("Oldest first"),
    "expiring": _l("Needs expiring soonest first"),
}


class PinFilterForm(SiteForm):
    """The list's filters, read from the query string (see PinFilters for their meaning)."""

    class Meta:
        csrf = False

    q = search_words_field()
    kind = SelectField(_l("Needs or offers"))
    category = SelectField(_l("Category"))
    status = SelectField(_l("Status"))
    area = SelectField(_l("Area"), widget=LongSelect())
    sort = SelectField(_l("Order"))

    def __init__(self, filters: PinFilters):
        super().__init__(
            formdata=None,
            q=filters.query,
            sort=filters.sort,
            kind=filters.kind.value if filters.kind else "",
            category=str(filters.category_id) if filters.category_id else "",
            status=filters.status_key,
            area=filters.area.code if filters.area else "",
        )
        self.kind.choices = [SelectChoice("", _l("Needs and offers"))] + [
            SelectChoice(kind.value, label(kind)) for kind in PinKind
        ]
        self.category.choices = [SelectChoice("", _l("All categories"))] + [
            SelectChoice(str(c.id), c.name) for c in categories_for(None)
        ]
        self.status.choices = [
            SelectChoice(key, status_filter_label(key)) for key in STATUS_FILTERS
        ]
        self.area.choices = area_filter_choices(_l("All areas"))
        self.sort.choices = [SelectChoice(key, name) for key, name in PIN_SORT_LABELS.items()]
