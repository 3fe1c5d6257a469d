"""The review page's forms: the month's CSV (with its reason) and the month's reviewed mark."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.access_log import REASON_LENGTH
from app.forms import SiteForm


class MonthExportForm(SiteForm):
    month = HiddenField()
    reason = TextAreaField(
        _l("Why you need this file"),
        validators=[
            DataRequired(message=_l("Say why you need this file: it is kept in the access log.")),
            Length(max=REASON_LENGTH, message=_l("At most %(max)d characters.")),
        ],
    )


class MonthReviewedForm(SiteForm):
    month = HiddenField()
