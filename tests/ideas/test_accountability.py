"""The public accountability page: figures by status, the median time to an answer, the share
answered on time and the same by Seoul month of receipt, from ideas whose answers are known to
the minute, so that every figure is known exactly."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from app.clock import utcnow
from app.ideas.accountability import queries as module
from app.ideas.accountability.chart import bar_chart, tick_step
from app.ideas.accountability.queries import accountability, last_months
from app.ideas.models import IdeaOutcome, IdeaStatus
from tests.factories import make_user
from tests.ideas.factories import make_department, make_idea

TODAY = date(2026, 3, 20)  # a Seoul day


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def ideas():
    """Received (UTC) → answered; days to an answer; on time (due = Seoul day of receipt + 14)."""
    answered = IdeaStatus.ANSWERED
    return {
        # 1 February 01:00 in Seoul: a February idea. 3.0 days, answered 4 Feb in Seoul: on time.
        "a": make_idea(
            status=answered, received_at=utc(2026, 1, 31, 16), answered_at=utc(2026, 2, 3, 16)
        ),
        # 31 January 23:00 in Seoul: January. 20.0 days: late (due 14 Feb).
        "b": make_idea(
            status=answered,
            received_at=utc(2026, 1, 31, 14),
            answered_at=utc(2026, 2, 20, 14),
            outcome=IdeaOutcome.NOT_ADOPTED,
        ),
        # February, 1.5 days, on time.
        "c": make_idea(
            status=answered,
            received_at=utc(2026, 2, 10),
            answered_at=utc(2026, 2, 11, 12),
            outcome=IdeaOutcome.PARTLY_ADOPTED,
        ),
        # February, under review, due 6 March: overdue on 20 March.
        "d": make_idea(status=IdeaStatus.UNDER_REVIEW, received_at=utc(2026, 2, 20, 3)),
        # March, received, due 24 March: not overdue yet.
        "e": make_idea(received_at=utc(2026, 3, 10)),
        # March, received 1 March 09:00 Seoul, due 15 March: answered 15 March 23:24 in Seoul,
        # on time; 14.6 days.
        "g": make_idea(
            status=answered, received_at=utc(2026, 3, 1), answered_at=utc(2026, 3, 15, 14, 24)
        ),
        # The same, answered at 00:00 on 16 March in Seoul: late by a minute; 14.625 days.
        "h": make_idea(
            status=answered, received_at=utc(2026, 3, 1), answered_at=utc(2026, 3, 15, 15)
        ),
        # March, received, due 19 March: overdue on the 20th.
        "i": make_idea(received_at=utc(2026, 3, 5)),
        # Older than the twelve months shown: in the totals only. 5.0 days, on time.
        "f": make_idea(status=answered, received_at=utc(2025, 1, 5), answered_at=utc(2025, 1, 10)),
    }


def test_the_totals(ideas):
    figures = accountability(TODAY)
    assert figures.by_status == {
        IdeaStatus.RECEIVED: 2,
        IdeaStatus.UNDER_REVIEW: 1,
        IdeaStatus.ANSWERED: 6,
    }
    assert figures.by_outcome == {
        IdeaOutcome.ADOPTED: 4,
        IdeaOutcome.PARTLY_ADOPTED: 1,
        IdeaOutcome.NOT_ADOPTED: 1,
    }
    overall = figures.overall
    assert (overall.received, overall.answered, overall.answered_on_time) == (9, 6, 4)
    assert overall.on_time_share == pytest.approx(4 / 6)
    # [1.5, 3.0, 5.0, 14.6, 14.625, 20.0]: the middle two are 5.0 and 14.6.
    assert overall.median_days == 9.8
    assert figures.overdue == 2  # d and i
    assert figures.response_days == 14


def test_the_months_are_seoul_months_of_receipt(ideas):
    months = accountability(TODAY).months
    assert len(months) == 12
    assert months[0].month == date(2025, 4, 1) and months[-1].month == date(2026, 3, 1)
    assert [m.month for m in months] == sorted({m.month for m in months})  # oldest first
    by_month = {m.month: m for m in months}
    january, february, march = (by_month[date(2026, n, 1)] for n in (1, 2, 3))
    # The idea of 31 January 16:00 UTC is February's; the one two hours earlier January's.
    assert (january.received, january.answered, january.answered_on_time) == (1, 1, 0)
    assert january.on_time_share == 0 and january.median_days == 20.0
    assert (february.received, february.answered, february.answered_on_time) == (3, 2, 2)
    assert february.on_time_share == 1
    assert february.median_days == 2.3  # the median 2.25, rounded half up
    assert (march.received, march.answered, march.answered_on_time) == (4, 2, 1)
    assert march.on_time_share == 0.5 and march.median_days == 14.6
    # Months without ideas are there, as zero; the 2025 idea is in no month shown.
    empty = [m for m in months if m.month not in (january.month, february.month, march.month)]
    assert len(empty) == 9
    assert all(m.received == m.answered == 0 for m in empty)
    assert all(m.on_time_share is None and m.median_days is None for m in empty)


def test_no_ideas_at_all():
    figures = accountability(TODAY)
    assert figures.overall.received == 0
    assert figures.overall.median_days is None and figures.overall.on_time_share is None
    assert figures.overdue == 0 and len(figures.months) == 12


def test_last_months_cross_the_year():
    assert last_months(date(2026, 2, 28), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


@pytest.mark.parametrize(
    ("largest", "step"), [(0, 1), (1, 1), (5, 1), (6, 2), (10, 2), (11, 5), (26, 10), (240, 50)]
)
def test_tick_steps_are_round(largest, step):
    assert tick_step(largest) == step


def test_bars_are_to_scale(ideas):
    chart = bar_chart(accountability(TODAY).months)
    march = chart.months[-1]
    assert march.received.value == 4 and march.answered.value == 2
    assert march.received.height == pytest.approx(2 * march.answered.height, abs=0.2)
    assert march.received.y + march.received.height == pytest.approx(chart.bottom)
    assert chart.months[0].received.height == 0
    assert chart.ticks[0] == (chart.bottom, 0) and chart.ticks[-1][0] >= chart.top


# --- the page ------------------------------------------------------------------------------------


def test_the_page_in_english(english_client, ideas, monkeypatch):
    monkeypatch.setattr(module, "seoul_today", lambda: TODAY)
    response = english_client.get("/ideas/accountability")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "How the city answers ideas" in html
    assert "9.8 days" in html and "67%" in html
    # The chart: an image with a summary, the same numbers in a table.
    svg = re.search(r"<svg[^>]*>", html).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="answers-chart-title"' in svg
    assert '<title id="answers-chart-title">' in html
    assert "Ideas received and answered each month, Apr 2025 to Mar 2026" in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "url(#answered-hatch)" in html  # told apart by pattern, not only colour
    rows = {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    }
    assert "Feb 2026 3 2 100% 2.3 days" in rows
    assert "Jan 2026 1 1 0% 20.0 days" in rows
    assert "Mar 2026 4 2 50% 14.6 days" in rows
    assert "Jul 2025 0 0 – no answer yet – no answer yet" in rows
    assert '<th scope="row">Feb 2026</th>' in html and "<caption>" in html
    assert "14 days after it was received" in html  # the definition, with the target


def test_the_page_in_korean(client, ideas, monkeypatch):
    monkeypatch.setattr(module, "seoul_today", lambda: TODAY)
    html = client.get("/ideas/accountability", headers={"Accept-Language": "ko"}).get_data(True)
    assert "2026년 2월" in html


def test_the_page_shows_no_staff_data(client):
    department = make_department(name_ko="비밀부서Q", name_en="Secret Desk Q")
    staff = make_user(display_name="Assignee Q", email="assignee.q@example.org")
    make_idea(department=department, assignee=staff, received_at=utcnow() - timedelta(days=3))
    html = client.get("/ideas/accountability").get_data(as_text=True)
    for secret in ("비밀부서Q", "Secret Desk Q", "Assignee Q", "assignee.q@example.org"):
        assert secret not in html
