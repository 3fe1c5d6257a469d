"""GET requests: the public needs and offers, as GeoReport service requests.

Everything here comes from app.pins.privacy's `public_pins()`, the one place that decides what
the public sees of a pin: the public point (a grid cell's centre unless an organisation's
offer), no author, no private giver, a lone need's words withheld. The pins are chosen by the
public list's own conditions (`pin_filter_conditions`): listed, in a public status, not
overdue. Reports are never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from app.areas.models import Area
from app.clock import SEOUL, utcnow
from app.extensions import db
from app.labels import label
from app.open311.catalogue import PIN_PREFIXES, pin_service_of
from app.open311.formats import Open311Error
from app.pins.models import Pin, PinKind, PinStatus
from app.pins.privacy import PublicPin, public_pins
from app.pins.services import PinFilters, pin_filter_conditions

# GeoReport's two statuses, from the public pin statuses.
OPEN_STATUSES = (PinStatus.OPEN, PinStatus.MATCHED)
CLOSED_STATUSES = (PinStatus.FULFILLED,)
STATUSES = {"open": OPEN_STATUSES, "closed": CLOSED_STATUSES}
# The spec's own bounds: a window of at most 90 days (the last 90 when none is asked for).
LONGEST_WINDOW = timedelta(days=90)
DEFAULT_PAGE_SIZE = 100
LARGEST_PAGE_SIZE = 200
LARGEST_PAGE = 1000
KIND_OF_PREFIX = {prefix.removesuffix("-"): kind for kind, prefix in PIN_PREFIXES.items()}


@dataclass(frozen=True)
class RequestQuery:
    services: tuple[tuple[PinKind, int], ...] | None  # (kind, category id); None: all
    statuses: tuple[PinStatus, ...]
    start: datetime
    end: datetime
    page: int
    page_size: int


def _moment(raw: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise Open311Error(
            400,
            _(
                "%(name)s must be an ISO 8601 date and time with its offset, such as "
                "2026-12-01T09:00:00+09:00.",
                name=name,
            ),
        )
    return moment.astimezone(UTC)


def _whole(raw: str | None, name: str, default: int, largest: int) -> int:
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= largest:
        raise Open311Error(
            400, _("%(name)s must be a whole number from 1 to %(max)d.", name=name, max=largest)
        )
    return int(raw)


def parse_request_query(args: Any) -> RequestQuery:
    services = None
    if args.get("service_code"):
        found = []
        for code in args["service_code"].split(","):
            service = pin_service_of(code.strip())
            if service is not None:  # a report's code, or an unknown one, lists nothing
                found.append((service.kind, service.category.id))
        services = tuple(found)
    statuses: tuple[PinStatus, ...] = OPEN_STATUSES + CLOSED_STATUSES
    if args.get("status"):
        asked = [s.strip() for s in args["status"].split(",")]
        if any(s not in STATUSES for s in asked):
            raise Open311Error(400, _("status must be open, closed, or both: open,closed."))
        statuses = tuple(st for s in dict.fromkeys(asked) for st in STATUSES[s])
    end = _moment(args["end_date"], "end_date") if args.get("end_date") else utcnow()
    start = (
        _moment(args["start_date"], "start_date")
        if args.get("start_date")
        else end - LONGEST_WINDOW
    )
    if start > end:
        raise Open311Error(400, _("start_date must come before end_date."))
    if end - start > LONGEST_WINDOW:
        raise Open311Error(400, _("Ask for at most 90 days between start_date and end_date."))
    return RequestQuery(
        services=services,
        statuses=statuses,
        start=start,
        end=end,
        page=_whole(args.get("page"), "page", 1, LARGEST_PAGE),
        page_size=_whole(args.get("page_size"), "page_size", DEFAULT_PAGE_SIZE, LARGEST_PAGE_SIZE),
    )


def _public_statement(statuses: tuple[PinStatus, ...]):
    conditions = pin_filter_conditions(PinFilters(statuses=statuses))
    return select(Pin).where(*conditions).options(joinedload(Pin.category))


def public_requests(query: RequestQuery) -> list[dict[str, Any]]:
    if query.services == ():
        return []
    statement = _public_statement(query.statuses).where(
        Pin.created_at >= query.start, Pin.created_at <= query.end
    )
    if query.services is not None:
        statement = statement.where(
            or_(*(and_(Pin.kind == kind, Pin.category_id == c) for kind, c in query.services))
        )
    statement = (
        statement.order_by(Pin.created_at.desc(), Pin.id.desc())
        .offset((query.page - 1) * query.page_size)
        .limit(query.page_size)
    )
    return _as_requests(list(db.session.scalars(statement)))


def public_request(service_request_id: str) -> list[dict[str, Any]] | None:
    """One need or offer by its id (`need-12`, `offer-7`), if the public may see it."""
    prefix, _dash, number = service_request_id.partition("-")
    kind = KIND_OF_PREFIX.get(prefix)
    if kind is None or not number.isdigit() or len(number) > 12:
        return None
    statement = _public_statement(OPEN_STATUSES + CLOSED_STATUSES).where(
        Pin.id == int(number), Pin.kind == kind
    )
    pin = db.session.scalars(statement).first()
    return _as_requests([pin]) if pin is not None else None


def _as_requests(pins: list[Pin]) -> list[dict[str, Any]]:
    views = public_pins(pins)
    dong_ids = {v.dong_id for v in views if v.dong_id is not None}
    dongs = (
        {a.id: a for a in db.session.scalars(select(Area).where(Area.id.in_(dong_ids)))}
        if dong_ids
        else {}
    )
    categories = {pin.id: pin.category for pin in pins}
    return [_as_request(view, categories[view.id], dongs.get(view.dong_id or 0)) for view in views]


def _as_request(view: PublicPin, category, dong: Area | None) -> dict[str, Any]:
    description = view.title if not view.description else f"{view.title}\n\n{view.description}"
    return {
        "service_request_id": PIN_PREFIXES[view.kind] + str(view.id),
        "status": "closed" if view.status in CLOSED_STATUSES else "open",
        "status_notes": str(label(view.status)),
        "service_name": category.name,
        "service_code": PIN_PREFIXES[view.kind] + category.slug,
        "description": description,
        "requested_datetime": view.created_at.astimezone(SEOUL).isoformat(),
        # The public point's dong, never an address: needs are about vulnerable people.
        "address": dong.name if dong is not None else "",
        "lat": view.lat,
        "long": view.lon,
        "media_url": "",
    }
