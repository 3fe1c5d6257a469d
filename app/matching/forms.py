from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Optional

from app.forms import at_most

MESSAGE_LENGTH = 500  # the column's size


class ProposeForm(FlaskForm):
    """One need and one offer (chosen in the panel), and a word to the other side."""

    need_id = IntegerField(validators=[DataRequired()])
    offer_id = IntegerField(_l("Your offer"), validators=[DataRequired()])
    message = TextAreaField(
        _l("Message to the other side (optional)"),
        validators=[Optional(), at_most(MESSAGE_LENGTH)],
    )
