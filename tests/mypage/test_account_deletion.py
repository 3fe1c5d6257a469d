"""Deleting one's account: the row is anonymised, needs and offers withdrawn with the other side
told, public texts kept without the name wherever they are shown, everything else removed; the
old password and every login stop working, and the address may register again."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import LoginSession, Role, User
from app.accounts.services import authenticate, register_user
from app.alerts.models import AlertSubscription
from app.extensions import db
from app.ideas.models import Idea, IdeaSupport
from app.matching.models import MatchStatus
from app.matching.services import accept_match, propose_match
from app.matching.threads.models import SharedContact
from app.matching.threads.services import add_message, share_contact
from app.notifications.models import Notification, NotificationKind
from app.pins.models import PinKind, PinStatus
from tests.alerts.factories import make_places, subscribe
from tests.factories import (
    PASSWORD,
    add_member,
    field_error,
    login,
    make_category,
    make_organisation,
    make_pin,
    make_user,
    reload,
)
from tests.ideas.factories import comment_on, make_idea, support
from tests.stories.factories import make_story

EMAIL = "leaving@example.org"


def _delete(client, password=PASSWORD, confirmation="delete my account"):
    return client.post(
        "/my/delete", data={"current_password": password, "confirmation": confirmation}
    )


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_deleting_anonymises_withdraws_notifies_and_removes(app, english_client):
    me = make_user(email=EMAIL, display_name="Lee Leaving")
    helper = make_user(display_name="Helper Choi")
    category = make_category()
    need = make_pin(me, category=category, title="My need")
    offer = make_pin(helper, kind=PinKind.OFFER, category=category, title="Choi's soup")
    match = propose_match(need, offer, helper)
    accept_match(match, me)
    add_message(match, me, "I live above the pharmacy")
    add_message(match, helper, "See you Tuesday")
    share_contact(match, me, True, "010-9999-0000")
    idea = make_idea(me, title="An idea that stays")
    support(make_idea(helper), me)
    commented = make_idea(helper, title="Choi's idea")
    comment_on(commented, me, body="A comment that stays")
    story = make_story(me, title="A story that stays")
    places = make_places()
    subscribe(me, [places.west])
    db.session.flush()
    other_browser = app.test_client()
    login(other_browser, me)
    login(english_client, me)

    before = db.session.scalar(select(func.max(Notification.id))) or 0
    response = _delete(english_client)
    assert response.status_code == 302 and response.headers["Location"] == "/"

    person = reload(me)
    assert person.deleted_at is not None and not person.is_active_account
    assert person.email != EMAIL and person.stored_name == ""
    assert reload(need).status == PinStatus.WITHDRAWN
    assert reload(match).status == MatchStatus.CANCELLED
    assert reload(offer).status == PinStatus.OPEN  # the helper's offer is open again
    told = db.session.scalars(
        select(Notification).where(Notification.user_id == helper.id, Notification.id > before)
    ).all()
    # Once, and why: not also "the other side withdrew" for the pins it withdrew.
    assert [n.kind for n in told] == [NotificationKind.MATCH_ENDED_ACCOUNT_DELETED]
    assert "Choi's soup" in told[0].body
    for gone in (
        _count(Notification, Notification.user_id == me.id),
        _count(LoginSession, LoginSession.user_id == me.id),
        _count(IdeaSupport, IdeaSupport.user_id == me.id),
        _count(SharedContact, SharedContact.shared_by_id == me.id),
        _count(AlertSubscription, AlertSubscription.user_id == me.id),
    ):
        assert gone == 0

    # Logins end everywhere; the old password opens nothing; the address registers again.
    assert english_client.get("/my").status_code == 302
    assert other_browser.get("/my").status_code == 302
    assert authenticate(EMAIL, PASSWORD) is None
    assert register_user(EMAIL, "Lee Again", PASSWORD, None).email == EMAIL

    # Public texts stay, without the name, on every page and feed that shows them.
    for path, text in (
        (f"/ideas/{idea.id}", "An idea that stays"),
        (f"/stories/{story.id}", "A story that stays"),
        ("/stories/feed.atom", "A story that stays"),
    ):
        page = english_client.get(path).get_data(as_text=True)
        assert text in page and "Lee Leaving" not in page, path
        assert "a former member" in page, path
    comment_page = english_client.get(f"/ideas/{commented.id}").get_data(as_text=True)
    assert "A comment that stays" in comment_page and "a former member" in comment_page

    # The other side's thread: the person's words are gone, with a note; theirs stay.
    login(english_client, helper)
    thread = english_client.get(f"/matches/{match.id}").get_data(as_text=True)
    assert "above the pharmacy" not in thread and "010-9999-0000" not in thread
    assert "Message removed: its writer deleted their account." in thread
    assert "See you Tuesday" in thread and "Lee Leaving" not in thread


def test_the_name_reads_in_the_readers_language(client):
    me = make_user()
    idea = make_idea(me, title="공개 제안")
    login(client, me)
    assert _delete(client, confirmation="계정 삭제").status_code == 302
    assert "탈퇴한 회원" in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_a_wrong_password_or_missing_confirmation_is_answered_at_its_field(english_client):
    me = make_user()
    login(english_client, me)
    wrong = _delete(english_client, password="not my password").get_data(as_text=True)
    assert field_error(wrong, "current_password") == "Your current password is not correct."
    unconfirmed = _delete(english_client, confirmation="").get_data(as_text=True)
    assert field_error(unconfirmed, "confirmation") == "Type “delete my account” to confirm."
    assert reload(me).deleted_at is None


def test_staff_accounts_are_refused_until_given_the_resident_role(english_client):
    for role in (Role.STAFF, Role.MODERATOR, Role.ADMIN):
        person = make_user(role)
        login(english_client, person)
        page = _delete(english_client).get_data(as_text=True)
        assert "cannot be deleted here" in page
        assert reload(person).deleted_at is None
        english_client.post("/logout")


def test_the_only_representative_names_another_first(english_client):
    me = make_user(Role.ORG_MEMBER)
    organisation = make_organisation(name_en="Mapo Soup Kitchen", name_ko="마포 급식소")
    add_member(organisation, me).is_representative = True
    add_member(organisation, make_user(Role.ORG_MEMBER))  # a member who could take over
    login(english_client, me)
    page = _delete(english_client).get_data(as_text=True)
    assert "You are the only representative of" in page
    assert reload(me).deleted_at is None


def test_the_deleted_person_cannot_log_in(client):
    me = make_user(email=EMAIL)
    login(client, me)
    _delete(client, confirmation="계정 삭제")
    response = client.post("/login", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 200  # the login form again, with its message
    assert db.session.scalar(select(User).where(User.email == EMAIL)) is None


def test_deleting_an_account_takes_its_supports_off_the_kept_counts(english_client):
    """The supports go with the account, and each idea's kept count (Idea.support_count, which
    /ideas sorts by) goes down with them; another person's support stays counted."""
    me = make_user(email=EMAIL)
    first, second = make_idea(), make_idea()
    support(first, me)
    support(second, me)
    support(second)
    login(english_client, me)
    assert _delete(english_client).status_code == 302
    kept = select(Idea.support_count).where(Idea.id.in_([first.id, second.id])).order_by(Idea.id)
    assert db.session.scalars(kept).all() == [0, 1]
