"""The issue's "Done means": internal notes and staff data never appear in any public output.

A world holds an idea in each state. Each idea carries an internal note with a marker; the
unanswered ones are held by a department and an assignee whose names and emails are unique, and
the answered ones were answered by a staff member just as unique. Then every public page and
output is fetched — every GET route of the URL map that takes no argument or only an idea id
(outside /staff, /admin and /moderation), the idea list and its open-data file with every
sort and filter, the suggestions API, /my/ideas as the author — as an anonymous visitor and
as an ordinary resident, in Korean and in English; none may answer 500, and none may contain
a marker, a staff member's name or email, the department of an unanswered idea, or any
author's email.

Routes built later are picked up from the URL map: the test grows with the site.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.extensions import db
from app.ideas.models import IdeaEvent, IdeaEventKind, IdeaOutcome, IdeaStatus
from tests.factories import login, make_area, make_category, make_user
from tests.ideas.factories import add_note, comment_on, make_department, make_idea, report_comment
from tests.ideas.factories import support as support_idea
from tests.roles import LOGIN, assert_status

NOTE_MARKER = "NOTE-MARKER-k7Qw"
HIDDEN_BODY = "HIDDEN-COMMENT-BODY-x3Lp"
REPORT_REASON = "REPORT-REASON-z9Rt"
ASSIGNEE = ("Assignee Secretname-Q4", "assignee.q4@internal.example")
ANSWERER = ("Answerer Secretname-V8", "answerer.v8@internal.example")
SECRET_DEPARTMENT = ("비밀검토과-M2", "Secret Review Desk M2")  # holds the unanswered ideas
PUBLIC_DEPARTMENT = ("공개답변과-P5", "Public Answers Desk P5")  # gave the answers: public
RESPONSE = "OFFICIAL-RESPONSE-r5Tn"  # public once answered: proves the scan sees pages
SKIPPED_PREFIXES = ("/staff", "/admin", "/moderation", "/_", "/static")
SORTS = ("newest", "supported", "answered")


@pytest.fixture
def world():
    category = make_category()
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.10, 37.60))
    dong = make_area(parent=gu)
    secret = make_department(name_ko=SECRET_DEPARTMENT[0], name_en=SECRET_DEPARTMENT[1])
    public = make_department(name_ko=PUBLIC_DEPARTMENT[0], name_en=PUBLIC_DEPARTMENT[1])
    assignee = make_user(Role.STAFF, display_name=ASSIGNEE[0], email=ASSIGNEE[1])
    answerer = make_user(Role.STAFF, display_name=ANSWERER[0], email=ANSWERER[1])
    people = [make_user(email=f"author{n}.leak@private.example") for n in range(4)]
    states = [
        ("received", IdeaStatus.RECEIVED, None),
        ("received, assigned", IdeaStatus.RECEIVED, None),
        ("under review", IdeaStatus.UNDER_REVIEW, None),
        ("adopted", IdeaStatus.ANSWERED, IdeaOutcome.ADOPTED),
        ("partly adopted", IdeaStatus.ANSWERED, IdeaOutcome.PARTLY_ADOPTED),
        ("not adopted", IdeaStatus.ANSWERED, IdeaOutcome.NOT_ADOPTED),
    ]
    ideas = {}
    for n, (name, status, outcome) in enumerate(states):
        held = name != "received"
        answered = status == IdeaStatus.ANSWERED
        idea = make_idea(
            people[n % 2],
            status,
            title=f"난방 지원 아이디어 {name} {n}",
            category=category,
            area=dong if n % 2 else gu,
            outcome=outcome,
            response=f"{RESPONSE} {n}" if answered else None,
            department=(public if answered else secret) if held else None,
            assignee=assignee if held else None,
            answered_by=answerer if answered else None,
            answering_department=public if answered else None,
        )
        add_note(idea, f"{NOTE_MARKER} {n}: 담당자와 통화함", author=assignee)
        idea.events.append(
            IdeaEvent(
                kind=IdeaEventKind.ASSIGNED,
                actor=answerer,
                department=idea.department,
                assignee=idea.assignee,
            )
        )
        support_idea(idea, people[2])
        comment = comment_on(idea, people[3], f"좋은 생각입니다 {n}")
        report_comment(comment, people[2], reason=REPORT_REASON)
        ideas[name] = idea
    hidden = comment_on(ideas["adopted"], people[2], HIDDEN_BODY)
    hidden.hidden_at, hidden.hidden_reason = hidden.created_at, "개인정보가 있어 숨깁니다"
    db.session.flush()
    forbidden = [NOTE_MARKER, HIDDEN_BODY, REPORT_REASON, *ASSIGNEE, *ANSWERER]
    forbidden += [*SECRET_DEPARTMENT] + [person.email for person in people]
    return SimpleNamespace(
        ideas=ideas,
        authors=people[:2],
        category=category,
        areas=(gu, dong),
        forbidden=forbidden,
    )


def public_urls(app, world) -> list[str]:
    idea_ids = [idea.id for idea in world.ideas.values()]
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(SKIPPED_PREFIXES):
            continue
        if not rule.arguments:
            urls.append(rule.rule)
        elif rule.arguments == {"idea_id"}:
            urls += [rule.build({"idea_id": i}, append_unknown=False)[1] for i in idea_ids]
    filters = [""] + [f"status={s.value}" for s in IdeaStatus]
    filters += [f"category={world.category.id}"] + [f"area={a.id}" for a in world.areas]
    for sort, query in itertools.product(SORTS, filters):
        urls.append(f"/ideas?sort={sort}&{query}")
    urls += ["/ideas?page=2", "/ideas?sort=answered&status=answered&page=1"]
    urls += [f"/ideas/export.csv?{query}" for query in filters]  # the open-data file
    urls += [f"/api/ideas/similar?title={idea.title}" for idea in world.ideas.values()]
    urls.append("/api/ideas/similar?title=난방")
    return urls


def fetch_all(client, urls) -> tuple[dict[str, str], list[str]]:
    fetched, server_errors = {}, []
    for url, language in itertools.product(urls, ("ko", "en")):
        try:
            response = client.get(url, headers={"Accept-Language": language}, buffered=True)
        except Exception as error:  # the testing app lets a view's error through: a 500
            server_errors.append(f"{url} ({language}): {error!r}")
            continue
        if response.status_code >= 500:
            server_errors.append(f"{url}: {response.status_code}")
        key = f"{url} ({language}, {response.status_code})"
        fetched[key] = response.get_data(as_text=True) + str(response.headers)
    return fetched, server_errors


def leaks_in(fetched: dict[str, str], forbidden: list[str]) -> list[str]:
    return [
        f"{secret!r} in {where}"
        for where, text in fetched.items()
        for secret in forbidden
        if secret in text
    ]


@pytest.mark.parametrize("viewer", ["anonymous", "resident"])
def test_no_public_output_shows_staff_data(app, world, viewer):
    client = app.test_client()
    if viewer == "resident":
        login(client, make_user(Role.RESIDENT))
    urls = public_urls(app, world)
    for expected in ("/", "/ideas", "/ideas/accountability"):
        assert expected in urls
    for expected in ("/stories", "/stories/feed.atom"):  # issue 5's, when they exist
        if any(rule.rule == expected for rule in app.url_map.iter_rules()):
            assert expected in urls
    assert f"/ideas/{world.ideas['adopted'].id}" in urls
    fetched, server_errors = fetch_all(client, urls)
    leaks = leaks_in(fetched, world.forbidden)
    assert not leaks and not server_errors, "\n".join(leaks[:20] + server_errors)
    # The scan sees what is public: the ideas, and the answers with the department that gave
    # them (so a leak would have been found).
    everything = "\n".join(fetched.values())
    assert all(idea.title in everything for idea in world.ideas.values())
    assert RESPONSE in everything
    assert PUBLIC_DEPARTMENT[0] in everything and PUBLIC_DEPARTMENT[1] in everything


def test_the_authors_own_list_shows_no_staff_data(app, world):
    for author in world.authors:
        client = app.test_client()
        login(client, author)
        fetched, server_errors = fetch_all(client, ["/my/ideas"])
        assert not server_errors, server_errors
        others = [secret for secret in world.forbidden if secret != author.email]
        leaks = leaks_in(fetched, others)
        assert not leaks, "\n".join(leaks)
        mine = [idea for idea in world.ideas.values() if idea.author_id == author.id]
        assert all(idea.title in "\n".join(fetched.values()) for idea in mine)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", LOGIN),
        (Role.RESIDENT, 403),
        (Role.ORG_MEMBER, 403),
        (Role.MODERATOR, 403),
        (Role.STAFF, 200),
        (Role.ADMIN, 200),
    ],
)
def test_the_staff_export_is_for_staff_only(app, world, who, expected):
    client = app.test_client()
    if who != "anonymous":
        login(client, make_user(who))
    response = client.get("/staff/ideas.csv")
    assert_status(response, expected)
    if expected != 200:
        assert NOTE_MARKER not in response.get_data(as_text=True)
        assert ASSIGNEE[1] not in response.get_data(as_text=True)
