"""/figures in a real browser, Korean and English: axe finds no WCAG A/AA violation in the
tables with their hidden cells; choosing a gu and year draws that gu's tables."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from app.areas.models import AreaLevel
from app.clock import from_seoul, seoul_today
from tests.factories import make_area
from tests.figures.factories import make_report

TEXT = {
    "ko": {"gu": "자치구", "show": "보기", "hidden": "비공개"},
    "en": {"gu": "District (gu)", "show": "Show", "hidden": "not published"},
}


def _gu_with_reports() -> str:
    gu = make_area(
        "FIGGU", AreaLevel.GU, (127.20, 37.70, 127.25, 37.75), None, "통계구", "Figures-gu"
    )
    busy = make_area("FIGDONG1", parent=gu, name_ko="많은동", name_en="Busy-dong")
    quiet = make_area("FIGDONG2", parent=gu, name_ko="조용동", name_en="Quiet-dong")
    year = seoul_today().year
    for dong, month, how_many in ((busy, 2, 9), (busy, 3, 6), (quiet, 2, 3), (quiet, 3, 7)):
        for day in range(1, how_many + 1):
            make_report(dong, from_seoul(datetime(year, month, day, 10)))
    return gu.code


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_figures_pass_axe(page: Page, live_server, in_live_db, check_accessibility, language):
    code = in_live_db(_gu_with_reports) if language == "ko" else "FIGGU"
    page.goto(live_server(f"/figures?lang={language}"))
    page.get_by_label(TEXT[language]["gu"]).select_option(code)
    page.get_by_role("button", name=TEXT[language]["show"], exact=True).click()
    table = page.locator("main table").first
    expect(table.locator("tbody th[scope=row]")).to_have_count(2)
    expect(table).to_contain_text(TEXT[language]["hidden"])
    check_accessibility(f"/figures in {language}")
