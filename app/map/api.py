"""The map's data: pins of the visible area as GeoJSON, and one pin's popup.

Privacy: this module reads only what the public may see. Points come from the pins' public
columns (`public_lon`/`public_lat`, written by app.pins.privacy on every write and equal to
`public_pin(pin).lon/lat`); clusters come from `pin_cells`, which is counted from those same
columns. The exact `Pin.location` is never selected here. tests/pins/test_public_privacy.py holds
every feature against `public_pin()`.

`GET /api/pins?bbox=minLon,minLat,maxLon,maxLat&zoom=Z[&kind=&category=&status=&area=]`
answers a GeoJSON FeatureCollection, compact because a map asks for it on every move:

- close up (`cluster_zoom(zoom)` is None): one Point per pin, properties
  `{"id": 17, "k": "n"|"o" (need|offer), "c": category id, "s": "o"|"m"|"f"
  (open|matched|fulfilled)}`, at most API_MAX_POINTS, with `"truncated": true` on the
  collection when there were more;
- further out: one Point per cluster cell, properties `{"n": pins}`, at the mean of the
  pins' public locations; the collection says `"clustered": true`.

Coordinates have 5 decimals (about 1 m; public points are rounded so already).

The map page asks by tile instead (app.map.tile_api: the same answers per Web Mercator tile,
which caches can keep); this endpoint stays as it was for anything that asks by box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import current_app, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import defer, joinedload

from app.areas.models import Area, AreaLevel
from app.error_pages import render_error
from app.extensions import db
from app.labels import label
from app.map.blueprint import blueprint
from app.map.clusters import CellFilter, cluster_zoom, clusters_in
from app.pins.models import Pin
from app.pins.privacy import COORDINATE_DECIMALS
from app.pins.rules import PUBLIC_STATUSES, may_view_pin
from app.pins.services import PinFilters, parse_pin_filters, pin_card, pin_filter_conditions

GEOJSON = "application/geo+json"
MAX_LON = 180.0
MAX_LAT = 85.0  # Web Mercator maps end at about 85.05°
MAX_ZOOM = 20

# Templates of the JSON text: formatting strings is several times faster than json.dumps of
# a dict per feature. Every value put in is a number from a numeric column or a one-letter
# code cut from an enum column's value, so nothing needs escaping.
POINT_FEATURE = (
    '{"type":"Feature","geometry":{"type":"Point","coordinates":[%r,%r]},'
    '"properties":{"id":%d,"k":"%s","c":%d,"s":"%s"}}'
)
CLUSTER_FEATURE = (
    '{"type":"Feature","geometry":{"type":"Point","coordinates":[%r,%r]},"properties":{"n":%d}}'
)


class InvalidParameter(ValueError):
    """A query parameter the API cannot answer; the message says what is expected."""


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def as_tuple(self) -> tuple[float, float, float, float]:
        return self.min_lon, self.min_lat, self.max_lon, self.max_lat


def parse_bbox(raw: str | None) -> BBox:
    """`minLon,minLat,maxLon,maxLat` in decimal degrees, within the Web Mercator world."""
    if not raw:
        raise InvalidParameter(_("bbox is required: minLon,minLat,maxLon,maxLat in degrees."))
    parts = raw.split(",")
    try:
        values = [float(part) for part in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise InvalidParameter(_("bbox must be four numbers: minLon,minLat,maxLon,maxLat."))
    box = BBox(*values)
    if not -MAX_LON <= box.min_lon < box.max_lon <= MAX_LON:
        raise InvalidParameter(
            _(
                "bbox longitudes must lie between -%(limit)s and %(limit)s, the first below "
                "the second.",
                limit=int(MAX_LON),
            )
        )
    if not -MAX_LAT <= box.min_lat < box.max_lat <= MAX_LAT:
        raise InvalidParameter(
            _(
                "bbox latitudes must lie between -%(limit)s and %(limit)s, the first below "
                "the second.",
                limit=int(MAX_LAT),
            )
        )
    return box


def parse_zoom(raw: str | None) -> int:
    try:
        zoom = int(raw or "")
    except ValueError:
        zoom = -1
    if not 0 <= zoom <= MAX_ZOOM:
        raise InvalidParameter(_("zoom must be a whole number from 0 to %(max)s.", max=MAX_ZOOM))
    return zoom


def public_statuses(filters: PinFilters) -> list[str]:
    """The asked-for states the public may see (withdrawn and expired pins never show)."""
    return [status.value for status in filters.statuses if status in PUBLIC_STATUSES]


# --- GET /api/pins ----------------------------------------------------------------------------


@blueprint.get("/api/pins")
def pins():
    try:
        box = parse_bbox(request.args.get("bbox"))
        zoom = parse_zoom(request.args.get("zoom"))
    except InvalidParameter as problem:
        return render_error(400, str(problem))
    filters = parse_pin_filters(request.args)
    if cluster_zoom(zoom) is None:
        body = points_geojson(box, zoom, filters, current_app.config["API_MAX_POINTS"])
    else:
        body = clusters_geojson(box, zoom, filters)
    response = current_app.response_class(body, mimetype=GEOJSON)
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["API_CACHE_SECONDS"]
    return response


def points_geojson(box: BBox, zoom: int, filters: PinFilters, limit: int) -> str:
    """Individual pins at their public points, at most `limit` of them.

    When the box holds more, the database returns the first `limit` it finds (no ordering,
    so that it can stop there) and the answer says `"truncated": true`; the map asks the
    reader to zoom in or to use the list. With a sensible limit this happens only in
    crowded views, where any other choice would cost a scan of every pin in the box.
    """
    statement = (
        select(
            Pin.public_lon,  # written rounded to COORDINATE_DECIMALS by app.pins.privacy
            Pin.public_lat,
            Pin.id,
            func.substr(Pin.kind, 1, 1),  # the codes are the values' first letters
            Pin.category_id,
            func.substr(Pin.status, 1, 1),
        )
        .where(
            Pin.public_lat.between(box.min_lat, box.max_lat),
            Pin.public_lon.between(box.min_lon, box.max_lon),
            *pin_filter_conditions(filters),
        )
        .limit(limit + 1)
    )
    rows = db.session.execute(statement).all()
    truncated = len(rows) > limit
    features = ",".join(
        [POINT_FEATURE % (lon, lat, pin_id, k, c, s) for lon, lat, pin_id, k, c, s in rows[:limit]]
    )
    more = ',"truncated":true' if truncated else ""
    return f'{{"type":"FeatureCollection","zoom":{zoom}{more},"features":[{features}]}}'


def cell_filter_for(filters: PinFilters) -> CellFilter:
    area = filters.area
    return CellFilter(
        kinds=None if filters.kind is None else (filters.kind.value,),
        statuses=tuple(public_statuses(filters)),
        category_id=filters.category_id,
        dong_id=area.id if area is not None and area.level == AreaLevel.DONG else None,
        gu_id=area.id if area is not None and area.level == AreaLevel.GU else None,
    )


def clusters_geojson(box: BBox, zoom: int, filters: PinFilters) -> str:
    """The counted clusters of the viewport: read from pin_cells, never counted from pins."""
    cell_filter = cell_filter_for(filters)
    places = COORDINATE_DECIMALS
    features = ",".join(
        [
            CLUSTER_FEATURE % (round(c.lon, places), round(c.lat, places), c.pins)
            for c in clusters_in(db.session, box.as_tuple(), zoom, cell_filter)
        ]
    )
    return f'{{"type":"FeatureCollection","zoom":{zoom},"clustered":true,"features":[{features}]}}'


# --- GET /api/pins/<id> -----------------------------------------------------------------------


def area_name(area: Area | None) -> str | None:
    return None if area is None else area.name


@blueprint.get("/api/pins/<int:pin_id>")
def pin(pin_id: int):
    """What a popup shows: the public view of one pin, labels in the reader's language."""
    found = db.session.get(
        Pin,
        pin_id,
        options=[
            defer(Pin.location),
            joinedload(Pin.category),
            joinedload(Pin.public_dong),
            joinedload(Pin.public_gu),
        ],
    )
    if found is None or not may_view_pin(None, found):
        return render_error(404, _("There is no public pin with this number."))
    card = pin_card(found)
    view = card.public
    response = jsonify(
        id=view.id,
        kind=view.kind.value,
        kind_label=label(view.kind),
        status=view.status.value,
        status_label=label(view.status),
        category=card.category.name,
        title=view.title,
        giver=view.giver_name,
        dong=area_name(card.dong),
        gu=area_name(card.gu),
        location_is_coarse=view.location_is_coarse,
        url=url_for("pins.show", pin_id=view.id),
    )
    # The labels follow the reader's language (cookie or Accept-Language): no shared caches.
    response.cache_control.private = True
    response.cache_control.max_age = current_app.config["API_CACHE_SECONDS"]
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response
