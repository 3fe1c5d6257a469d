from __future__ import annotations

import math

from flask import abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from app.areas.blueprint import blueprint
from app.areas.extension_points import page_sections
from app.areas.models import Area, AreaLevel
from app.areas.places import SEARCH_MAX_LENGTH, FoundArea, find_areas
from app.areas.services import area_by_code, area_overview, dong_and_gu_at
from app.error_pages import render_error
from app.rate_limits import limit_searching


@blueprint.get("/areas")
def index():
    return render_template("areas/index.html", overview=area_overview(), AreaLevel=AreaLevel)


@blueprint.get("/areas/<code>")
def detail(code: str):
    area = area_by_code(code)
    if area is None:
        abort(404)
    return render_template(
        "areas/detail.html",
        area=area,
        AreaLevel=AreaLevel,
        sections=page_sections(area),  # figures, organisations, ideas, stories, the outline
    )


class InvalidCoordinate(ValueError):
    pass


@blueprint.get("/api/areas/at")
def at_point():
    """The dong and gu at ?lon=&lat= (WGS84 degrees), for the map."""
    try:
        lon = coordinate("lon", 180)
        lat = coordinate("lat", 90)
    except InvalidCoordinate as exc:
        return render_error(400, str(exc))
    found = dong_and_gu_at(lon, lat)
    if found.dong is None and found.gu is None:
        return render_error(404, _("No area contains this point."))
    return jsonify(dong=area_json(found.dong), gu=area_json(found.gu))


def coordinate(name: str, limit: int) -> float:
    raw = request.args.get(name, "")
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):  # float() also accepts "nan" and "inf"
        raise InvalidCoordinate(
            _("%(name)s is missing or not a number in decimal degrees.", name=name)
        )
    if abs(value) > limit:
        raise InvalidCoordinate(
            _("%(name)s must be between -%(limit)s and %(limit)s.", name=name, limit=limit)
        )
    return value


def area_json(area: Area | None) -> dict[str, str | None] | None:
    if area is None:
        return None
    return {
        "code": area.code,
        "level": area.level.value,
        "name": area.name,
        "name_ko": area.name_ko,
        "name_en": area.name_en,
        "url": url_for("areas.detail", code=area.code),
    }


@blueprint.get("/api/areas/search")
@limit_searching
def search():
    """Areas whose Korean or English name contains ?q= (the place finder on the map and the
    pin form): name, gu and bounding box only. Nothing about pins is ever in the answer."""
    query = request.args.get("q", "").strip()
    if not query:
        return render_error(400, _("Type part of a neighbourhood's name."))
    if len(query) > SEARCH_MAX_LENGTH:
        return render_error(400, _("Type at most %(count)s characters.", count=SEARCH_MAX_LENGTH))
    found = find_areas(query)
    return jsonify(count=len(found), areas=[found_area_json(area) for area in found])


def found_area_json(area: FoundArea) -> dict[str, object]:
    return {
        "code": area.code,
        "name": area.name,
        "gu": area.gu_name,
        "bbox": area.box.as_list(),
    }
