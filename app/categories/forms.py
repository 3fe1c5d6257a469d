from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Regexp

from app.categories.models import CategoryKind
from app.categories.services import CATEGORY_FIELDS
from app.forms import SiteForm, WholeNumberField, at_most, optional_enum, strip
from app.labels import label
from app.submissions import SubmittedOnce


def slug_form(value):
    value = strip(value)
    return value.lower() if isinstance(value, str) else value


class CategoryForm(SubmittedOnce, SiteForm):
    slug = StringField(
        _l("Short name (for addresses)"),
        filters=[slug_form],
        validators=[
            DataRequired(message=_l("Enter a short name.")),
            at_most(60),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
                message=_l("Use lower-case Latin letters, digits and single hyphens only."),
            ),
        ],
    )
    name_ko = StringField(
        _l("Name in Korean"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter the Korean name.")), at_most(120)],
    )
    name_en = StringField(
        _l("Name in English"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter the English name.")), at_most(120)],
    )
    kind = SelectField(
        _l("Used for"),
        coerce=optional_enum(CategoryKind),
        validators=[DataRequired(message=_l("Choose what the category is used for."))],
        invalid_value_message=_l("Choose what the category is used for."),
    )
    position = WholeNumberField(
        _l("Position in lists"),
        not_a_number=_l("Enter a whole number."),
        default=0,
        validators=[
            InputRequired(message=_l("Enter a whole number.")),
            NumberRange(min=0, max=9999, message=_l("Enter a number from 0 to 9999.")),
        ],
    )
    active = BooleanField(_l("Active (offered when people pin a need or an offer)"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: category_kind_label translates at once, in the reader's language.
        self.kind.choices = [SelectChoice(k.value, label(k)) for k in CategoryKind]

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in CATEGORY_FIELDS}
