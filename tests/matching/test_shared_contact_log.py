"""The access log of a match's page (app/matching/threads/page.py): the accepted helper's look at
a shared place or phone number is one row naming the need's author; nothing else on the page is
a look at their record."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.access_log import AccessAction, AccessLogEntry
from app.extensions import db
from app.matching.models import Match
from app.matching.threads.services import share_contact
from tests.factories import login
from tests.matching.test_matching import World, accepted

PHONE = "010-3141-5926"
SHARES = {
    "the place": {"shares_place": True, "phone": None},
    "the phone": {"shares_place": False, "phone": PHONE},
    "both": {"shares_place": True, "phone": PHONE},
}


def _logged() -> list[AccessLogEntry]:
    return list(db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id)))


def _open_page(client, world: World, who: str, match: Match) -> None:
    login(client, world.user(who))
    assert client.get(f"/matches/{match.id}").status_code == 200


@pytest.mark.parametrize("shared", SHARES)
@pytest.mark.parametrize("helper", ["org_member", "offer_author"])
def test_the_helper_s_look_at_what_was_shared_is_one_row_naming_the_author(
    client, world, shared, helper
):
    match = accepted(world)
    share = share_contact(match, world.need_author, **SHARES[shared])
    db.session.commit()
    _open_page(client, world, helper, match)
    (entry,) = _logged()
    assert (entry.subject_kind, entry.subject_id, entry.action) == (
        "shared_contact",
        share.id,
        AccessAction.VIEW,
    )
    assert (entry.actor_id, entry.person_id) == (world.user(helper).id, world.need_author.id)
    assert entry.route == "matching.show"


@pytest.mark.parametrize("who", ["need_author", "area_staff", "admin_here"])
def test_the_author_s_own_look_and_staff_who_are_not_shown_it_write_nothing(client, world, who):
    match = accepted(world)
    share_contact(match, world.need_author, **SHARES["both"])
    db.session.commit()
    _open_page(client, world, who, match)
    assert _logged() == []


def test_a_match_with_nothing_shared_writes_nothing(client, world):
    match = accepted(world)
    db.session.commit()
    _open_page(client, world, "org_member", match)
    assert _logged() == []
