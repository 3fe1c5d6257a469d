"""What a shared link shows: Open Graph and Twitter card tags and the canonical address of a
public page (pins, ideas, stories).

Addresses are absolute and built from SITE_URL, not from the request: a page reached through
a proxy, an internal name or `?lang=en` still names the one public address. A view hands the
template a `SharingCard` built only from what the page shows to everyone (for a need,
`public_pin()`, never the text an entitled reader sees); base.html writes the tags.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from app.i18n import current_language

DESCRIPTION_LENGTH = 200
# Open Graph names a locale, not a language; the site has these two.
OG_LOCALES = {"ko": "ko_KR", "en": "en_US"}


def absolute_url(path: str) -> str:
    return current_app.config["SITE_URL"].rstrip("/") + path


def short_description(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """One line of at most `length` characters, cut at a word with an ellipsis."""
    line = " ".join(text[: length * 2].split())
    if len(line) <= length:
        return line
    cut = line[: length - 1].rsplit(" ", 1)[0] if " " in line[: length - 1] else line[: length - 1]
    return cut + "…"


@dataclass(frozen=True)
class SharingCard:
    """A public page as a shared link shows it. Paths come from url_for; made absolute here."""

    title: str
    description: str
    path: str
    image_path: str | None = None
    og_type: str = "article"

    @property
    def url(self) -> str:
        return absolute_url(self.path)

    @property
    def image_url(self) -> str | None:
        return absolute_url(self.image_path) if self.image_path else None

    @property
    def summary(self) -> str:
        return short_description(self.description)

    @property
    def locale(self) -> str:
        return OG_LOCALES.get(current_language(), OG_LOCALES["ko"])

    @property
    def other_locales(self) -> list[str]:
        return [locale for locale in OG_LOCALES.values() if locale != self.locale]
