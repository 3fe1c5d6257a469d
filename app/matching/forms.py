from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Optional

from app.forms import SiteForm, at_most, strip
from app.matching.threads.models import MESSAGE_LENGTH as THREAD_MESSAGE_LENGTH
from app.submissions import SubmittedOnce

MESSAGE_LENGTH = 500  # the column's size


class ProposeForm(SiteForm):
    """One need and one offer (chosen in the panel), and a word to the other side."""

    need_id = IntegerField(validators=[DataRequired()])
    offer_id = IntegerField(_l("Your offer"), validators=[DataRequired()])
    message = TextAreaField(
        _l("Message to the other side (optional)"),
        validators=[Optional(), at_most(MESSAGE_LENGTH)],
    )


class HelpForm(SubmittedOnce, SiteForm):
    """ "I can help" on a need's page: the first message of the match's private thread."""

    message = TextAreaField(
        _l("Your message to the person in need"),
        filters=[strip],
        validators=[
            DataRequired(_l("Write a few words: how you can help, and when.")),
            at_most(THREAD_MESSAGE_LENGTH),
        ],
    )
