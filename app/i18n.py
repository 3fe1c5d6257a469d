"""Language choice and locale-aware formatting."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_currency, format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user

from app import without_database
from app.clock import seoul_day

LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}


def supported_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """`?lang=` for this request, then the account's choice, then the session, then the
    browser's Accept-Language, then Korean."""
    supported = supported_languages()
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    asked = request.args.get("lang")
    if asked in supported:
        return asked
    remembered = without_database.reader()
    if remembered is not None:  # an error page: the account's choice only if already loaded
        if remembered.language in supported:
            return remembered.language
    elif (
        current_user
        and current_user.is_authenticated
        and current_user.preferred_language in supported
    ):
        return current_user.preferred_language
    if session.get("lang") in supported:
        return session["lang"]
    return request.accept_languages.best_match(supported) or default


def safe_next_url(target: str | None, fallback: str = "/") -> str:
    """Only same-site paths: never redirect to another host given in a form."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target:
        return fallback
    return target


# --- formatting filters ------------------------------------------------------------------------


def current_language() -> str:
    """The reader's language ("ko" or "en"); Korean outside a request."""
    locale = get_locale()
    return locale.language if locale else "ko"


def in_reader_language(korean: str, english: str | None) -> str:
    """A text kept in both languages, in the reader's: Korean is required, English falls back
    to it."""
    return english if current_language() == "en" and english else korean


def format_when(value: datetime | None) -> str:
    if value is None:
        return ""
    if current_language() == "ko":
        # Babel's Korean "short" prints AM/PM; the long day-period letters give 오전/오후.
        return format_datetime(value, "yyyy. M. d. aaaa h:mm")
    return format_datetime(value, "medium")


def format_day(value: date | datetime | None) -> str:
    """A day; a moment as its day in Seoul (00:30 in Seoul is already the next day there,
    though still the day before in UTC). Said here rather than left to Flask-Babel's rebasing,
    which follows a setting that could be changed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = seoul_day(value if value.tzinfo else value.replace(tzinfo=UTC))  # naive: UTC
    return format_date(value, "long")


def format_number(value: int | float | Decimal | None) -> str:
    return "" if value is None else format_decimal(value)


def format_krw(value: int | Decimal | None) -> str:
    return "" if value is None else format_currency(value, "KRW")


def register_i18n(app: Flask) -> None:
    app.add_template_filter(format_when, "when")
    app.add_template_filter(format_day, "day")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(format_krw, "krw")
    app.jinja_env.globals.update(
        get_locale=get_locale,
        current_language=current_language,
        language_names=LANGUAGE_NAMES,
    )
