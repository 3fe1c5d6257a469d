from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, ValidationError

from app.forms import SiteForm, at_most
from app.i18n import LANGUAGE_NAMES


def language_choices(with_default: bool = True) -> list[tuple[str, str]]:
    choices = [(code, LANGUAGE_NAMES[code]) for code in ("ko", "en")]
    return ([("", _l("Same as my browser"))] if with_default else []) + choices


class StrongPassword:
    """At least PASSWORD_MIN_LENGTH characters (12 by default); DataRequired refuses blanks."""

    def __call__(self, form, field) -> None:
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        value = field.data or ""
        if len(value) < minimum:
            raise ValidationError(_l("Use at least %(count)d characters.", count=minimum))
        if len(value) > 256:
            raise ValidationError(_l("Use at most 256 characters."))


def email_field() -> EmailField:
    return EmailField(
        _l("Email"),
        validators=[
            DataRequired(message=_l("Enter your email address.")),
            at_most(254),
            Email(message=_l("Enter a valid email address."), check_deliverability=False),
        ],
    )


class RegistrationForm(SiteForm):
    email = email_field()
    display_name = StringField(
        _l("Name shown to others"),
        validators=[
            DataRequired(message=_l("Enter a name.")),
            at_most(80),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter a password.")), StrongPassword()],
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[
            DataRequired(message=_l("Enter the password again.")),
            EqualTo("password", message=_l("The two passwords do not match.")),
        ],
    )
    preferred_language = SelectField(_l("Language"), choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = language_choices()


class RegistrationLinkForm(SiteForm):
    """Ask for a registration's link again."""

    email = email_field()


class FinishRegistrationForm(SiteForm):
    """Following an emailed link shows this form, whose POST creates the account (a mail
    scanner that opens every link must not use it up). It asks for the password chosen when
    registering: see app.accounts.errors.NotTheRegisteredPassword."""

    password = PasswordField(
        _l("The password you chose"),
        validators=[DataRequired(message=_l("Enter the password you chose when registering."))],
    )


class LoginForm(SiteForm):
    email = EmailField(
        _l("Email"), validators=[DataRequired(message=_l("Enter your email address."))]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(message=_l("Enter your password."))]
    )
    remember = BooleanField(_l("Keep me logged in on this device"))


class ProfileForm(SiteForm):
    display_name = StringField(
        _l("Name shown to others"),
        validators=[
            DataRequired(message=_l("Enter a name.")),
            at_most(80),
        ],
    )
    preferred_language = SelectField(_l("Language"), choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = language_choices()


class NewPasswordForm(SiteForm):
    """A new password, typed twice, under the registration's rules: the reset link's page, and
    (with the current password) the account's password change."""

    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(message=_l("Enter a new password.")), StrongPassword()],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(message=_l("Enter the new password again.")),
            EqualTo("new_password", message=_l("The two passwords do not match.")),
        ],
    )


class PasswordChangeForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
    )


class PasswordForgotForm(SiteForm):
    email = email_field()


class PasswordResetForm(NewPasswordForm):
    """The page of a reset link: its POST sets the new password (a mail scanner that opens
    every link must not use it up)."""


class EmailChangeForm(SiteForm):
    new_email = EmailField(
        _l("New email address"),
        validators=[
            DataRequired(message=_l("Enter your new email address.")),
            at_most(254),
            Email(message=_l("Enter a valid email address."), check_deliverability=False),
        ],
    )
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
    )


class ConfirmEmailChangeForm(SiteForm):
    """The page of an email change's link: its POST (CSRF only) makes the change."""
