"""The account emails (registering, a forgotten password, a new email address), each in its
recipient's language, sent once the request commits.

Every one goes through `send()`: the one place that decides how an account email leaves (now:
after the commit, from the request; app.mail writes it to the log when no MAIL_SERVER is set).
Neither email greets anybody by a name typed into the form: whoever typed it may not be the
address's owner, and the owner should not read a stranger's words in our voice.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.accounts.models import RegistrationRequest, User
from app.extensions import db
from app.mail import new_message, send_after_commit, site_address


def send(message: EmailMessage) -> None:
    """Send an account email once the current transaction commits (never if it rolls back)."""
    send_after_commit(db.session(), message)


def registration_link(registration: RegistrationRequest, token: str) -> None:
    """To the address being registered: the link that finishes creating the account."""
    link = site_address(url_for("accounts.confirm_registration", token=token))
    hours = current_app.config["REGISTRATION_LINK_HOURS"]
    with force_locale(registration.email_language):
        subject = _("Finish creating your account on %(site)s", site=_("Hope Community Map"))
        body = "\n\n".join(
            (
                _(
                    "To finish creating your account on %(site)s, open this link:",
                    site=_("Hope Community Map"),
                ),
                link,
                _("The link works once, within %(hours)d hours.", hours=hours),
                _(
                    "If you did not ask for an account, ignore this email: without the link, "
                    "no account is created."
                ),
                _footer(),
            )
        )
    send(_message(registration.email, subject, body, registration.email_language))


def somebody_registered_as_you(owner: User) -> None:
    """To an account's owner whose address was typed into the registration form: the form
    answered as for a new address, so this is the only place that says the account exists."""
    language = owner.preferred_language or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        subject = _("Somebody tried to register with your email address")
        body = "\n\n".join(
            (
                _(
                    "Somebody (perhaps you) tried to create a new account on %(site)s with "
                    "this email address. You already have an account, so nothing was changed.",
                    site=_("Hope Community Map"),
                ),
                _("To log in: %(address)s", address=site_address(url_for("accounts.login"))),
                _(
                    "If it was not you, you need not do anything: your account and password "
                    "stay as they are."
                ),
                _footer(),
            )
        )
    send(_message(owner.email, subject, body, language))


def password_reset_link(user: User, token: str, page_language: str) -> None:
    """To an account's address: the link that sets a new password."""
    language = user.preferred_language or page_language
    link = site_address(url_for("accounts.reset_password", token=token))
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    with force_locale(language):
        subject = _("Set a new password on %(site)s", site=_("Hope Community Map"))
        body = "\n\n".join(
            (
                _(
                    "Somebody (perhaps you) asked to set a new password for your account on "
                    "%(site)s. To choose a new password, open this link:",
                    site=_("Hope Community Map"),
                ),
                link,
                _("The link works once, within %(hours)d hours.", hours=hours),
                _(
                    "If you did not ask for it, ignore this email: without the link, your "
                    "password stays as it is."
                ),
                _footer(),
            )
        )
    send(_message(user.email, subject, body, language))


def password_changed(user: User) -> None:
    """To an account's address, after its password was set through a reset link."""
    language = _language_of(user)
    with force_locale(language):
        subject = _("Your password was changed")
        body = "\n\n".join(
            (
                _(
                    "The password of your account on %(site)s was just changed, and every "
                    "device that was logged in was logged out.",
                    site=_("Hope Community Map"),
                ),
                _("If it was not you, contact us at once: %(contact)s", contact=_contact()),
                _footer(),
            )
        )
    send(_message(user.email, subject, body, language))


def email_change_link(user: User, new_email: str, token: str, page_language: str) -> None:
    """To the new address: the link that moves the account to it."""
    language = user.preferred_language or page_language
    link = site_address(url_for("accounts.confirm_email_change", token=token))
    hours = current_app.config["EMAIL_CHANGE_HOURS"]
    with force_locale(language):
        subject = _("Confirm your new email address on %(site)s", site=_("Hope Community Map"))
        body = "\n\n".join(
            (
                _(
                    "To use this address for your account on %(site)s, open this link while "
                    "logged in:",
                    site=_("Hope Community Map"),
                ),
                link,
                _("The link works once, within %(hours)d hours.", hours=hours),
                _(
                    "If you did not ask for it, ignore this email: without the link, no "
                    "account uses this address."
                ),
                _footer(),
            )
        )
    send(_message(new_email, subject, body, language))


def email_change_to_a_taken_address(owner: User) -> None:
    """To an address that has an account, typed as another account's new address: the page
    answered as for a free address, so only the address's owner learns it is taken."""
    language = _language_of(owner)
    with force_locale(language):
        subject = _("Somebody tried to move their account to your email address")
        body = "\n\n".join(
            (
                _(
                    "Somebody (perhaps you, from another account) asked to use this email "
                    "address for an account on %(site)s. It belongs to your account already, "
                    "so nothing was changed.",
                    site=_("Hope Community Map"),
                ),
                _("If it was not you, you need not do anything."),
                _footer(),
            )
        )
    send(_message(owner.email, subject, body, language))


def email_was_changed(user: User, old_email: str) -> None:
    """To the address an account used to have: it no longer does."""
    language = _language_of(user)
    with force_locale(language):
        subject = _("Your account's email address was changed")
        body = "\n\n".join(
            (
                _(
                    "Your account on %(site)s no longer uses this address: its emails go to "
                    "the new address from now on.",
                    site=_("Hope Community Map"),
                ),
                _("If it was not you, contact us at once: %(contact)s", contact=_contact()),
                _footer(),
            )
        )
    send(_message(old_email, subject, body, language))


def _language_of(user: User) -> str:
    return user.preferred_language or current_app.config["BABEL_DEFAULT_LOCALE"]


def _contact() -> str:
    return current_app.config["SUPPORT_EMAIL"] or site_address("/")


def _footer() -> str:
    return "-- \n" + _("This message was sent automatically; replies are not read.")


def _message(address: str, subject: str, body: str, language: str) -> EmailMessage:
    return new_message(
        to=Address(addr_spec=address),
        subject=subject,
        body=body + "\n",
        language=language,
        kind="account",
    )
