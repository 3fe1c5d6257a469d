"""What one viewer sees of matches: the panel on a pin's page and the "your matches" page.

Privacy: only the need's side (its author, staff of its area) sees the nearest offers and their
distances, which start from the need's exact point and would narrow down where it is. They end
at each offer's public point, so they say nothing of an offer below its public cell.
Everything about a pin comes through `public_pin`, so the offer's side sees a need by its
public title and dong, never its author or exact point. A private giver is named only to their
own side, and to the need's side once a match is agreed (`rules.may_know_giver`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from flask import g
from flask_babel import format_decimal, pgettext
from flask_babel import gettext as _

from app.i18n import format_number
from app.labels import label
from app.matching import rules
from app.matching.forms import HelpForm
from app.matching.helping import already_helping
from app.matching.models import Match, MatchStatus
from app.matching.services import (
    is_open,
    matches_involving,
    matches_of,
    nearest_open_offers,
    needs_to_propose,
    offers_to_propose,
)
from app.pins.extension_points import page_panel, reads_need_text
from app.pins.models import Pin, PinKind
from app.pins.privacy import PublicPin, public_pin, public_pins, with_authors_text


def distance_label(metres: float) -> str:
    """Rounded, so it says how far without pinning anyone down: under 100 m, then to 100 m,
    then to 0.1 km, and whole kilometres from 10 km."""
    if metres < 100:
        return _("under 100 m")
    hundreds = math.floor(metres / 100 + 0.5)
    if hundreds < 10:
        return pgettext("distance", "%(metres)s m", metres=format_number(hundreds * 100))
    kilometres = hundreds / 10 if hundreds < 100 else math.floor(metres / 1000 + 0.5)
    return pgettext("distance", "%(km)s km", km=format_decimal(kilometres, format="#,##0.#"))


@dataclass(frozen=True)
class MatchView:
    id: int
    status: MatchStatus
    need: PublicPin
    need_area: str | None  # the public point's dong (or gu): all the offer's side learns
    offer: PublicPin
    message: str | None
    proposed_at: datetime
    decided_at: datetime | None
    fulfilled_at: datetime | None
    proposed_by_you: bool
    proposed_by_need_side: bool
    # What the viewer may do now (permission and state together), for the buttons.
    may_decide: bool
    may_cancel: bool
    may_fulfil: bool

    @property
    def status_label(self) -> str:
        return label(self.status)


def offer_seen_by(viewer: Any, match: Match) -> PublicPin:
    """The offer's public view, naming a private giver to those who may know them."""
    offer = public_pin(match.offer)
    if offer.giver_name is None and rules.may_know_giver(viewer, match):
        offer = replace(offer, giver_name=match.offer.author.display_name)
    return offer


def need_seen_by(viewer: Any, match: Match) -> PublicPin:
    """The need's public view, with its own words for those who may read them."""
    need = public_pin(match.need)
    if need.text_withheld and rules.may_read_need_text(viewer, match):
        need = with_authors_text(need, match.need)
    return need


@reads_need_text
def gives_in_an_agreed_match(need: Pin, viewer: Any) -> bool:
    """On the need's own page: the giver of an accepted or fulfilled match reads its words."""
    return any(
        rules.is_agreed(match) and rules.acts_for_offer(viewer, match.offer)
        for match in matches_of(need)
    )


def match_view(match: Match, viewer: Any) -> MatchView:
    need = match.need
    area = need.public_dong or need.public_gu  # the public point's: all the offer's side learns
    proposed = match.status == MatchStatus.PROPOSED
    return MatchView(
        id=match.id,
        status=match.status,
        need=need_seen_by(viewer, match),
        need_area=area.name if area is not None else None,
        offer=offer_seen_by(viewer, match),
        message=match.message,
        proposed_at=match.created_at,
        decided_at=match.decided_at,
        fulfilled_at=match.fulfilled_at,
        proposed_by_you=match.proposed_by_id == viewer.id,
        proposed_by_need_side=rules.proposing_side(match) == rules.Side.NEED,
        may_decide=proposed and rules.may_decide(viewer, match),
        may_cancel=proposed and rules.may_cancel(viewer, match),
        may_fulfil=match.status == MatchStatus.ACCEPTED and rules.may_fulfil(viewer, match),
    )


@dataclass(frozen=True)
class NearbyOffer:
    offer: PublicPin
    distance: str
    match_status: str | None  # when already linked to the need
    may_propose: bool


@dataclass(frozen=True)
class NeedPanel:
    need_id: int
    category_id: int
    nearest: tuple[NearbyOffer, ...] | None  # None: not for this viewer's eyes
    matches: tuple[MatchView, ...]
    offers_to_propose: tuple[PublicPin, ...]
    may_offer_help: bool  # a signed-in person other than the author, on an open need
    # "I can help": the form (with the errors of a sending that failed), or the viewer's open
    # match started that way (then no second form).
    help_form: HelpForm | None = None
    helping_match_id: int | None = None
    kind: PinKind = PinKind.NEED


@dataclass(frozen=True)
class OfferPanel:
    offer_id: int
    matches: tuple[MatchView, ...]
    needs_to_propose: tuple[PublicPin, ...]  # the viewer's own needs the offer fits
    kind: PinKind = PinKind.OFFER


@page_panel
def panel_for(pin: Pin, viewer: Any) -> NeedPanel | OfferPanel | None:
    """The matching panel of a pin's page, or None when the viewer has nothing to see there."""
    return need_panel(pin, viewer) if pin.kind == PinKind.NEED else offer_panel(pin, viewer)


def need_panel(need: Pin, viewer: Any) -> NeedPanel | None:
    if not rules.signed_in(viewer):
        return None
    all_matches = matches_of(need)
    matches = tuple(match_view(m, viewer) for m in all_matches if rules.may_see(viewer, m))
    need_is_open = is_open(need)
    nearest = None
    if need_is_open and rules.acts_for_need(viewer, need):
        linked = {m.offer_id: m for m in all_matches if m.status != MatchStatus.CANCELLED}
        found = nearest_open_offers(need)
        nearest = tuple(
            NearbyOffer(
                offer=view,
                distance=distance_label(metres),
                match_status=(label(linked[offer.id].status) if offer.id in linked else None),
                may_propose=offer.id not in linked,
            )
            for (offer, metres), view in zip(
                found, public_pins([offer for offer, _metres in found]), strict=True
            )
        )
    may_offer_help = need_is_open and viewer.id != need.author_id
    offers = tuple(public_pins(offers_to_propose(viewer, need))) if may_offer_help else ()
    if not (matches or nearest is not None or may_offer_help):
        return None
    helping = already_helping(need, viewer) if may_offer_help else None
    help_form = None
    if may_offer_help and helping is None:
        help_form = g.get("help_form") or HelpForm(formdata=None)
    return NeedPanel(
        need_id=need.id,
        category_id=need.category_id,
        nearest=nearest,
        matches=matches,
        offers_to_propose=offers,
        may_offer_help=may_offer_help,
        help_form=help_form,
        helping_match_id=helping.id if helping else None,
    )


def offer_panel(offer: Pin, viewer: Any) -> OfferPanel | None:
    if not rules.signed_in(viewer):
        return None
    matches = tuple(match_view(m, viewer) for m in matches_of(offer) if rules.may_see(viewer, m))
    needs: tuple[PublicPin, ...] = ()
    if is_open(offer) and not rules.acts_for_offer(viewer, offer):
        # The viewer's own needs: their own words.
        needs = tuple(
            with_authors_text(public_pin(need), need) for need in needs_to_propose(viewer, offer)
        )
    if not (matches or needs):
        return None
    return OfferPanel(offer_id=offer.id, matches=matches, needs_to_propose=needs)


@dataclass(frozen=True)
class MyMatches:
    waiting_for_you: list[MatchView]
    waiting_for_others: list[MatchView]
    accepted: list[MatchView]
    history: list[MatchView]


def my_matches(user: Any) -> MyMatches:
    open_ones = [match_view(m, user) for m in matches_involving(user, open_ones=True)]
    proposed = [m for m in open_ones if m.status == MatchStatus.PROPOSED]
    return MyMatches(
        waiting_for_you=[m for m in proposed if m.may_decide],
        waiting_for_others=[m for m in proposed if not m.may_decide],
        accepted=[m for m in open_ones if m.status == MatchStatus.ACCEPTED],
        history=[match_view(m, user) for m in matches_involving(user, open_ones=False)],
    )
