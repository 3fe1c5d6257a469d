"""The administrators' form for a new Open311 partner."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired

from app.forms import SiteForm, at_most, strip
from app.submissions import SubmittedOnce


class PartnerForm(SubmittedOnce, SiteForm):
    name = StringField(
        _l("Partner's name"),
        filters=[strip],
        validators=[DataRequired(message=_l("Name the partner.")), at_most(120)],
    )
    contact = TextAreaField(
        _l("Who to call about it"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Say who answers for the partner's system.")),
            at_most(500),
        ],
    )
