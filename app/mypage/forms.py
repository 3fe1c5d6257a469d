"""Forms of a person's own data: downloading it and deleting the account."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, ValidationError

from app.forms import SiteForm, at_most


def password_field() -> PasswordField:
    # A bulk copy of personal data, or the end of the account: whoever found the browser
    # signed in must not do either.
    return PasswordField(
        _l("Your password"),
        validators=[DataRequired(message=_l("Enter your password.")), at_most(256)],
    )


class DataDownloadForm(SiteForm):
    current_password = password_field()


def confirmation_phrase() -> str:
    """What the person types to confirm, in their language."""
    return _("delete my account")


class MatchesConfirmationPhrase:
    def __call__(self, form, field) -> None:
        typed = " ".join((field.data or "").split()).casefold()
        if typed != confirmation_phrase().casefold():
            raise ValidationError(_l("Type “%(phrase)s” to confirm.", phrase=confirmation_phrase()))


class AccountDeletionForm(SiteForm):
    current_password = password_field()
    confirmation = StringField(
        _l("Type the words to confirm"),
        validators=[at_most(100), MatchesConfirmationPhrase()],
    )
