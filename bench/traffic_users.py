"""Locust users for bench/traffic.py: residents who browse and post as people do.

Run by bench/traffic.py (`locust -f bench/traffic_users.py --headless …`), not on its own: it
reads the accounts to sign in as from TRAFFIC_ACCOUNTS (a JSON file the orchestrator wrote)
and writes what the site acknowledged to TRAFFIC_ACKNOWLEDGED when the run stops.

Each request is named after its page group, so Locust's statistics come out per group. A post
counts as acknowledged when the site answered it with the redirect to what was created; a 429
(a posting limit) is the site refusing as configured, counted apart and not as an error.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import random
import re
import threading
from collections import Counter

from locust import HttpUser, between, events, task

FORM = re.compile(r"<form.*?</form>", re.S)
HIDDEN_INPUT = re.compile(r"<input[^>]*type=\"hidden\"[^>]*>")
NAME = re.compile(r"name=\"([^\"]+)\"")
VALUE = re.compile(r"value=\"([^\"]*)\"")
SELECT = r"<select[^>]*name=\"{name}\"[^>]*>(.*?)</select>"
OPTION_VALUE = re.compile(r"<option[^>]*value=\"(\d+)\"")
TEXTAREA_BODY = re.compile(r"<textarea[^>]*name=\"([^\"]*body)\"")
PIN_LINK = re.compile(r"href=\"/pins/(\d+)\"")
IDEA_LINK = re.compile(r"href=\"/ideas/(\d+)\"")

# Central Seoul, where the demo's pins are; map views at the zooms people use.
SEOUL = (126.90, 37.50, 127.08, 37.60)
ZOOM_SPAN = {12: 0.14, 14: 0.035, 16: 0.009}

IDEA_BODY = "여름마다 어르신들이 햇볕 아래에서 버스를 기다립니다. 그늘막이 있으면 좋겠습니다."
COMMENT_BODY = "좋은 생각입니다. 저도 같은 불편을 겪었습니다."

with open(os.environ["TRAFFIC_ACCOUNTS"], encoding="utf-8") as _accounts:
    ACCOUNTS = json.load(_accounts)
_next_account = itertools.count()
_lock = threading.Lock()
acknowledged: Counter[str] = Counter()
refused_by_limit: Counter[str] = Counter()


def hidden_fields(page: str, field: str | None = None) -> dict[str, str]:
    """The hidden inputs (the CSRF token, and a submission key where a form has one) of the
    page's form that has an input named `field` (of the whole page without one), sent back as
    a browser would."""
    if field is not None:
        for form in FORM.findall(page):
            if f'name="{field}"' in form:
                page = form
                break
    fields = {}
    for tag in HIDDEN_INPUT.findall(page):
        name, value = NAME.search(tag), VALUE.search(tag)
        if name:
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return fields


def options(page: str, name: str) -> list[str]:
    found = re.search(SELECT.format(name=re.escape(name)), page, re.S)
    return OPTION_VALUE.findall(found.group(1)) if found else []


class Resident(HttpUser):
    wait_time = between(1, 4)

    def on_start(self) -> None:
        with _lock:
            self.account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        self.rng = random.Random(self.account["email"])
        self.pin_ids: list[str] = []
        self.idea_ids: list[str] = []
        page = self.client.get("/login", name="login").text
        self.client.post(
            "/login",
            data={
                **hidden_fields(page, "password"),
                "email": self.account["email"],
                "password": self.account["password"],
            },
            name="login",
            allow_redirects=False,
        )

    # --- browsing -------------------------------------------------------------------------------

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(2)
    def map_page(self) -> None:
        self.client.get("/map", name="map page")

    @task(10)
    def map_pins(self) -> None:
        zoom = self.rng.choice((12, 14, 16))
        span = ZOOM_SPAN[zoom]
        west = self.rng.uniform(SEOUL[0], SEOUL[2] - span)
        south = self.rng.uniform(SEOUL[1], SEOUL[3] - span / 1.6)
        bbox = f"{west:.5f},{south:.5f},{west + span:.5f},{south + span / 1.6:.5f}"
        self.client.get(f"/api/pins?bbox={bbox}&zoom={zoom}", name="api pins")

    @task(3)
    def pin_list(self) -> None:
        page = self.client.get(f"/pins?page={self.rng.randint(1, 3)}", name="pin list").text
        self.pin_ids = PIN_LINK.findall(page) or self.pin_ids

    @task(3)
    def pin_page(self) -> None:
        if self.pin_ids:
            self.client.get(f"/pins/{self.rng.choice(self.pin_ids)}", name="pin page")

    @task(2)
    def idea_list(self) -> None:
        page = self.client.get("/ideas", name="idea list").text
        self.idea_ids = IDEA_LINK.findall(page) or self.idea_ids

    @task(2)
    def idea_page(self) -> None:
        if self.idea_ids:
            self.client.get(f"/ideas/{self.rng.choice(self.idea_ids)}", name="idea page")

    @task(1)
    def stories(self) -> None:
        self.client.get("/stories", name="stories")

    @task(1)
    def health(self) -> None:
        self.client.get("/health", name="health")

    # --- posting --------------------------------------------------------------------------------

    def _post(self, group: str, path: str, data: dict[str, str]) -> None:
        with self.client.post(
            path, data=data, name=group, allow_redirects=False, catch_response=True
        ) as answer:
            redirected_to = answer.headers.get("Location", "")
            if answer.status_code in (302, 303) and "/login" in redirected_to:
                answer.failure("signed out: sent to the login page")
            elif answer.status_code in (302, 303):
                with _lock:
                    acknowledged[group] += 1
                answer.success()
            elif answer.status_code == 429:
                with _lock:
                    refused_by_limit[group] += 1
                answer.success()
            elif answer.status_code == 200:
                answer.failure("form shown again (refused input)")
            else:
                answer.failure(f"HTTP {answer.status_code}")

    @task(1)
    def post_need(self) -> None:
        page = self.client.get("/pins/new?kind=need", name="need form").text
        categories = options(page, "category")
        if not categories:
            return
        lon = self.rng.uniform(126.93, 127.05)
        lat = self.rng.uniform(37.52, 37.58)
        self._post(
            "post need",
            "/pins/new?kind=need",
            {
                **hidden_fields(page, "title"),
                "category": self.rng.choice(categories),
                "title": "장보기를 도와주실 분을 찾습니다",
                "description": "다리를 다쳐서 이번 주에 시장에 다녀오기가 어렵습니다.",
                "longitude": f"{lon:.6f}",
                "latitude": f"{lat:.6f}",
                "for_whom": "me",
            },
        )

    @task(1)
    def post_idea(self) -> None:
        page = self.client.get("/ideas/new", name="idea form").text
        categories = options(page, "category")
        self._post(
            "post idea",
            "/ideas/new",
            {
                **hidden_fields(page, "title"),
                "title": f"골목 쉼터에 그늘막을 설치해 주세요 ({self.rng.randrange(10**6)})",
                "body": IDEA_BODY,
                "category": self.rng.choice(categories) if categories else "",
                "area": "",
            },
        )

    @task(1)
    def post_comment(self) -> None:
        if not self.idea_ids:
            return
        idea = self.rng.choice(self.idea_ids)
        page = self.client.get(f"/ideas/{idea}", name="idea page").text
        # The comment form's fields are prefixed ("new-comment-body"): found by their ending.
        form = next((f for f in FORM.findall(page) if f"/ideas/{idea}/comments" in f), None)
        body = TEXTAREA_BODY.search(form or "")
        if form is None or body is None:
            return  # comments closed on this idea
        self._post(
            "post comment",
            f"/ideas/{idea}/comments",
            {**hidden_fields(form), body.group(1): COMMENT_BODY},
        )


@events.test_stop.add_listener
def write_acknowledged(**_kwargs) -> None:
    with open(os.environ["TRAFFIC_ACKNOWLEDGED"], "w", encoding="utf-8") as out:
        json.dump({"acknowledged": acknowledged, "refused_by_limit": refused_by_limit}, out)
