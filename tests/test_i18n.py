"""Korean by default, English complete; how the language is chosen; locale formatting."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from app.i18n import format_krw, format_number, format_when
from tests.factories import login, make_user

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Every string marked in the code now (not what the catalog last saw)."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "pgettext:1c,2",
            "-k",
            "lazy_pgettext:1c,2",
            # Babel skips folders starting with "_" unless told otherwise: _macros/ has text.
            "--ignore-dirs=.*",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def test_the_shared_macros_are_extracted(extracted):
    ids = {message.id for message in extracted}
    assert {"Pages", "Please correct the marked fields."} <= ids


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_marked_string_is_translated(extracted, language):
    path = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    problems = []
    for message in extracted:
        entry = catalog.get(message.id, context=message.context)
        if entry is None:
            problems.append(f"missing: {message.id!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not (all(entry.string) if isinstance(entry.string, tuple) else entry.string):
            problems.append(f"untranslated: {message.id!r}")
        else:
            for error in entry.check(catalog) or []:
                problems.append(f"{message.id!r}: {error}")
    assert not problems, f"{language}: {len(problems)} problems; run scripts/i18n\n" + "\n".join(
        problems[:40]
    )


def test_korean_catalog_really_is_korean():
    path = ROOT / "translations" / "ko" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="ko")
    hangul = sum(
        1
        for m in catalog
        if m.id
        and any(
            "\uac00" <= ch <= "\ud7a3"
            for ch in "".join(m.string if isinstance(m.string, tuple) else [m.string])
        )
    )
    total = sum(1 for m in catalog if m.id)
    assert total and hangul / total > 0.95  # a few ("English") may rightly stay as they are


def html_lang(response) -> str:
    return response.get_data(as_text=True).split('<html lang="', 1)[1].split('"', 1)[0]


def test_korean_without_any_hint(client):
    assert html_lang(client.get("/")) == "ko"


def test_accept_language_picks_english(client):
    assert html_lang(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})) == "en"
    assert html_lang(client.get("/", headers={"Accept-Language": "fr,de"})) == "ko"


def test_order_query_then_account_then_session_then_browser(client):
    browser_en = {"Accept-Language": "en"}
    # session beats the browser
    client.post("/language", data={"language": "ko", "next": "/"})
    assert html_lang(client.get("/", headers=browser_en)) == "ko"
    # the account's preference beats the session
    user = make_user(preferred_language="en")
    login(client, user)
    with client.session_transaction() as session:
        session["lang"] = "ko"
    assert html_lang(client.get("/")) == "en"
    # ?lang= beats everything, for that request only
    assert html_lang(client.get("/?lang=ko")) == "ko"
    assert html_lang(client.get("/")) == "en"
    # an unknown ?lang= is ignored
    assert html_lang(client.get("/?lang=xx")) == "en"


def test_language_switch_on_every_page(client):
    for path in ("/", "/login", "/register", "/organisations", "/areas", "/no-such-page"):
        html = client.get(path).get_data(as_text=True)
        assert 'action="/language"' in html, path
        assert 'name="language" value="en"' in html and 'name="language" value="ko"' in html


def test_language_switch_remembers_and_returns(client):
    response = client.post("/language", data={"language": "en", "next": "/login?x=1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?x=1"
    page = client.get("/login")
    assert html_lang(page) == "en"
    assert "Language changed to English." in page.get_data(as_text=True)


def test_language_switch_saves_the_account_preference(client):
    from app.extensions import db

    user = make_user(preferred_language="ko")
    login(client, user)
    client.post("/language", data={"language": "en", "next": "/"})
    db.session.refresh(user)
    assert user.preferred_language == "en"


@pytest.mark.parametrize("bad", ["fr", "", "../etc"])
def test_language_switch_refuses_unknown_languages(client, bad):
    response = client.post("/language", data={"language": bad, "next": "/"})
    assert response.status_code == 302
    assert html_lang(client.get("/")) == "ko"


def test_language_switch_never_redirects_off_site(client):
    response = client.post("/language", data={"language": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_formatting_follows_the_locale(app):
    moment = datetime(2026, 3, 5, 6, 30, tzinfo=UTC)  # 15:30 in Seoul
    with app.test_request_context():
        with force_locale("ko"):
            assert format_krw(1234567) == "₩1,234,567"
            assert format_number(3883) == "3,883"
            assert format_when(moment) == "2026. 3. 5. 오후 3:30"
        with force_locale("en"):
            assert format_krw(1234567) == "₩1,234,567"
            assert format_number(291325.5) == "291,325.5"
            assert format_when(moment) == "Mar 5, 2026, 3:30:00\u202fPM"
