"""GeoReport v2 at /open311/v2/: discovery, services, requests.

GET answers anyone, with only what the public map shows (app.open311.public_requests). POST
requests takes a partner's `api_key` (form field, as the spec says), never a cookie: it is
exempt from the forms' CSRF check, which guards cookie-authenticated requests, and reads no
session. Errors are the spec's list of {code, description} with the same HTTP status.
"""

from __future__ import annotations

import math

from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address

from app.actions import attempt
from app.extensions import csrf, limiter
from app.open311.blueprint import blueprint
from app.open311.catalogue import (
    ABOUT,
    PARTNER_REQUEST_ID,
    URGENCY,
    crisis_of,
    definition,
    pin_service_of,
    services,
)
from app.open311.errors import RequestAlreadyReceived
from app.open311.formats import FORMATS, MIME, Open311Error, answer, error_answer
from app.open311.public_requests import parse_request_query, public_request, public_requests
from app.open311.services import (
    PartnerReport,
    earlier_request,
    key_hash,
    partner_by_key,
    receive_partner_report,
)
from app.reports.models import ReportAbout, Urgency
from app.resident_numbers import REFUSAL, holds_resident_number

PREFIX = "/open311/v2"
LONGEST_DESCRIPTION = 4000
LONGEST_NAME = 40
LONGEST_PHONE = 40


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(404, _("Ask for .json or .xml."))
    return fmt


@blueprint.errorhandler(Open311Error)
def _georeport_error(error: Open311Error):
    fmt = (request.view_args or {}).get("fmt", "json")
    return error_answer(error, fmt if fmt in FORMATS else "json")


@blueprint.errorhandler(RateLimitExceeded)
def _too_many(error: RateLimitExceeded):
    fmt = (request.view_args or {}).get("fmt", "json")
    refusal = Open311Error(429, _("Too many requests with this key: wait a minute."))
    return error_answer(refusal, fmt if fmt in FORMATS else "json")


def _partner_key() -> str:
    """Each key has its own budget (its hash: the limiter's store never holds a key)."""
    key = request.form.get("api_key", "")
    if key:
        return "open311:" + key_hash(key)[:32]
    return "open311-address:" + get_remote_address()


limit_per_key = limiter.limit(
    lambda: current_app.config["OPEN311_RATE_LIMIT"], key_func=_partner_key, methods=["POST"]
)


@blueprint.get(f"{PREFIX}/discovery.<fmt>")
def discovery(fmt: str):
    fmt = _format(fmt)
    return answer(
        "discovery",
        {
            "changeset": "2026-12-06T00:00:00+09:00",
            "contact": current_app.config.get("SUPPORT_EMAIL") or "",
            "key_service": _("Ask the site's administrators for a partner key."),
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": url_for("open311.service_list", fmt=fmt, _external=True).rsplit("/", 1)[
                        0
                    ],
                    "changeset": "2026-12-06T00:00:00+09:00",
                    "type": "production",
                    "formats": list(MIME.values()),
                }
            ],
        },
        fmt,
    )


@blueprint.get(f"{PREFIX}/services.<fmt>")
def service_list(fmt: str):
    fmt = _format(fmt)
    return answer("services", services(), fmt)


@blueprint.get(f"{PREFIX}/services/<code>.<fmt>")
def service_definition(code: str, fmt: str):
    fmt = _format(fmt)
    found = definition(code)
    if found is None:
        raise Open311Error(404, _("No service has this code."))
    return answer("service_definition", found, fmt)


@blueprint.get(f"{PREFIX}/requests.<fmt>")
def request_list(fmt: str):
    fmt = _format(fmt)
    return answer("service_requests", public_requests(parse_request_query(request.args)), fmt)


@blueprint.get(f"{PREFIX}/requests/<service_request_id>.<fmt>")
def request_detail(service_request_id: str, fmt: str):
    fmt = _format(fmt)
    found = public_request(service_request_id)
    if found is None:
        raise Open311Error(404, _("No public request has this id."))
    return answer("service_requests", found, fmt)


@blueprint.post(f"{PREFIX}/requests.<fmt>")
@csrf.exempt
@limit_per_key
def create_request(fmt: str):
    fmt = _format(fmt)
    partner = partner_by_key(request.form.get("api_key"))
    if partner is None:
        raise Open311Error(403, _("The api_key is missing, unknown or revoked."))
    sent = _partner_report(request.form)
    outcome = attempt(lambda: receive_partner_report(partner, sent))
    if outcome.refused:
        if not isinstance(outcome.refusal.error, RequestAlreadyReceived):
            raise Open311Error(400, outcome.refusal.message)
        first = earlier_request(partner, sent.partner_request_id)  # a twin's, just committed
        assert first is not None
        service_request_id = first.service_request_id
    else:
        service_request_id = outcome.value.service_request_id
    notice = _(
        "Received by the community centre of the place. It is confidential: it is never "
        "published, and the partner is not told more about it."
    )
    return answer(
        "service_requests",
        [{"service_request_id": service_request_id, "service_notice": notice}],
        fmt,
    )


def _partner_report(form) -> PartnerReport:
    """The POST's fields, checked; every problem named in one answer."""
    problems: list[str] = []
    code = form.get("service_code", "")
    crisis = crisis_of(code)
    if crisis is None:
        if pin_service_of(code) is not None:
            problems.append(_("Needs and offers are posted on the site by their authors."))
        else:
            problems.append(_("service_code must be one of the report services."))
    lon, lat = _number(form.get("long")), _number(form.get("lat"))
    if lon is None or not -180 <= lon <= 180 or lat is None or not -90 <= lat <= 90:
        problems.append(_("lat and long are required, in decimal degrees (WGS 84)."))
    description = (form.get("description") or "").strip()
    if not description:
        problems.append(_("description is required: what was seen or heard."))
    elif len(description) > LONGEST_DESCRIPTION:
        problems.append(_("description is longer than %(count)d characters.", count=4000))
    about = _choice(form.get(f"attribute[{ABOUT}]"), ReportAbout)
    if about is None:
        problems.append(_("attribute[about] is required: self or neighbour."))
    urgency = _choice(form.get(f"attribute[{URGENCY}]") or Urgency.TODAY.value, Urgency)
    if urgency is None:
        problems.append(_("attribute[urgency] must be today, this_week or not_urgent."))
    request_id = (form.get(f"attribute[{PARTNER_REQUEST_ID}]") or "").strip() or None
    if request_id is not None and len(request_id) > 64:
        problems.append(_("attribute[partner_request_id] is longer than 64 characters."))
    person = {
        "first_name": (form.get("first_name") or "").strip(),
        "last_name": (form.get("last_name") or "").strip(),
        "phone": (form.get("phone") or "").strip(),
    }
    if any(len(value) > LONGEST_NAME for value in person.values()):
        problems.append(_("first_name, last_name and phone take at most 40 characters each."))
    if any(holds_resident_number(text) for text in (description, *person.values())):
        problems.append(str(REFUSAL))
    if problems:
        raise Open311Error(400, " ".join(problems))
    assert crisis is not None and about is not None and urgency is not None
    assert lon is not None and lat is not None
    return PartnerReport(
        crisis=crisis,
        about=about,
        urgency=urgency,
        description=description,
        lon=lon,
        lat=lat,
        partner_request_id=request_id,
        **person,
    )


def _number(raw: str | None) -> float | None:
    try:
        value = float(raw or "")
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _choice(raw: str | None, enum_class):
    try:
        return enum_class(raw)
    except ValueError:
        return None
