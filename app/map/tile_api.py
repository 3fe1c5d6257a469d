"""`GET /api/pins/tiles/<z>/<x>/<y>`: the map's pins by tile, for caches to keep.

The same answer as /api/pins (app.map.api: compact GeoJSON, the same filters as query
arguments, the same public columns only) for one Web Mercator tile (app.map.tiles): counted
clusters of the tile's cells further out, pins close up, at most MAP_TILE_MAX_POINTS of them
(`"truncated": true` beyond). The collection also says `"tile": [z, x, y]`.

Caching: every answer is public (no session is opened on this path: app.sessionless), with a
strong ETag from the tile's version and body, `Cache-Control: public, max-age=API_CACHE_SECONDS`
(the one-second freshness goal) and `304 Not Modified` to a matching If-None-Match. The server
keeps answers per (tile, filters, version) in MAP_TILE_CACHE (app.map.tiles), and the
versions in memory (app.map.region_versions), so a request for a kept tile reads nothing from
the database.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from flask import Response, current_app, request
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.clock import utcnow
from app.error_pages import render_error
from app.extensions import limiter, talisman
from app.map.api import (
    CLUSTER_FEATURE,
    GEOJSON,
    POINT_FEATURE,
    cell_filter_for,
)
from app.map.blueprint import blueprint
from app.map.clusters import cluster_zoom, clusters_in_cells
from app.map.region_versions import RegionVersions
from app.map.tile_reads import read
from app.map.tiles import (
    Tile,
    TileAnswer,
    TileCache,
    canonical_filters,
    exists,
    kept_answer,
    tile_bounds,
    tile_cells,
    tile_version,
)
from app.pins.models import Pin
from app.pins.privacy import COORDINATE_DECIMALS
from app.pins.services import PinFilters, parse_pin_filters, pin_filter_conditions

PREFIX = "/api/pins/tiles/"
FILTER_ARGS = ("kind", "category", "status", "area")  # what PinFilters reads for the map
# Raise when the body's format changes: answers kept by an older release are then not reused.
FORMAT = "2"
DATA_POLICY = {"default-src": "'none'", "frame-ancestors": "'none'"}
CACHE_EXTENSION = "map_tile_cache"
REGION_VERSIONS_EXTENSION = "map_region_versions"


@blueprint.get(PREFIX + "<int:zoom>/<int:x>/<int:y>")
# No limit applies to reading the map (the site sets no default limit), and the limiter's
# check alone cost about a fifth of a kept tile's answer.
@limiter.exempt
# Data, not a page: nothing in it may load or run anything (and no per-answer nonce, so that
# app.map.kept_tiles can send the same headers with every kept answer).
@talisman(content_security_policy=DATA_POLICY, content_security_policy_nonce_in=[])
def tile(zoom: int, x: int, y: int) -> Response | tuple:
    if not exists(zoom, x, y):
        return render_error(404, _("There is no map tile with this number."))
    where = Tile(zoom, x, y)
    kept: RegionVersions = current_app.extensions[REGION_VERSIONS_EXTENSION]
    # Without a connection while the copy is current; else checked on a tile read's connection.
    versions = kept.peek()
    version = tile_version(versions if versions is not None else read(kept.versions), where)
    key = tile_key(where, version, request.args.items())
    cache: TileCache | None = current_app.extensions.get(CACHE_EXTENSION)
    answer = cache.get(key) if cache is not None else None
    if answer is None or (answer.fresh_until is not None and answer.fresh_until <= time.time()):
        filters = parse_pin_filters(request.args)
        body, fresh_until = read(lambda executor: tile_body(executor, where, filters))
        digest = hashlib.blake2b(body, digest_size=12).hexdigest()
        answer = kept_answer(
            f"{version}-{digest}",
            body,
            fresh_until,
            min_size=current_app.config.get("COMPRESS_MIN_SIZE", 500),
            level=current_app.config["COMPRESS_LEVEL"],
        )
        if cache is not None:
            cache.put(key, answer)
    return conditional_response(answer)


def tile_key(where: Tile, version: int, args: Iterable[tuple[str, str]]) -> str:
    """The tile cache's key (also app.map.kept_tiles's, which must find the same answers)."""
    zoom, x, y = where
    return f"{FORMAT}/{zoom}/{x}/{y}/{version}?" + canonical_filters(args, FILTER_ARGS)


def conditional_response(answer: TileAnswer) -> Response:
    response = current_app.response_class(mimetype=GEOJSON)
    # Flask-Compress sends a compressed answer's ETag as "<etag>:gzip" (or :br, :zstd): the
    # browser asks back with that.
    asked = {tag.partition(":")[0] for tag in request.if_none_match.as_set()}
    if answer.etag in asked:
        response.status_code = 304
    else:
        response.set_data(answer.plain())  # Flask-Compress encodes it as the client asks
    response.set_etag(answer.etag)
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["API_CACHE_SECONDS"]
    return response


def tile_body(executor: Any, where: Tile, filters: PinFilters) -> tuple[bytes, float | None]:
    """The GeoJSON text of a tile, and until when it holds without a write (None: until one),
    read through `executor` (app.map.tile_reads)."""
    head = f'{{"type":"FeatureCollection","tile":[{where.zoom},{where.x},{where.y}],'
    head += f'"zoom":{where.zoom}'
    if cluster_zoom(where.zoom) is not None:
        places = COORDINATE_DECIMALS
        features = ",".join(
            [
                CLUSTER_FEATURE % (round(c.lon, places), round(c.lat, places), c.pins)
                for c in clusters_in_cells(
                    executor, tile_cells(where), where.zoom, cell_filter_for(filters)
                )
            ]
        )
        return f'{head},"clustered":true,"features":[{features}]}}'.encode(), None
    limit = current_app.config["MAP_TILE_MAX_POINTS"]
    west, south, east, north = tile_bounds(where)
    now = utcnow()
    statement = (
        select(
            Pin.public_lon,  # written rounded to COORDINATE_DECIMALS by app.pins.privacy
            Pin.public_lat,
            Pin.id,
            func.substr(Pin.kind, 1, 1),  # the codes are the values' first letters
            Pin.category_id,
            func.substr(Pin.status, 1, 1),
            Pin.expires_at,
        )
        .where(
            # Half-open, as app.map.tiles.tile_bounds says: each point in one tile only.
            Pin.public_lon >= west,
            Pin.public_lon < east,
            Pin.public_lat > south,
            Pin.public_lat <= north,
            *pin_filter_conditions(filters, now),
        )
        .limit(limit + 1)
    )
    rows = executor.execute(statement).all()
    truncated = len(rows) > limit
    rows = rows[:limit]
    features = ",".join(
        [POINT_FEATURE % (lon, lat, pin_id, k, c, s) for lon, lat, pin_id, k, c, s, _e in rows]
    )
    more = ',"truncated":true' if truncated else ""
    # An open need leaves the map when its expiry date passes, before any write: the answer
    # holds only until the first shown one expires.
    expiries = [e for _lon, _lat, _id, k, _c, s, e in rows if k == "n" and s == "o" and e]
    fresh_until = _timestamp(min(expiries)) if expiries else None
    return f'{head}{more},"features":[{features}]}}'.encode(), fresh_until


def _timestamp(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
