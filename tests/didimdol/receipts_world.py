"""A donee and a year of donations for the receipts' tests: the barber (World.enrolment) gives
haircuts (a service) and boxes of rice (goods) in 2026; one box is reversed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from app.accounts.models import User
from app.didimdol.models import PledgeKind
from app.didimdol.redemption import redeem, reverse
from app.organisations.models import Organisation, OrganisationType
from tests.didimdol.world import World, build_world, issue, make_pledge
from tests.factories import make_organisation, make_user

RICE = 35_500
HAIRCUT = 12_000
# Seoul's year 2026 begins at 2025-12-31 15:00 UTC; the first redemption falls on its first minute.
NEW_YEAR_SEOUL = datetime(2025, 12, 31, 15, 0, tzinfo=UTC)
LAST_MINUTE_OF_2025 = datetime(2025, 12, 31, 14, 59, tzinfo=UTC)


@dataclass
class ReceiptsWorld:
    world: World
    donee: Organisation
    donee_officer: User


def give(world: World, pledge, now: datetime, units: int = 1):
    issued = issue(world, pledge=pledge, units=units, now=now)
    return redeem(issued.code, "", world.enrolment, world.people["donor_staff"], now=now)


def build_receipts_world(app) -> ReceiptsWorld:
    world = build_world()
    donee_officer = make_user()
    donee = make_organisation(
        donee_officer, type=OrganisationType.COMMUNITY_CHEST, name_ko="서울사회복지공동모금회"
    )
    app.config["DIDIMDOL_DONEE_ID"] = donee.id
    rice = make_pledge(
        world.enrolment,
        world.category,
        world.dong,
        kind=PledgeKind.GOODS,
        unit="쌀 한 포대",
        unit_value=RICE,
        valid_from=date(2025, 1, 1),
    )
    give(world, rice, LAST_MINUTE_OF_2025)  # the year before: left out
    give(world, rice, NEW_YEAR_SEOUL, units=2)
    give(world, rice, datetime(2026, 6, 1, 3, 0, tzinfo=UTC))
    reversed_ = give(world, rice, datetime(2026, 12, 31, 14, 0, tzinfo=UTC))
    # reversed in Seoul's next year, within the 24 hours: the redemption is left out all the same
    reverse(
        reversed_,
        "Wrong code",
        world.enrolment,
        world.people["donor_staff"],
        now=datetime(2026, 12, 31, 16, 0, tzinfo=UTC),
    )
    give(world, world.pledge, datetime(2026, 4, 1, 3, 0, tzinfo=UTC), units=3)  # haircuts
    return ReceiptsWorld(world, donee, donee_officer)
