"""Every page names the site's icon, so that browsers show it on tabs and bookmarks instead of
asking for a /favicon.ico the site does not have."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ICON = re.compile(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">')


@pytest.mark.parametrize("path", ["/", "/map", "/ideas", "/no-such-page"])
def test_pages_name_the_icon_and_it_is_served(client, path):
    html = client.get(path).get_data(as_text=True)
    match = ICON.search(html)
    assert match, html[:400]
    icon = client.get(match.group(1))
    assert icon.status_code == 200
    assert icon.mimetype == "image/svg+xml"
    assert b"<svg" in icon.data


@pytest.mark.parametrize("name", ["500.html", "503.html"])
def test_the_static_error_pages_name_it_too(app, name):
    html = (Path(app.static_folder) / "errors" / name).read_text(encoding="utf-8")
    assert ICON.search(html).group(1) == "/static/favicon.svg"
