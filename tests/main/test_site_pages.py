"""The site's information pages (issue 13, item 5): the privacy policy, terms, help and contact
in both languages, linked from every page's footer; the welfare and emergency hotlines on the
home page, the need form and the footer, as numbers a phone can dial."""

from __future__ import annotations

import re

import pytest

from tests.factories import login, make_user

PAGES = {
    "/privacy": ("개인정보처리방침", "Privacy policy"),
    "/terms": ("이용약관", "Terms of use"),
    "/help": ("이용 안내", "How the site works"),
    "/contact": ("문의", "Contact"),
}
HOTLINES = ("tel:119", "tel:112", "tel:129", "tel:120")


def _heading(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.mark.parametrize("path", PAGES)
def test_each_page_speaks_korean_first_and_english_on_request(client, path):
    korean, english = PAGES[path]
    assert _heading(client.get(path).get_data(as_text=True)) == korean
    assert _heading(client.get(f"{path}?lang=en").get_data(as_text=True)) == english


@pytest.mark.parametrize("path", ["/", "/map", "/privacy"])
def test_the_footer_links_the_four_pages(client, path):
    html = client.get(path).get_data(as_text=True)
    footer = html[html.index('<footer class="site-footer">') :]
    for page in PAGES:
        assert f'href="{page}"' in footer, page
    for number in HOTLINES:
        assert f'href="{number}"' in footer, number


def test_the_home_page_names_the_hotlines_before_the_footer(client):
    html = client.get("/").get_data(as_text=True)
    main = html[html.index('<main id="content"') : html.index('<footer class="site-footer">')]
    for number in HOTLINES:
        assert f'href="{number}"' in main, number
    assert "긴급 서비스가 아니며" in main  # the site is not an emergency service


def test_the_need_form_opens_with_the_hotlines(client):
    login(client, make_user())
    html = client.get("/pins/new?kind=need").get_data(as_text=True)
    main = html[html.index('<main id="content"') : html.index('<footer class="site-footer">')]
    hotlines = main.index('class="hotlines"')
    assert hotlines < main.index("<form"), "the numbers come before the form"
    for number in HOTLINES:
        assert f'href="{number}"' in main[hotlines:], number


def test_the_operator_and_support_address_come_from_the_configuration(app, client):
    app.config.update(SITE_OPERATOR="희망복지재단", SUPPORT_EMAIL="help@hopemap.example")
    try:
        for path in ("/privacy", "/terms", "/contact"):
            html = client.get(path).get_data(as_text=True)
            assert "희망복지재단" in html, path
            assert 'href="mailto:help@hopemap.example"' in html, path
    finally:
        app.config.update(SITE_OPERATOR=None, SUPPORT_EMAIL=None)


def test_unset_the_pages_say_so_instead_of_inventing_an_address(client):
    html = client.get("/contact?lang=en").get_data(as_text=True)
    assert "No support address has been set up yet." in html
    assert "mailto:" not in html


def test_the_privacy_policy_states_the_configured_figures(app, client):
    html = client.get("/privacy?lang=en").get_data(as_text=True)
    config = app.config
    assert f"after {config['NEED_LIFETIME_DAYS']} days unless its author renews it" in html
    assert f"a square of {config['PIN_GRID_METRES']} metres" in html
    assert f"at most {config['REMEMBER_COOKIE_DURATION'].days} days" in html
    assert f"expired after {config['REGISTRATION_LINK_HOURS']} hours" in html


def test_the_privacy_policy_leads_to_one_s_data_and_account_deletion(client):
    """Both are built (issue 13): the policy no longer sends people to write to us for them."""
    html = client.get("/privacy?lang=en").get_data(as_text=True)
    assert 'href="/my/data"' in html and 'href="/my/delete"' in html
    assert "not built yet" not in html.lower()
