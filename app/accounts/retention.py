"""The accounts' retention rules (app.retention): links and logins that can no longer be used.

Each of these rows exists only to let one link or one login work. Once it cannot (the link
expired, the remember-me cookie ran out), it serves nothing and goes, a day later so that a
support question about "my link did not work" can still be checked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.accounts.models import EmailChange, LoginSession, PasswordReset, RegistrationRequest
from app.retention import DeleteRows, retention_rule

AFTER_EXPIRY = "P1D"


def _hours(setting: str) -> timedelta:
    return timedelta(hours=current_app.config[setting])


def _login_expired_before(cutoff: datetime):
    # A login lives at most as long as its remember-me cookie.
    return LoginSession.created_at < cutoff - current_app.config["REMEMBER_COOKIE_DURATION"]


retention_rule(
    "login_sessions",
    LoginSession,
    period=AFTER_EXPIRY,
    due=_login_expired_before,
    erase=DeleteRows(),
    description=_l("Logins, a day after their remember-me cookie expired"),
)

retention_rule(
    "registration_requests",
    RegistrationRequest,
    period=AFTER_EXPIRY,
    due=lambda cutoff: (
        RegistrationRequest.link_sent_at < cutoff - _hours("REGISTRATION_LINK_HOURS")
    ),
    erase=DeleteRows(),
    description=_l("Registrations never confirmed, a day after their link expired"),
)

retention_rule(
    "password_resets",
    PasswordReset,
    period=AFTER_EXPIRY,
    due=lambda cutoff: PasswordReset.created_at < cutoff - _hours("PASSWORD_RESET_HOURS"),
    erase=DeleteRows(),
    description=_l("Password reset links, a day after they expired"),
)

retention_rule(
    "email_changes",
    EmailChange,
    period=AFTER_EXPIRY,
    due=lambda cutoff: EmailChange.created_at < cutoff - _hours("EMAIL_CHANGE_HOURS"),
    erase=DeleteRows(),
    description=_l("Email address changes, a day after their link expired"),
)
