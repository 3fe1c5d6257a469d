"""The forms of a match's page: a message, what the need's author shares, the thank-you."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from app.contact_details import PHONE_PATTERN
from app.forms import SiteForm, at_most, strip
from app.matching.models import THANK_YOU_LENGTH
from app.matching.threads.models import MESSAGE_LENGTH, PHONE_LENGTH
from app.submissions import SubmittedOnce


class MessageForm(SubmittedOnce, SiteForm):
    """A message to the thread. Contact details are welcome here: the thread is private."""

    body = TextAreaField(
        _l("Your message"),
        filters=[strip],
        validators=[DataRequired(_l("Write a message.")), at_most(MESSAGE_LENGTH)],
    )


def korean_phone_number(_form, field) -> None:
    # The site's own pattern, the one that keeps numbers out of public texts, read the other
    # way: here the whole field must be one number.
    if field.data and not PHONE_PATTERN.fullmatch(field.data):
        raise ValidationError(_l("Enter a phone number such as 010-1234-5678."))


class ShareForm(SubmittedOnce, SiteForm):
    share_place = BooleanField(_l("Show the exact place of my need to the helper"))
    phone = StringField(
        _l("Phone number for the helper (optional)"),
        filters=[strip],
        validators=[Optional(), at_most(PHONE_LENGTH), korean_phone_number],
    )

    def validate_share_place(self, field) -> None:
        if not field.data and not self.phone.data:
            raise ValidationError(_l("Choose the exact place, a phone number, or both."))


class FulfilForm(SiteForm):
    thank_you = TextAreaField(
        _l("A word of thanks (optional)"),
        filters=[strip],
        validators=[Optional(), at_most(THANK_YOU_LENGTH)],
    )
