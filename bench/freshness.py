"""Freshness and payload size: what /api/pins sends, and how soon a new pin shows in it."""

from __future__ import annotations

import statistics
import time

from server import HttpClient
from viewports import Viewport, bbox_around, centres, viewports

POLL_LIMIT_S = 5.0


def feature_weight(feature: dict) -> int:
    """How many pins a feature stands for: a cluster's count ("n"), or 1 for a single pin."""
    properties = feature.get("properties") or {}
    for name in ("n", "count", "point_count"):
        if isinstance(properties.get(name), int):
            return properties[name]
    return 1


def pins_shown(answer_json: dict) -> int:
    return sum(feature_weight(f) for f in answer_json.get("features", []))


def payload_size(port: int, zoom: int = 16) -> dict:
    """Bytes per pin of the GeoJSON for the fixed views: as sent with gzip, and raw."""
    raw_bytes = gzip_bytes = features = truncated = compressed = answers = 0
    with_gzip, without = HttpClient(port, gzip_ok=True), HttpClient(port, gzip_ok=False)
    try:
        for view in viewports(zoom):
            zipped = with_gzip.get(view.query())
            plain = without.get(view.query())
            if zipped.status != 200 or plain.status != 200:
                raise RuntimeError(f"HTTP {zipped.status}/{plain.status} for {view.query()}")
            data = plain.json()
            count = len(data.get("features", []))
            if count == 0:
                continue
            answers += 1
            features += count
            raw_bytes += len(plain.body)
            gzip_bytes += len(zipped.body)
            compressed += zipped.headers.get("content-encoding") == "gzip"
            truncated += bool(data.get("truncated"))
    finally:
        with_gzip.close()
        without.close()
    return {
        "views_with_pins": answers,
        "features": features,
        "raw_bytes_per_pin": raw_bytes / features if features else None,
        "gzip_bytes_per_pin": gzip_bytes / features if features else None,
        "gzip_answers": compressed,
        "truncated_answers": truncated,
    }


def _tile_path(lon: float, lat: float, zoom: int) -> str:
    from app.map.tiles import tiles_covering

    (tile,) = tiles_covering((lon, lat, lon, lat), zoom)
    return f"/api/pins/tiles/{tile.zoom}/{tile.x}/{tile.y}"


def measure_freshness(app, port: int, repeats: int = 5, tiles: bool = False) -> dict:
    """Create a need through the app's service, commit, and poll /api/pins at zoom 12 until
    the clusters over it count one more pin (with `tiles`, the zoom-12 tile over it, once
    asked so that the server keeps it: the freshness of the kept tiles). The pins are deleted
    again afterwards (through the ORM, so the cluster counts follow)."""
    from sqlalchemy import select

    from app.accounts.models import User
    from app.categories.models import Category, CategoryKind
    from app.extensions import db
    from app.pins.models import Pin, PinKind
    from app.pins.services import PinDetails, create_pin

    client = HttpClient(port)
    delays, commits, polls, created = [], [], [], []
    try:
        for lon, lat in centres(repeats, seed=11):
            path = (
                _tile_path(lon, lat, 12)
                if tiles
                else Viewport((lon, lat), 12, bbox_around(lon, lat, 12)).query()
            )
            before = pins_shown(client.get(path).json())
            with app.app_context():
                author = db.session.scalars(select(User).order_by(User.id).limit(1)).one()
                category = db.session.scalars(
                    select(Category)
                    .where(Category.kind.in_([CategoryKind.NEED, CategoryKind.BOTH]))
                    .order_by(Category.id)
                    .limit(1)
                ).one()
                details = PinDetails(
                    kind=PinKind.NEED,
                    category=category,
                    title="신선도 측정",
                    description="",
                    lon=lon,
                    lat=lat,
                )
                pin = create_pin(author, details)
                started = time.perf_counter()
                db.session.commit()
                commits.append(time.perf_counter() - started)
                created.append(pin.id)
            n = 0
            while True:
                n += 1
                shown = pins_shown(client.get(path).json())
                elapsed = time.perf_counter() - started
                if shown > before or elapsed > POLL_LIMIT_S:
                    break
            delays.append(elapsed if shown > before else float("inf"))
            polls.append(n)
    finally:
        client.close()
        with app.app_context():
            for pin_id in created:
                pin = db.session.get(Pin, pin_id)
                if pin is not None:
                    db.session.delete(pin)
            db.session.commit()
            db.session.remove()
    return {
        "repeats": len(delays),
        "max_s": max(delays),
        "median_s": statistics.median(delays),
        "commit_median_s": statistics.median(commits),
        "polls": polls,
    }
