"""Every step of a match notifies the people it concerns, and nobody else: proposed (the side
that decides), accepted and declined (the proposer), withdrawn (the other side), fulfilled
(both sides, and the authors of other offers once matched with the need). No notification
names a person, the need's own words or its place."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.matching.helping import offer_help
from app.matching.services import (
    cancel_proposal,
    decline_match,
    fulfil_match,
    propose_match,
)
from app.notifications.models import Notification, NotificationKind
from app.pins.models import PinKind
from app.pins.services import withdraw_pin
from tests.factories import make_pin, make_user
from tests.matching.test_matching import World, accepted, proposed

Kind = NotificationKind
ROLES = (
    "need_author",
    "offer_author",
    "org_member",
    "other_resident",
    "area_staff",
    "staff_elsewhere",
    "admin",
    "admin_here",
)
NEED_TITLE = "My mother, 87, above the pharmacy"


def _told(world: World, kind: NotificationKind) -> dict[str, int]:
    """Who got a notification of this kind, by role, and how many."""
    names = {world.user(role).id: role for role in ROLES}
    counts: dict[str, int] = {}
    for row in db.session.scalars(select(Notification).where(Notification.kind == kind)):
        role = names.get(row.user_id, f"user {row.user_id}")
        counts[role] = counts.get(role, 0) + 1
    return counts


def _step(world: World, step: str):
    if step == "proposed by the offer's side":
        return proposed(world, by="offer")
    if step == "proposed by the need's side":
        return proposed(world, by="need")
    if step == "accepted":
        return accepted(world)
    if step == "declined":
        match = proposed(world, by="offer")
        decline_match(match, world.need_author)
        return match
    if step == "withdrawn by its proposer":
        match = proposed(world, by="offer")
        cancel_proposal(match, world.offer_author)
        return match
    if step == "need withdrawn":
        match = accepted(world)
        withdraw_pin(world.need)
        return match
    if step == "fulfilled by the need's author":
        match = accepted(world)
        fulfil_match(match, by=world.need_author)
        return match
    raise AssertionError(step)


STEPS = {
    "proposed by the offer's side": (Kind.MATCH_PROPOSED, {"need_author": 1}),
    "proposed by the need's side": (Kind.MATCH_PROPOSED, {"offer_author": 1, "org_member": 1}),
    "accepted": (Kind.MATCH_ACCEPTED, {"need_author": 1}),  # the need's author proposed
    "declined": (Kind.MATCH_DECLINED, {"offer_author": 1}),
    "withdrawn by its proposer": (Kind.MATCH_WITHDRAWN, {"need_author": 1}),
    "need withdrawn": (Kind.MATCH_WITHDRAWN, {"offer_author": 1, "org_member": 1}),
    # The need's author marked it: the page told them; the offer's side is notified.
    "fulfilled by the need's author": (
        Kind.MATCH_FULFILLED,
        {"offer_author": 1, "org_member": 1},
    ),
}


@pytest.mark.parametrize("step", STEPS)
def test_each_step_tells_the_right_people_and_nobody_else(world, step):
    world.need.title = NEED_TITLE
    match = _step(world, step)
    kind, told = STEPS[step]
    assert _told(world, kind) == told
    for row in db.session.scalars(select(Notification).where(Notification.kind == kind)):
        assert row.link == f"/matches/{match.id}"
        text = row.subject + row.body
        for secret in ("Kim Secret-Needer", "Park Giver", NEED_TITLE, "Warm Hands"):
            assert secret not in text


def test_a_private_giver_is_never_named_and_the_text_is_in_the_reader_s_language(world):
    world.need_author.preferred_language = "en"
    giver = make_user(display_name="Lee Private-Giver")
    offer = make_pin(giver, kind=PinKind.OFFER, category=world.category, title="Lee's rice")
    match = propose_match(world.need, offer, giver, "Lee here, call 010-1234-5678")
    (row,) = db.session.scalars(
        select(Notification).where(Notification.user_id == world.need_author.id)
    )
    assert row.kind == Kind.MATCH_PROPOSED
    assert row.subject == "A match was proposed to you (Heating)"
    assert f"Match {match.id} in Heating was proposed to you" in row.body
    assert "Lee" not in row.subject + row.body and "010" not in row.body


def test_when_a_need_is_fulfilled_the_other_offers_once_matched_are_told_once(world):
    second_giver = make_user()
    second_offer = make_pin(second_giver, kind=PinKind.OFFER, category=world.category)
    third_offer = make_pin(second_giver, kind=PinKind.OFFER, category=world.category)
    propose_match(world.need, second_offer, second_giver)
    propose_match(world.need, third_offer, second_giver)
    match = accepted(world)  # closes the two other proposals
    fulfil_match(match, by=world.offer_author)
    assert _told(world, Kind.OFFER_NEED_FULFILLED) == {f"user {second_giver.id}": 1}
    assert _told(world, Kind.MATCH_FULFILLED) == {"need_author": 1, "org_member": 1}


def test_proposals_closed_by_another_acceptance_tell_their_proposers(world):
    giver = make_user(preferred_language="en")
    offer = make_pin(giver, kind=PinKind.OFFER, category=world.category)
    waiting = propose_match(world.need, offer, giver)
    match = accepted(world)  # the need is taken: the waiting proposal can never be accepted
    rows = db.session.scalars(select(Notification).where(Notification.user_id == giver.id)).all()
    assert [(row.kind, row.link) for row in rows] == [
        (Kind.MATCH_DECLINED, f"/matches/{waiting.id}")
    ]
    assert rows[0].subject.startswith("Your proposal is closed")
    assert match.id != waiting.id


def test_i_can_help_tells_the_need_s_author_once_with_its_message(world):
    helper: User = world.other_resident
    offer_help(world.need, helper, "I live nearby")
    assert _told(world, Kind.MATCH_MESSAGE) == {"need_author": 1}
    assert _told(world, Kind.MATCH_PROPOSED) == {}


def test_steps_through_the_pages_notify_too(client, world):
    from tests.factories import login

    match = proposed(world, by="need")
    db.session.commit()
    login(client, world.org_member)
    assert client.post(f"/matches/{match.id}/accept").status_code == 302
    assert _told(world, Kind.MATCH_ACCEPTED) == {"need_author": 1}
    assert client.post(f"/matches/{match.id}/fulfil", data={}).status_code == 302
    assert _told(world, Kind.MATCH_FULFILLED) == {"need_author": 1, "offer_author": 1}
