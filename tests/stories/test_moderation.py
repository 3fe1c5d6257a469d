"""Moderating stories: the queue, the moderation page, every transition (and every refusal),
the moderator's edit with the original text kept, the log, and what the author is told.

Who may open these pages is in test_moderation_permissions.py; two moderators at once
in test_concurrency.py.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.accounts.models import Role
from app.clock import utcnow
from app.extensions import db
from app.matching.models import Match, MatchStatus
from app.notifications.models import Notification, NotificationKind
from app.pins.models import PinKind
from app.stories.models import ModerationAction, ModerationLogEntry, Story, StoryStatus
from app.stories.moderation.log import log_action
from app.stories.moderation.queries import LOG_PER_PAGE
from app.stories.moderation.services import ModerationError, approve_story, edit_story
from tests.contests.factories import make_contest, make_proposal
from tests.factories import field_error, login, make_pin, make_user, reload
from tests.hostile import ALL_HOSTILE, executable_parts
from tests.stories.factories import make_campaign, make_story, report_story

S = StoryStatus


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def moderator():
    return make_user(Role.MODERATOR, display_name="Mod Kim")


@pytest.fixture
def mod_client(client, moderator):
    login(client, moderator)
    return client


def act(client, story, action, **data):
    data.setdefault("version", story.version)
    return client.post(f"/moderation/stories/{story.id}/{action}", data=data)


def log_of(story) -> list[ModerationLogEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(ModerationLogEntry)
            .where(ModerationLogEntry.story_id == story.id)
            .order_by(ModerationLogEntry.id)
        )
    )


def notifications_of(user) -> list[Notification]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def story_in(status: StoryStatus, **fields) -> Story:
    """A story in this status, as it would get there (a hidden one has its reports)."""
    story = make_story(status=status, **fields)
    if status in (S.HIDDEN, S.UNPUBLISHED, S.REJECTED) and story.published_at is None:
        story.published_at = None if status == S.REJECTED else utcnow() - timedelta(days=3)
    if status == S.REJECTED:
        story.rejection_reason = fields.get("rejection_reason", "Too short")
    if status == S.HIDDEN:
        for _ in range(3):
            report_story(story)
    db.session.flush()
    return story


# --- the queue -----------------------------------------------------------------------------------


def test_queue_lists_pending_stories_oldest_first(mod_client):
    now = utcnow()
    newer = make_story(status=S.PENDING, title="Newer one", submitted_at=now - timedelta(hours=1))
    older = make_story(status=S.PENDING, title="Older one", submitted_at=now - timedelta(days=2))
    make_story(status=S.PUBLISHED, title="Already public")
    response = mod_client.get("/moderation/stories")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.index("Older one") < html.index("Newer one")
    assert "Already public" not in html
    assert f"/moderation/stories/{older.id}" in html and f"/moderation/stories/{newer.id}" in html


def test_queue_of_hidden_stories_shows_their_open_report_counts(mod_client):
    story = story_in(S.HIDDEN, title="Reported one")
    report = report_story(story)
    report.resolved_at = utcnow()  # dealt with before: not counted
    db.session.flush()
    html = mod_client.get("/moderation/stories?status=hidden").get_data(as_text=True)
    row = re.search(r"Reported one.*?</tr>", html, re.S).group(0)
    assert re.search(r'class="report-count">3<', row)


@pytest.mark.parametrize("status", ["published", "rejected", "unpublished"])
def test_queue_by_other_statuses(mod_client, status):
    make_story(status=S(status), title=f"A {status} story")
    make_story(status=S.PENDING, title="A pending story")
    html = mod_client.get(f"/moderation/stories?status={status}").get_data(as_text=True)
    assert f"A {status} story" in html
    assert "A pending story" not in html


@pytest.mark.parametrize("status", ["withdrawn", "nonsense"])
def test_queue_of_an_unknown_status_is_404(mod_client, status):
    assert mod_client.get(f"/moderation/stories?status={status}").status_code == 404


# --- the moderation page -------------------------------------------------------------------------


def test_moderation_page_shows_what_a_moderator_needs(mod_client, moderator):
    author = make_user(display_name="Writer Lee", email="writer@example.org")
    contest = make_contest()
    proposal = make_proposal(contest, title="Side dishes for elders")
    story = make_story(
        author,
        status=S.PUBLISHED,
        title="Winter together",
        body="We **shared** coal.",
        about_other_person=True,
        proposal=proposal,
    )
    report_story(story, make_user(display_name="Reader Park"), reason="It names my neighbour")
    edit_story(
        story, moderator, story.version, title="Winter, together", body="We shared.", note="typo"
    )
    db.session.flush()
    html = mod_client.get(f"/moderation/stories/{story.id}").get_data(as_text=True)
    assert "Writer Lee" in html and "writer@example.org" in html
    assert "the author confirmed their consent" in html
    assert "Side dishes for elders" in html
    assert "It names my neighbour" in html and "Reader Park" in html
    assert "We shared." in html  # the text now
    assert "<strong>shared</strong>" in html  # the author's original, rendered, in the revisions
    assert "The author's original" in html
    assert "typo" in html and "Mod Kim" in html  # the log
    # Every action form carries the version the page shows.
    versions = re.findall(r'name="version" value="(\d+)"', html)
    assert versions and set(versions) == {str(reload(story).version)}
    assert f'action="/moderation/stories/{story.id}/unpublish"' in html
    assert f'action="/moderation/stories/{story.id}/feature"' in html
    assert f'action="/moderation/stories/{story.id}/dismiss-reports"' in html


def test_moderation_page_shows_the_linked_match(mod_client):
    need = make_pin(title="Coal for winter")
    offer = make_pin(kind=PinKind.OFFER, title="Coal to give")
    match = Match(need=need, offer=offer, status=MatchStatus.FULFILLED, fulfilled_at=utcnow())
    db.session.add(match)
    db.session.flush()
    story = make_story(status=S.PENDING, match=match)
    html = mod_client.get(f"/moderation/stories/{story.id}").get_data(as_text=True)
    assert "Coal for winter" in html and "Coal to give" in html
    assert need.category.name_en in html


def test_moderation_page_of_an_unknown_story_is_404(mod_client):
    assert mod_client.get("/moderation/stories/999999").status_code == 404


# --- transitions that work -----------------------------------------------------------------------

# action, starting status, featured?, data, status after, logged action
TRANSITIONS = [
    ("approve", S.PENDING, False, {}, S.PUBLISHED, ModerationAction.APPROVE),
    ("reject", S.PENDING, False, {"rejection_reason": "No"}, S.REJECTED, ModerationAction.REJECT),
    ("feature", S.PUBLISHED, False, {}, S.PUBLISHED, ModerationAction.FEATURE),
    ("unfeature", S.PUBLISHED, True, {}, S.PUBLISHED, ModerationAction.UNFEATURE),
    (
        "unpublish",
        S.PUBLISHED,
        False,
        {"unpublish_reason": "Names"},
        S.UNPUBLISHED,
        ModerationAction.UNPUBLISH,
    ),
    (
        "unpublish",
        S.HIDDEN,
        False,
        {"unpublish_reason": "Names"},
        S.UNPUBLISHED,
        ModerationAction.UNPUBLISH,
    ),
    ("republish", S.UNPUBLISHED, False, {}, S.PUBLISHED, ModerationAction.REPUBLISH),
    ("restore", S.HIDDEN, False, {}, S.PUBLISHED, ModerationAction.RESTORE),
]


@pytest.mark.parametrize(("action", "start", "featured", "data", "after", "logged"), TRANSITIONS)
def test_transition_changes_the_story_and_is_logged(
    mod_client, moderator, action, start, featured, data, after, logged
):
    story = story_in(start, featured=featured)
    before = story.version
    response = act(mod_client, story, action, **data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/moderation/stories/{story.id}")
    story = reload(story)
    assert story.status == after
    assert story.version == before + 1
    entries = log_of(story)
    assert [(e.action, e.moderator_id) for e in entries] == [(logged, moderator.id)]
    assert entries[0].reason == next(iter(data.values()), "")
    follow = mod_client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="flash flash-success"' in follow


def test_feature_and_unfeature(mod_client):
    story = story_in(S.PUBLISHED)
    act(mod_client, story, "feature")
    assert reload(story).is_featured
    act(mod_client, reload(story), "unfeature")
    assert reload(story).featured_at is None


def test_dismissing_reports_keeps_the_story_published(mod_client, moderator):
    story = story_in(S.PUBLISHED)
    first, second = report_story(story), report_story(story)
    response = act(mod_client, story, "dismiss-reports")
    assert response.status_code == 302
    story = reload(story)
    assert story.status == S.PUBLISHED and story.open_reports == []
    assert {r.resolved_by_id for r in (reload(first), reload(second))} == {moderator.id}
    assert [e.action for e in log_of(story)] == [ModerationAction.DISMISS_REPORTS]


@pytest.mark.parametrize(
    ("action", "data"), [("restore", {}), ("unpublish", {"unpublish_reason": "Names"})]
)
def test_restoring_or_unpublishing_a_hidden_story_closes_its_reports(
    mod_client, moderator, action, data
):
    story = story_in(S.HIDDEN)
    act(mod_client, story, action, **data)
    story = reload(story)
    assert story.open_reports == []
    assert {r.resolved_by_id for r in story.reports} == {moderator.id}
    assert all(r.resolved_at is not None for r in story.reports)


def test_first_approval_is_the_publication_date(mod_client):
    story = story_in(S.PENDING)
    assert story.published_at is None
    act(mod_client, story, "approve")
    first = reload(story).published_at
    assert first is not None
    act(mod_client, reload(story), "unpublish", unpublish_reason="A name in it")
    act(mod_client, reload(story), "republish")
    assert reload(story).published_at == first
    # A story published once, rejected after the author changed it, keeps its date too.
    again = story_in(S.PENDING, published_at=utcnow() - timedelta(days=30))
    kept = again.published_at
    act(mod_client, again, "approve")
    assert reload(again).published_at == kept


def test_unpublishing_takes_a_story_off_the_home_page(mod_client):
    story = story_in(S.PUBLISHED, featured=True)
    assert story.is_featured
    act(mod_client, story, "unpublish", unpublish_reason="Not about help given")
    story = reload(story)
    assert story.featured_at is None and not story.is_featured
    act(mod_client, story, "republish")
    assert not reload(story).is_featured  # featuring again is a decision of its own


# --- transitions from the wrong state ------------------------------------------------------------

ALL = set(S)
WRONG_STATES = (
    [("approve", s, False, {}) for s in ALL - {S.PENDING}]
    + [("reject", s, False, {"rejection_reason": "No"}) for s in ALL - {S.PENDING}]
    + [("feature", s, False, {}) for s in ALL - {S.PUBLISHED}]
    + [("feature", S.PUBLISHED, True, {})]  # already featured
    + [("unfeature", s, False, {}) for s in ALL]  # not featured
    + [
        ("unpublish", s, False, {"unpublish_reason": "Names"})
        for s in ALL - {S.PUBLISHED, S.HIDDEN}
    ]
    + [("republish", s, False, {}) for s in ALL - {S.UNPUBLISHED}]
    + [("restore", s, False, {}) for s in ALL - {S.HIDDEN}]
    + [("dismiss-reports", s, False, {}) for s in ALL - {S.PUBLISHED}]
    + [("dismiss-reports", S.PUBLISHED, False, {})]  # no open reports
)


@pytest.mark.parametrize(
    ("action", "start", "featured", "data"),
    WRONG_STATES,
    ids=[f"{a}-{s.value}{'-featured' if f else ''}" for a, s, f, _ in WRONG_STATES],
)
def test_transition_from_a_wrong_state_is_refused_and_changes_nothing(
    mod_client, action, start, featured, data
):
    story = story_in(start, featured=featured)
    before = (story.status, story.version, story.featured_at, len(story.open_reports))
    response = act(mod_client, story, action, **data)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    message = re.search(r'id="action-error"><p>(.*?)</p>', html, re.S)
    assert message and message.group(1).strip()
    story = reload(story)
    assert (story.status, story.version, story.featured_at, len(story.open_reports)) == before
    assert log_of(story) == []
    assert notifications_of(story.author) == []


def test_services_refuse_wrong_states_too(moderator):
    story = story_in(S.PUBLISHED)
    with pytest.raises(ModerationError) as refused:
        approve_story(story, moderator, story.version)
    with force_locale("en"):  # outside a request the default language, Korean, would apply
        assert "waiting for review" in str(refused.value.message)
    withdrawn = story_in(S.WITHDRAWN)
    with pytest.raises(ModerationError):
        edit_story(withdrawn, moderator, withdrawn.version, title="t", body="b", note="n")


@pytest.mark.parametrize(
    ("action", "start", "field"),
    [("reject", S.PENDING, "rejection_reason"), ("unpublish", S.PUBLISHED, "unpublish_reason")],
)
@pytest.mark.parametrize(("reason", "message"), [("  ", "Give a reason"), ("x" * 1001, "at most")])
def test_a_reason_is_required_and_limited(mod_client, action, start, field, reason, message):
    story = story_in(start)
    response = act(mod_client, story, action, **{field: reason})
    assert response.status_code == 400
    assert message in field_error(response.get_data(as_text=True), field)
    story = reload(story)
    assert story.status == start and log_of(story) == []


def test_a_reason_of_1000_characters_is_accepted(mod_client):
    story = story_in(S.PENDING)
    assert act(mod_client, story, "reject", rejection_reason="y" * 1000).status_code == 302
    assert reload(story).rejection_reason == "y" * 1000


def test_an_action_without_a_version_is_refused(mod_client):
    story = story_in(S.PENDING)
    response = mod_client.post(f"/moderation/stories/{story.id}/approve", data={})
    assert response.status_code == 400
    assert reload(story).status == S.PENDING


# --- the moderator's edit ------------------------------------------------------------------------


def edit(client, story, **data):
    data.setdefault("version", story.version)
    data.setdefault("title", story.title)
    data.setdefault("body", story.body)
    data.setdefault("note", "Removed a name")
    return client.post(f"/moderation/stories/{story.id}/edit", data=data)


def test_edit_form_shows_the_current_text(mod_client):
    story = story_in(S.PENDING, title="As written", body="Original *words*")
    response = mod_client.get(f"/moderation/stories/{story.id}/edit")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'value="As written"' in html and "Original *words*" in html
    assert re.search(rf'<input name="version" type="hidden" value="{story.version}">', html)


def test_two_edits_keep_the_original_and_are_logged(mod_client, moderator):
    story = story_in(S.PUBLISHED, title="Original title", body="Original body, Kim Minsu.")
    response = edit(mod_client, story, body="Body, a neighbour.", note="Removed a full name")
    assert response.status_code == 302
    story = reload(story)
    second = make_user(Role.ADMIN, display_name="Admin Choi")
    mod_client.post("/logout")
    login(mod_client, second)
    assert edit(mod_client, story, title="Better title", note="Clearer title").status_code == 302
    story = reload(story)
    assert (story.title, story.body) == ("Better title", "Body, a neighbour.")
    first_revision, second_revision = story.revisions
    assert (first_revision.title, first_revision.body) == (
        "Original title",
        "Original body, Kim Minsu.",
    )
    assert first_revision.edited_by_id == moderator.id
    assert first_revision.note == "Removed a full name"
    assert (second_revision.title, second_revision.body) == ("Original title", "Body, a neighbour.")
    assert second_revision.edited_by_id == second.id
    assert [(e.action, e.moderator_id, e.reason) for e in log_of(story)] == [
        (ModerationAction.EDIT, moderator.id, "Removed a full name"),
        (ModerationAction.EDIT, second.id, "Clearer title"),
    ]
    assert story.status == S.PUBLISHED  # an edit does not change where the story stands
    # Both earlier versions are on the moderation page.
    html = mod_client.get(f"/moderation/stories/{story.id}").get_data(as_text=True)
    assert "Original body, Kim Minsu." in html and "Body, a neighbour." in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"note": ""}, "note", "Say why"),
        ({"note": "x" * 501}, "note", "at most"),
        ({"title": ""}, "title", "Enter a title"),
        ({"title": "x" * 151}, "title", "at most"),
        ({"body": ""}, "body", "Write the story"),
        ({"body": "Call 010-1234-5678"}, "body", "phone number"),
        ({"title": "Mail me@example.org"}, "title", "email address"),
    ],
)
def test_edit_is_checked_like_the_authors_form(mod_client, data, field, message):
    story = story_in(S.PENDING, title="Before", body="Before body")
    response = edit(mod_client, story, **{"body": "Changed body", **data})
    assert response.status_code == 400
    assert message in (field_error(response.get_data(as_text=True), field) or "")
    story = reload(story)
    assert (story.title, story.body, story.revisions) == ("Before", "Before body", [])
    assert log_of(story) == []


def test_an_edit_that_changes_nothing_is_refused(mod_client):
    story = story_in(S.PENDING)
    response = edit(mod_client, story)
    assert response.status_code == 409
    assert "unchanged" in response.get_data(as_text=True)
    assert reload(story).revisions == [] and log_of(story) == []


@pytest.mark.parametrize("status", [s for s in S if s != S.WITHDRAWN])
def test_any_story_but_a_withdrawn_one_can_be_edited(mod_client, status):
    story = story_in(status)
    assert edit(mod_client, story, body="New words").status_code == 302
    assert reload(story).body == "New words"


def test_a_withdrawn_story_cannot_be_edited(mod_client):
    story = story_in(S.WITHDRAWN, body="The author's words")
    response = mod_client.get(f"/moderation/stories/{story.id}/edit")
    assert response.status_code == 302
    response = edit(mod_client, story, body="New words")
    assert response.status_code == 409
    assert "withdrew" in response.get_data(as_text=True)
    assert reload(story).body == "The author's words" and log_of(story) == []


def test_hostile_text_in_an_edit_runs_nowhere_on_the_moderation_pages(mod_client, moderator):
    story = story_in(S.PUBLISHED, title="<script>alert(1)</script>", body=ALL_HOSTILE)
    report_story(story, reason=ALL_HOSTILE[:500])
    response = edit(
        mod_client,
        story,
        title='"><svg onload=alert(2)>',
        body=ALL_HOSTILE + "\n\nmore",
        note=ALL_HOSTILE[:500],
    )
    assert response.status_code == 302
    act(mod_client, reload(story), "unpublish", unpublish_reason=ALL_HOSTILE)
    for path in (
        f"/moderation/stories/{story.id}",
        f"/moderation/stories/{story.id}/edit",
        "/moderation/stories?status=unpublished",
        "/moderation/log",
        f"/moderation/log?story={story.id}",
    ):
        html = mod_client.get(path).get_data(as_text=True)
        assert executable_parts(html) == [], path


# --- what the author is told ---------------------------------------------------------------------


def _expected(language: str, text: str, **values) -> str:
    from flask_babel import lazy_gettext

    with force_locale(language):
        return str(lazy_gettext(text)) % values


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize(
    ("action", "start", "data", "kind", "subject", "reason"),
    [
        (
            "approve",
            S.PENDING,
            {},
            NotificationKind.STORY_PUBLISHED,
            "Your story “%(title)s” is published",
            None,
        ),
        (
            "reject",
            S.PENDING,
            {"rejection_reason": "Please leave out the address."},
            NotificationKind.STORY_REJECTED,
            "Your story “%(title)s” was not accepted",
            "Please leave out the address.",
        ),
        (
            "unpublish",
            S.PUBLISHED,
            {"unpublish_reason": "It names a neighbour."},
            NotificationKind.STORY_UNPUBLISHED,
            "Your story “%(title)s” was unpublished",
            "It names a neighbour.",
        ),
    ],
)
def test_the_author_is_told_in_their_language(
    mod_client, language, action, start, data, kind, subject, reason
):
    author = make_user(preferred_language=language)
    story = story_in(start, author=author, title="Coal in winter")
    act(mod_client, story, action, **data)
    (notification,) = notifications_of(author)
    assert notification.kind == kind
    assert notification.subject == _expected(language, subject, title="Coal in winter")
    assert notification.link == f"/stories/{story.id}"
    if reason:
        assert reason in notification.body
    if language == "en":
        assert "Coal in winter" in notification.body


def test_an_english_author_reads_english_whatever_the_moderators_language(app, moderator):
    author = make_user(preferred_language="en")
    story = story_in(S.PENDING, author=author, title="Coal")
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ko"
    login(client, moderator)
    act(client, story, "reject", rejection_reason="Too short.")
    (notification,) = notifications_of(author)
    assert notification.subject == "Your story “Coal” was not accepted"
    assert notification.body.startswith("A moderator did not accept your story “Coal”")


@pytest.mark.parametrize(("action", "start"), [("republish", S.UNPUBLISHED), ("restore", S.HIDDEN)])
def test_publishing_again_tells_the_author(mod_client, action, start):
    story = story_in(start)
    act(mod_client, story, action)
    (notification,) = notifications_of(story.author)
    assert notification.kind == NotificationKind.STORY_PUBLISHED


def test_features_and_edits_and_dismissals_tell_nobody(mod_client):
    story = story_in(S.PUBLISHED)
    report_story(story)
    act(mod_client, story, "feature")
    edit(mod_client, reload(story), body="Edited")
    act(mod_client, reload(story), "dismiss-reports")
    assert notifications_of(story.author) == []


def test_the_rejection_reason_is_for_the_author_and_never_public(client, mod_client):
    author = make_user()
    story = story_in(S.PENDING, author=author, title="My coal story")
    reason = "Please remove the street name SECRET-REASON."
    act(mod_client, story, "reject", rejection_reason=reason)
    (notification,) = notifications_of(author)
    assert reason in notification.body
    assert reload(story).rejection_reason == reason
    mod_client.post("/logout")
    login(client, author)
    assert "SECRET-REASON" in client.get(f"/stories/{story.id}").get_data(as_text=True)
    # The author changes it and it is approved: the reason goes with the rejection.
    story = reload(story)
    story.status = S.PENDING
    db.session.flush()
    client.post("/logout")
    moderator = make_user(Role.MODERATOR)
    login(client, moderator)
    act(client, story, "approve")
    assert reload(story).rejection_reason is None
    client.post("/logout")
    for path in (f"/stories/{story.id}", "/stories", "/stories/feed.atom", "/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "SECRET-REASON" not in response.get_data(as_text=True), path


def test_an_unpublishing_reason_is_not_public_after_publishing_again(client, mod_client):
    story = story_in(S.PUBLISHED, title="Back again")
    act(mod_client, story, "unpublish", unpublish_reason="SECRET-UNPUBLISH for now")
    act(mod_client, reload(story), "republish")
    mod_client.post("/logout")
    for path in (f"/stories/{story.id}", "/stories", "/stories/feed.atom"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "SECRET-UNPUBLISH" not in response.get_data(as_text=True), path


# --- the log -------------------------------------------------------------------------------------


def test_log_lists_actions_newest_first_with_who_and_why(mod_client, moderator):
    story = story_in(S.PENDING, title="Logged story")
    act(mod_client, story, "reject", rejection_reason="Reason one")
    hidden = story_in(S.PUBLISHED, title="Hidden by readers")
    log_action(ModerationAction.HIDE_BY_REPORTS, None, story=hidden)
    campaign = make_campaign(title_en="Winter call")
    log_action(ModerationAction.CREATE_CAMPAIGN, moderator, campaign=campaign)
    html = mod_client.get("/moderation/log").get_data(as_text=True)
    assert (
        html.index("Campaign created") < html.index("Hidden after readers") < html.index("Rejected")
    )
    assert "the site" in html and "Mod Kim" in html and "Reason one" in html
    assert f'href="/moderation/stories/{story.id}"' in html
    assert f'href="/stories/campaigns/{campaign.id}"' in html


def test_log_filtered_by_story(mod_client):
    story = story_in(S.PENDING, title="This one")
    other = story_in(S.PENDING, title="Another one")
    act(mod_client, story, "approve")
    act(mod_client, other, "approve")
    mod_client.get("/moderation/stories")  # shows the flashed messages
    html = mod_client.get(f"/moderation/log?story={story.id}").get_data(as_text=True)
    assert "This one" in html and "Another one" not in html
    assert mod_client.get("/moderation/log?story=999999").status_code == 404


def test_log_is_paginated(mod_client, moderator):
    story = story_in(S.PUBLISHED)
    for n in range(LOG_PER_PAGE + 1):
        log_action(ModerationAction.EDIT, moderator, story=story, reason=f"note-{n:03d}")
    first = mod_client.get(f"/moderation/log?story={story.id}").get_data(as_text=True)
    assert f"note-{LOG_PER_PAGE:03d}" in first and "note-000" not in first
    second = mod_client.get(f"/moderation/log?story={story.id}&page=2").get_data(as_text=True)
    assert "note-000" in second


# --- the panel on the public story page ----------------------------------------------------------


def test_moderators_see_a_panel_on_the_story_page(client, moderator):
    story = story_in(S.PUBLISHED)
    report_story(story)
    reader = make_user()
    login(client, reader)
    html = client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "moderation-panel-heading" not in html
    client.post("/logout")
    login(client, moderator)
    html = client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "moderation-panel-heading" in html
    assert f'href="/moderation/stories/{story.id}"' in html
