"""Kept map tiles cost no database and no Flask (app.map.region_versions, app.map.kept_tiles),
and a write is still seen: at once in its own process, within the versions' interval in
another."""

from __future__ import annotations

import gzip
import time

import pytest
from sqlalchemy import event, text

from app.extensions import db
from app.map import tile_api
from app.map.clusters import REGION_ZOOM
from app.map.region_versions import RegionVersions
from app.map.tiles import Tile, tile_cache_url, tile_version
from tests.factories import make_pin
from tests.map.test_tiles import CITY_HALL, get_tile, ids, tile_of, url


class StatementCounter:
    """Every statement sent and every connection taken from the pool (a pre-ping is one)."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.seen: list[str] = []

    def _statement(self, _conn, _cursor, statement, *_args) -> None:
        self.seen.append(statement)

    def _checkout(self, *_args) -> None:
        self.seen.append("checkout")

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine.pool, "checkout", self._checkout)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine.pool, "checkout", self._checkout)


@pytest.fixture
def versions(app) -> RegionVersions:
    return app.extensions[tile_api.REGION_VERSIONS_EXTENSION]


def test_a_kept_tile_sends_no_statement(app, client, versions, monkeypatch):
    monkeypatch.setattr(versions, "seconds", 60)  # no check due during the test
    pin = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    db.session.commit()
    tiles = [tile_of(pin.public_lon, pin.public_lat, z) for z in (11, 14, 16)]
    first = {tile: get_tile(client, tile)[0] for tile in tiles}
    with StatementCounter(db.engine) as counter:
        for tile in tiles:
            again, collection = get_tile(client, tile)
            assert again.headers["ETag"] == first[tile].headers["ETag"]
            assert again.get_data() == first[tile].get_data()
    assert counter.seen == []
    assert ids(get_tile(client, tiles[-1])[1]) == {pin.id}


def test_a_kept_tile_is_answered_without_flask_with_the_same_headers(
    app, client, versions, monkeypatch
):
    monkeypatch.setattr(versions, "seconds", 60)
    pin = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    db.session.commit()
    tile = tile_of(pin.public_lon, pin.public_lat, 16)
    full, _ = get_tile(client, tile)

    def no_view(**_numbers):
        raise AssertionError("a kept tile reached the view")

    monkeypatch.setitem(app.view_functions, "map.tile", no_view)
    kept, _ = get_tile(client, tile)
    assert kept.get_data() == full.get_data()
    assert sorted(kept.headers.items()) == sorted(full.headers.items())
    assert "nonce" not in kept.headers["Content-Security-Policy"]
    assert kept.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in kept.headers
    tag = kept.headers["ETag"]
    not_modified = client.get(url(tile), headers={"If-None-Match": tag[:-1] + ':gzip"'})
    assert not_modified.status_code == 304 and not_modified.get_data() == b""
    assert not_modified.headers["ETag"] == tag


def test_a_large_kept_tile_goes_gzipped_to_who_accepts_it(app, client, versions, monkeypatch):
    monkeypatch.setattr(versions, "seconds", 60)
    pins = [make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1]) for _ in range(20)]
    db.session.commit()
    tile = tile_of(pins[0].public_lon, pins[0].public_lat, 16)
    full, _ = get_tile(client, tile)
    assert len(full.get_data()) >= app.config.get("COMPRESS_MIN_SIZE", 500)
    with StatementCounter(db.engine) as counter:
        kept = client.get(url(tile), headers={"Accept-Encoding": "gzip"})
    assert counter.seen == []
    assert kept.headers["Content-Encoding"] == "gzip"
    assert kept.headers["ETag"] == full.headers["ETag"][:-1] + ':gzip"'
    assert gzip.decompress(kept.get_data()) == full.get_data()
    plain = client.get(url(tile), headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in plain.headers and plain.get_data() == full.get_data()


def test_a_version_raised_by_another_process_is_seen_within_the_interval(
    app, client, versions, monkeypatch
):
    """Another process's write reaches this one only through the database: the UPDATE below
    leaves this process's copy alone (as a write elsewhere would) until the copy's check."""
    monkeypatch.setattr(versions, "seconds", 0.2)
    pin = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    db.session.commit()
    tile = tile_of(pin.public_lon, pin.public_lat, 16)
    before = get_tile(client, tile)[0].headers["ETag"]
    db.session.execute(text("UPDATE map_region_versions SET version = version + 1"))
    db.session.commit()
    deadline = time.monotonic() + 5  # far beyond the interval: only a copy never checked fails
    while get_tile(client, tile)[0].headers["ETag"] == before:
        assert time.monotonic() < deadline, "the raised version was never seen"
        time.sleep(0.05)


def test_the_versions_are_checked_by_one_statement_when_due(app, versions, monkeypatch):
    make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    db.session.commit()
    monkeypatch.setattr(versions, "seconds", 0)  # every use is due for its check
    with StatementCounter(db.engine) as counter:
        first = dict(versions.versions(db.session))
        read_all = len(counter.seen)
        assert versions.versions(db.session) == first  # nothing changed: the check alone
    assert first and len(counter.seen) - read_all == 1
    assert versions.peek() is None  # due: app.map.kept_tiles leaves it to Flask


@pytest.mark.parametrize("rows", [3, 5000])
def test_a_wide_tile_sums_the_regions_it_covers(rows):
    versions = {(rx, 0): 1 for rx in range(rows)}
    versions[(3, 3)] = 7
    wide = Tile(REGION_ZOOM - 2, 0, 0)  # regions x 0–3, y 0–3
    assert tile_version(versions, wide) == min(rows, 4) + 7
    assert tile_version(versions, Tile(REGION_ZOOM + 1, 6, 7)) == 7
    assert tile_version(versions, Tile(REGION_ZOOM, 9, 9)) == 0


def test_one_redis_url_serves_figures_and_tiles():
    assert tile_cache_url("", "redis://cache:6379/2") == "redis://cache:6379/2"
    assert tile_cache_url("", "memory://") == ""  # in the process
    assert tile_cache_url("off", "redis://cache:6379/2") == "off"
    assert tile_cache_url("local", "redis://cache:6379/2") == "local"
