"""The main pages of bench/city.py: which URLs, as whom, timed in-process and over HTTP.

The URLs are worked out from the loaded database and from the pages themselves (the list's
next-page link is followed, whatever form it takes), so the program measures whatever code is
checked out. Pages are timed round by round, each round in a rotated order, so that other load
on the shared machine weighs on every page alike.
"""

from __future__ import annotations

import contextvars
import html
import re
import time
from dataclasses import dataclass
from urllib.parse import quote

import city_load
import ideas_pages
import load
from measure import summarise
from resubmit import Browser
from server import HttpClient
from sqlalchemy import text

from app.extensions import db
from app.paging import MAX_NUMBERED_PAGE

ANONYMOUS, STAFF, NOTIFIED = "anonymous", "staff", "notified"
CREDENTIALS = {
    STAFF: (ideas_pages.STAFF_EMAIL, ideas_pages.PASSWORD),
    NOTIFIED: (city_load.NOTIFIED_EMAIL, city_load.PASSWORD),
}
NEXT_LINK = re.compile(r'<a[^>]*rel="next"[^>]*href="([^"]+)"|<a[^>]*href="([^"]+)"[^>]*rel="next"')


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    path: str


def main_pages(app, scale: float, next_hops: int) -> list[Page]:
    """Issue 16's main pages, with ids from the database."""
    with app.app_context():
        one = lambda sql: db.session.scalar(text(sql))  # noqa: E731
        pin = one("SELECT min(id) FROM pins WHERE status = 'open' AND kind = 'offer'")
        idea = one("SELECT min(id) FROM ideas WHERE status = 'answered'")
        contest = one("SELECT max(id) FROM contests")
        category = one("SELECT id FROM categories WHERE slug = 'food'")
        db.session.remove()
    # Numbered pages stop at MAX_NUMBERED_PAGE (a deeper one redirects there); deeper still is
    # the cursor, which the "next" hops below follow.
    deep = min(MAX_NUMBERED_PAGE, max(2, round(500 * scale)))
    gu = load.CENTRAL_GU_CODE
    pages = [
        Page("home", ANONYMOUS, "/"),
        Page("/map", ANONYMOUS, "/map"),
        Page("a pin page", ANONYMOUS, f"/pins/{pin}"),
        Page("/pins page 1", ANONYMOUS, "/pins"),
        Page(f"/pins?page={deep}", ANONYMOUS, f"/pins?page={deep}"),
        Page("/pins category+area", ANONYMOUS, f"/pins?category={category}&area={gu}"),
        # Keyword search: a two-character word many pins hold (most Korean words have two
        # characters: no trigram), and one nobody wrote (the planner's worst case).
        Page("/pins?q=이불", ANONYMOUS, "/pins?q=" + quote("이불")),
        Page("/pins?q=궁궐 (no match)", ANONYMOUS, "/pins?q=" + quote("궁궐")),
        Page("/areas", ANONYMOUS, "/areas"),
        Page("a gu page", ANONYMOUS, f"/areas/{gu}"),
        Page("/ideas", ANONYMOUS, "/ideas"),
        Page("/ideas?sort=supported", ANONYMOUS, "/ideas?sort=supported"),
        Page("an idea page", ANONYMOUS, f"/ideas/{idea}"),
        Page("/ideas/accountability", ANONYMOUS, "/ideas/accountability"),
        Page("/staff/ideas (staff)", STAFF, "/staff/ideas"),
        Page("/stories", ANONYMOUS, "/stories"),
        Page("the feed", ANONYMOUS, "/stories/feed.atom"),
        Page("/contests", ANONYMOUS, "/contests"),
        Page("/contests/<id>/results", ANONYMOUS, f"/contests/{contest}/results"),
        Page("/notifications (2,000)", NOTIFIED, "/notifications"),
        Page("/staff/inbox (staff)", STAFF, "/staff/inbox"),
    ]
    following = next_link_path(app, "/pins", next_hops)
    if following:
        pages.insert(5, Page(f"/pins next link x{next_hops}", ANONYMOUS, following))
    return pages


def next_link_path(app, start: str, hops: int) -> str | None:
    """The URL reached by following the page's rel="next" link `hops` times (page numbers,
    a keyset cursor: whatever the list offers); None if it has no such link."""
    client, path = app.test_client(), start
    for _ in range(hops):
        body = client.get(path).get_data(as_text=True)
        found = NEXT_LINK.search(body)
        if not found:
            return None
        path = html.unescape(found.group(1) or found.group(2))
    return path


def test_clients(app) -> dict:
    """A Flask test client per role, signed in through the login form."""
    clients = {ANONYMOUS: app.test_client()}
    for role, (email, password) in CREDENTIALS.items():
        client = app.test_client()
        answer = client.post("/login", data={"email": email, "password": password})
        assert answer.status_code == 302, f"{role} login: {answer.status_code}"
        clients[role] = client
    return clients


def http_clients(port: int) -> dict:
    """An HTTP client per role, signed in over HTTP (CSRF token and session cookie)."""
    clients = {ANONYMOUS: HttpClient(port)}
    for role, (email, password) in CREDENTIALS.items():
        browser = Browser(port)
        _status, page = browser.request("GET", "/login")
        form = {
            "email": email,
            "password": password,
            "csrf_token": browser.hidden(page, "csrf_token"),
        }
        status, _page = browser.request("POST", "/login", form)
        assert status == 302, f"{role} login over HTTP: {status}"
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        client = HttpClient(port)
        client.headers["Cookie"] = cookie
        clients[role] = client
    return clients


def time_pages(fetchers: dict, requests: int, warmup: int, counters=None) -> dict:
    """name -> fetch(): p50/p95/mean/max, bytes, and statements per request (in-process)."""
    names = list(fetchers)
    for _ in range(warmup):
        for fetch in fetchers.values():
            fetch()
    seconds = {name: [] for name in names}
    sizes = {name: [] for name in names}
    queries = dict.fromkeys(names, 0)
    for i in range(requests):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            if counters:
                counters.reset()
            started = time.perf_counter()
            sizes[name].append(fetchers[name]())
            seconds[name].append(time.perf_counter() - started)
            if counters:
                queries[name] += counters.figures["queries"]
    return {
        name: summarise(seconds[name], sizes[name]).as_dict()
        | ({"queries": queries[name] / requests} if counters else {})
        for name in names
    }


def in_process(app, pages: list[Page], requests: int, warmup: int, counters) -> dict:
    clients = test_clients(app)

    def fetcher(page: Page):
        def fetch() -> int:
            # A fresh context per request, as a server gives each (flask-login's user cache).
            answer = contextvars.Context().run(clients[page.role].get, page.path)
            assert answer.status_code == 200, f"{page.path}: HTTP {answer.status_code}"
            return len(answer.get_data())

        return fetch

    return time_pages({p.name: fetcher(p) for p in pages}, requests, warmup, counters)


def over_http(port: int, pages: list[Page], requests: int, warmup: int) -> dict:
    clients = http_clients(port)

    def fetcher(page: Page):
        def fetch() -> int:
            answer = clients[page.role].get(page.path)
            assert answer.status == 200, f"{page.path}: HTTP {answer.status}"
            return len(answer.body)

        return fetch

    try:
        return time_pages({p.name: fetcher(p) for p in pages}, requests, warmup)
    finally:
        for client in clients.values():
            client.close()
