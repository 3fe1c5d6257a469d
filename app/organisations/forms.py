from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SearchField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Email, Optional, Regexp

from app.areas.services import AreaOverview
from app.forms import (
    SiteForm,
    area_choices,
    at_most,
    enum_choices,
    optional_enum,
    optional_int,
    strip,
)

# A module, not names: app.labels imports the models, whose packages import these forms.
from app.organisations.labels import ORGANISATION_TYPE_LABELS
from app.organisations.models import OrganisationType
from app.organisations.services import DETAIL_FIELDS
from app.submissions import SubmittedOnce


def add_web_scheme(value):
    """People type "www.example.org": read it as an https address."""
    value = strip(value)
    if value and "://" not in value:
        return "https://" + value
    return value


# --- organisation forms ------------------------------------------------------------------------


class OrganisationForm(SubmittedOnce, SiteForm):
    name_ko = StringField(
        _l("Name in Korean"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Enter the organisation's Korean name.")),
            at_most(160),
        ],
    )
    name_en = StringField(
        _l("Name in English (optional)"), filters=[strip], validators=[Optional(), at_most(160)]
    )
    type = SelectField(
        _l("Type of organisation"),
        coerce=optional_enum(OrganisationType),
        validators=[DataRequired(message=_l("Choose the type of organisation."))],
        invalid_value_message=_l("Choose the type of organisation."),
    )
    area_id = SelectField(
        _l("Area"),
        coerce=optional_int,
        invalid_value_message=_l("Choose one of the listed areas."),
        invalid_choice_message=_l("Choose one of the listed areas."),
    )
    contact_email = EmailField(
        _l("Contact email (optional)"),
        filters=[strip],
        validators=[
            Optional(),
            Email(message=_l("Enter a valid email address."), check_deliverability=False),
            at_most(254),
        ],
    )
    contact_phone = StringField(
        _l("Contact phone (optional)"),
        filters=[strip],
        validators=[
            Optional(),
            at_most(40),
            Regexp(
                r"^\+?[0-9][0-9 ()\-.]*[0-9]$",
                message=_l("Enter a phone number: digits, spaces, +, - and brackets only."),
            ),
        ],
    )
    website = URLField(
        _l("Website (optional)"),
        filters=[add_web_scheme],
        validators=[
            Optional(),
            at_most(300),
            Regexp(r"^https?://", re.IGNORECASE, message=_l("Enter a web address.")),
            URL(message=_l("Enter a web address, such as https://example.org.")),
        ],
    )
    description = TextAreaField(
        _l("What the organisation does (optional)"),
        filters=[strip],
        validators=[Optional(), at_most(4000)],
    )

    def __init__(self, *args, areas_to_choose: AreaOverview, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = enum_choices(ORGANISATION_TYPE_LABELS, _l("Choose a type"))
        self.area_id.choices = area_choices(areas_to_choose)

    def details(self) -> dict:
        return {name: getattr(self, name).data for name in DETAIL_FIELDS}


class JoinForm(SiteForm):
    message = TextAreaField(
        _l("A message to the representative (optional)"),
        filters=[strip],
        validators=[Optional(), at_most(500)],
    )


class OrganisationFilterForm(SiteForm):
    """The list's filters, read from the query string."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name"), filters=[strip])
    type = SelectField(_l("Type"), coerce=optional_enum(OrganisationType))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = enum_choices(ORGANISATION_TYPE_LABELS, _l("All types"))
