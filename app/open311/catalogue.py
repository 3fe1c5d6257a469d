"""The services this endpoint knows: the public categories of needs and offers (read with GET
requests), and one private report service per crisis type (sent with POST requests).

Codes: `need-<category slug>`, `offer-<category slug>` and `report-<crisis type>`. A partner
can send only the report codes: needs and offers are posted on the site by their authors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app.categories.models import Category, CategoryKind
from app.categories.services import active_categories
from app.labels import label
from app.pins.models import PinKind
from app.reports.models import CrisisType, ReportAbout, Urgency

REPORT_PREFIX = "report-"
PIN_PREFIXES = {PinKind.NEED: "need-", PinKind.OFFER: "offer-"}
KINDS_OF = {
    PinKind.NEED: (CategoryKind.NEED, CategoryKind.BOTH),
    PinKind.OFFER: (CategoryKind.OFFER, CategoryKind.BOTH),
}
# The attributes a report service takes (GeoReport `attribute[code]`).
ABOUT = "about"
URGENCY = "urgency"
PARTNER_REQUEST_ID = "partner_request_id"


@dataclass(frozen=True)
class PinService:
    kind: PinKind
    category: Category

    @property
    def code(self) -> str:
        return PIN_PREFIXES[self.kind] + self.category.slug


def pin_services() -> list[PinService]:
    return [
        PinService(kind, category)
        for kind in (PinKind.NEED, PinKind.OFFER)
        for category in active_categories(*KINDS_OF[kind])
    ]


def crisis_of(code: str) -> CrisisType | None:
    if not code.startswith(REPORT_PREFIX):
        return None
    try:
        return CrisisType(code.removeprefix(REPORT_PREFIX))
    except ValueError:
        return None


def pin_service_of(code: str) -> PinService | None:
    return next((s for s in pin_services() if s.code == code), None)


def services() -> list[dict[str, Any]]:
    """GET services: every service, as the GeoReport list."""
    listed: list[dict[str, Any]] = []
    group_names = {PinKind.NEED: _("Needs (public)"), PinKind.OFFER: _("Offers (public)")}
    descriptions = {
        PinKind.NEED: _("Read only: the public map's needs of this category, at public points."),
        PinKind.OFFER: _("Read only: the public map's offers of this category, at public points."),
    }
    for service in pin_services():
        listed.append(
            {
                "service_code": service.code,
                "service_name": service.category.name,
                "description": descriptions[service.kind],
                "metadata": False,
                "type": "realtime",
                "keywords": "",
                "group": group_names[service.kind],
            }
        )
    for crisis in CrisisType:
        listed.append(
            {
                "service_code": REPORT_PREFIX + crisis.value,
                "service_name": str(label(crisis)),
                "description": _(
                    "A confidential report to the community centre of the place. Never public: "
                    "it is not listed by GET requests."
                ),
                "metadata": True,
                "type": "realtime",
                "keywords": "",
                "group": _("Confidential reports (send only)"),
            }
        )
    return listed


def _values(enum_class) -> list[dict[str, str]]:
    return [{"key": value.value, "name": str(label(value))} for value in enum_class]


def definition(code: str) -> dict[str, Any] | None:
    """GET services/<code>: the attributes a report service takes; none for a category."""
    if crisis_of(code) is not None:
        attributes = [
            {
                "variable": True,
                "code": ABOUT,
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "",
                "order": 1,
                "description": _("Who is this about?"),
                "values": _values(ReportAbout),
            },
            {
                "variable": True,
                "code": URGENCY,
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("When not sent: today."),
                "order": 2,
                "description": _("How urgent is it?"),
                "values": _values(Urgency),
            },
            {
                "variable": True,
                "code": PARTNER_REQUEST_ID,
                "datatype": "string",
                "required": False,
                "datatype_description": _(
                    "Your own id for the request, at most 64 characters: the same request "
                    "sent again answers the first result instead of making a second report."
                ),
                "order": 3,
                "description": _("Your request id"),
                "values": [],
            },
        ]
        return {"service_code": code, "attributes": attributes}
    if pin_service_of(code) is not None:
        return {"service_code": code, "attributes": []}
    return None
