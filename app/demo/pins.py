"""Demo needs, offers and matches around Seoul, in every state."""

from __future__ import annotations

import random
from datetime import timedelta

from app.accounts.models import User
from app.areas.models import AreaLevel
from app.areas.services import area_at
from app.categories.models import Category
from app.clock import utcnow
from app.demo.pins_data import HOT_SPOTS, NEEDS, OFFERS
from app.extensions import db
from app.matching.models import Match, MatchStatus
from app.organisations.models import Organisation
from app.pins.models import Pin, PinKind, PinStatus
from app.pins.services import PinDetails, create_pin

NEED_COUNT = 220
OFFER_COUNT = 140


POINT_DRAWS = 100


def _point(rng: random.Random) -> tuple[float, float]:
    """A point near a hot spot, inside a served dong (a pin elsewhere would be refused)."""
    for _ in range(POINT_DRAWS):
        lon, lat, spread = rng.choice(HOT_SPOTS)
        point = round(rng.gauss(lon, spread / 2), 6), round(rng.gauss(lat, spread / 2), 6)
        if area_at(*point, AreaLevel.DONG) is not None:
            return point
    raise RuntimeError("no demo hot spot lies in an imported dong")


def _title(rng: random.Random, choices: list[tuple[str, str]], author: User) -> str:
    korean, english = rng.choice(choices)
    return english if author.preferred_language == "en" else korean


def load_demo_pins(
    categories: dict[str, Category],
    residents: list[User],
    organisations: list[tuple[Organisation, User]],
    seed: int = 2012,
) -> list[Pin]:
    """Needs by residents, offers by residents and organisations; then matches and states."""
    rng = random.Random(seed)
    now = utcnow()
    needs = [
        _demo_pin(rng, PinKind.NEED, NEEDS, categories, rng.choice(residents), None, now)
        for _ in range(NEED_COUNT)
    ]
    # A third of the authors agree to show their words to everyone (the form's checkbox), so
    # that the map is not all categories where needs are sparse. Chosen without the random
    # generator, which would otherwise hand out every later choice differently.
    for need in needs[::3]:
        need.text_shared = True
    offers = []
    for i in range(OFFER_COUNT):
        if organisations and i % 2 == 0:
            organisation, member = rng.choice(organisations)
            offers.append(
                _demo_pin(rng, PinKind.OFFER, OFFERS, categories, member, organisation, now)
            )
        else:
            offers.append(
                _demo_pin(rng, PinKind.OFFER, OFFERS, categories, rng.choice(residents), None, now)
            )
    _demo_matches(rng, needs, offers, now)
    _demo_closed_states(rng, needs, offers, now)
    db.session.flush()
    return needs + offers


def _demo_pin(rng, kind, titles, categories, author, organisation, now) -> Pin:
    slug = rng.choice(list(titles))
    lon, lat = _point(rng)
    created = now - timedelta(days=rng.randint(0, 25), hours=rng.randint(0, 23))
    return create_pin(
        author,
        PinDetails(
            kind=kind,
            category=categories[slug],
            title=_title(rng, titles[slug], author),
            description="",
            lon=lon,
            lat=lat,
            quantity=rng.choice([None, 1, 2, 5, 10, 20]),
            organisation=organisation,
        ),
        now=created,
    )


def _demo_matches(rng, needs: list[Pin], offers: list[Pin], now) -> None:
    """Some needs found help: proposed, accepted (both matched), fulfilled (both fulfilled)."""
    offers_by_category: dict[int, list[Pin]] = {}
    for offer in offers:
        offers_by_category.setdefault(offer.category_id, []).append(offer)
    for index, need in enumerate(needs[:90]):
        candidates = [
            o
            for o in offers_by_category.get(need.category_id, [])
            if o.status == PinStatus.OPEN and o.author_id != need.author_id
        ]
        if not candidates:
            continue
        offer = rng.choice(candidates)
        state = (MatchStatus.FULFILLED, MatchStatus.ACCEPTED, MatchStatus.PROPOSED)[index % 3]
        match = Match(
            need=need,
            offer=offer,
            status=state,
            proposed_by=offer.author,
            created_at=now - timedelta(days=rng.randint(1, 10)),
        )
        if state in (MatchStatus.ACCEPTED, MatchStatus.FULFILLED):
            match.decided_by = need.author
            match.decided_at = match.created_at + timedelta(hours=5)
            need.status = offer.status = PinStatus.MATCHED
        if state == MatchStatus.FULFILLED:
            assert match.decided_at is not None  # set just above: a fulfilled match was accepted
            match.fulfilled_at = match.decided_at + timedelta(days=2)
            need.status = offer.status = PinStatus.FULFILLED
        db.session.add(match)


def _demo_closed_states(rng, needs: list[Pin], offers: list[Pin], now) -> None:
    for need in needs[-30:]:
        if need.status == PinStatus.OPEN:
            need.status = rng.choice([PinStatus.WITHDRAWN, PinStatus.EXPIRED])
            if need.status == PinStatus.EXPIRED:
                need.expires_at = now - timedelta(days=1)
    for offer in offers[-10:]:
        if offer.status == PinStatus.OPEN:
            offer.status = PinStatus.WITHDRAWN
