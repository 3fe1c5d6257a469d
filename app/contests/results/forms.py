"""Publishing the results before their date: staff say why."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from app.contests.review.forms import REASON_MAX
from app.forms import SiteForm, at_most, strip


class PublishForm(SiteForm):
    reason = TextAreaField(
        _l("Why publish now"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Give the reason for publishing before the results date.")),
            at_most(REASON_MAX),
        ],
    )
