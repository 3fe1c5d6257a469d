"""/api/pins/tiles/<z>/<x>/<y>: the map by tile, for browsers, proxies and the server to keep."""

from __future__ import annotations

import gzip
import json
from datetime import timedelta

import pytest

from app.clock import utcnow
from app.extensions import db
from app.map import tile_api
from app.map.tiles import RedisTileCache, Tile, make_cache, tile_bounds, tiles_covering
from app.pins.models import PinKind
from app.pins.services import withdraw_pin
from tests.factories import login, make_category, make_pin, make_user
from tests.redis_server import RedisServer

CITY_HALL = (126.9779, 37.5663)
BUSAN = (129.0756, 35.1796)


def tile_of(lon: float, lat: float, zoom: int) -> Tile:
    (tile,) = tiles_covering((lon, lat, lon, lat), zoom)
    return tile


def url(tile: Tile) -> str:
    return f"/api/pins/tiles/{tile.zoom}/{tile.x}/{tile.y}"


def get_tile(client, tile: Tile, **args):
    response = client.get(url(tile), query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/geo+json"
    return response, json.loads(response.get_data(as_text=True))


def ids(collection: dict) -> set[int]:
    return {feature["properties"]["id"] for feature in collection["features"]}


def etag(client, tile: Tile) -> str:
    return get_tile(client, tile)[0].headers["ETag"]


# --- the grid ------------------------------------------------------------------------------------


def test_the_same_view_gives_the_same_tiles_north_west_first():
    view = (126.95, 37.55, 127.01, 37.58)
    tiles = tiles_covering(view, 15)
    assert tiles == tiles_covering(view, 15)
    assert tiles[0] == tile_of(view[0], view[3], 15) and tiles[-1] == tile_of(view[2], view[1], 15)
    columns, rows = tiles[-1].x - tiles[0].x + 1, tiles[-1].y - tiles[0].y + 1
    assert len(tiles) == len(set(tiles)) == columns * rows == 6 * 5
    # Together they cover the view: every corner lies in one of them.
    west = min(tile_bounds(t)[0] for t in tiles)
    south = min(tile_bounds(t)[1] for t in tiles)
    east = max(tile_bounds(t)[2] for t in tiles)
    north = max(tile_bounds(t)[3] for t in tiles)
    assert west <= view[0] and south <= view[1] and east >= view[2] and north >= view[3]


def test_neighbouring_tiles_share_their_edges_exactly():
    tile = tile_of(*CITY_HALL, 16)
    west, south, east, north = tile_bounds(tile)
    assert west <= CITY_HALL[0] < east and south < CITY_HALL[1] <= north
    assert tile_bounds(Tile(16, tile.x + 1, tile.y))[0] == east
    assert tile_bounds(Tile(16, tile.x, tile.y + 1))[3] == south


@pytest.mark.parametrize("path", ["/api/pins/tiles/3/8/0", "/api/pins/tiles/21/0/0"])
def test_a_tile_outside_the_grid_is_not_found(client, path):
    assert client.get(path).status_code == 404


# --- what a tile holds ---------------------------------------------------------------------------


def test_close_up_a_pin_is_in_its_own_tile_only(client):
    pin = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    home = tile_of(pin.public_lon, pin.public_lat, 16)
    assert pin.id in ids(get_tile(client, home)[1])
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        neighbour = Tile(16, home.x + dx, home.y + dy)
        assert pin.id not in ids(get_tile(client, neighbour)[1])


@pytest.mark.parametrize("zoom", [6, 9, 12, 15])
def test_each_cluster_is_counted_in_one_tile(client, zoom):
    category, author = make_category(), make_user()
    # A row of pins across several tiles' edges at every zoom.
    for i in range(12):
        make_pin(author, category=category, lon=126.90 + i * 0.013, lat=37.50 + i * 0.007)
    box = (126.8, 37.4, 127.2, 37.7)
    total = 0
    for tile in tiles_covering(box, zoom):
        response, collection = get_tile(client, tile, category=category.id)
        assert collection["clustered"] is True and collection["tile"] == list(tile)
        total += sum(feature["properties"]["n"] for feature in collection["features"])
    assert total == 12


def test_the_cap_is_per_tile_and_said(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILE_MAX_POINTS", 2)
    author = make_user()
    pins = [make_pin(author, lon=126.97791 + i * 0.0004, lat=37.56634) for i in range(3)]
    tile = tile_of(pins[0].public_lon, pins[0].public_lat, 16)
    collection = get_tile(client, tile)[1]
    assert collection["truncated"] is True and len(ids(collection)) == 2


def test_the_filters_apply_and_their_order_does_not_matter(client):
    need = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    member = make_user()
    offer = make_pin(member, kind=PinKind.OFFER, lon=CITY_HALL[0], lat=CITY_HALL[1])
    tile = tile_of(need.public_lon, need.public_lat, 16)
    needs = client.get(url(tile) + "?kind=need&status=active")
    again = client.get(url(tile) + "?status=active&kind=need")
    assert needs.get_data() == again.get_data()
    assert ids(json.loads(needs.get_data())) == {need.id}
    assert offer.id in ids(get_tile(client, tile)[1])


# --- caching -------------------------------------------------------------------------------------


def test_an_answer_is_public_with_a_strong_etag_and_answers_304(client):
    make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    tile = tile_of(*CITY_HALL, 16)
    response, _ = get_tile(client, tile)
    assert response.cache_control.public is True
    assert response.cache_control.max_age == 1  # the one-second freshness goal
    tag = response.headers["ETag"]
    assert tag.startswith('"') and not tag.startswith("W/")
    again = client.get(url(tile), headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == tag
    compressed = client.get(url(tile), headers={"If-None-Match": tag[:-1] + ':gzip"'})
    assert compressed.status_code == 304
    assert client.get(url(tile), headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize("signed_in", [False, True])
def test_no_session_no_cookie_and_no_vary_cookie(app, client, signed_in):
    if signed_in:
        login(client, make_user())
        assert any(cookie.key == "session" for cookie in client._cookies.values())
    tile = tile_of(*CITY_HALL, 16)
    for path in (url(tile), url(tile_of(*CITY_HALL, 11)), "/api/pins/tiles/21/0/0"):
        response = client.get(path, headers={"Accept-Language": "en"})
        assert "Set-Cookie" not in response.headers, path
        assert "cookie" not in response.headers.get("Vary", "").lower(), path


def test_a_write_changes_the_etag_of_its_tiles_only(client):
    first = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    db.session.commit()
    near = [tile_of(first.public_lon, first.public_lat, z) for z in (8, 11, 13, 16, 17)]
    far = [tile_of(*BUSAN, z) for z in (8, 11, 13, 16)]
    before = {tile: etag(client, tile) for tile in near + far}
    pin = make_pin(lon=CITY_HALL[0] + 0.0003, lat=CITY_HALL[1])
    db.session.commit()
    after_create = {tile: etag(client, tile) for tile in near + far}
    assert all(after_create[t] != before[t] for t in near)
    assert all(after_create[t] == before[t] for t in far)
    withdraw_pin(pin)
    db.session.commit()
    after_withdraw = {tile: etag(client, tile) for tile in near + far}
    assert all(after_withdraw[t] != after_create[t] for t in near)
    assert all(after_withdraw[t] == before[t] for t in far)


def test_a_new_pin_is_in_the_next_answer_with_the_cache_on(app, client):
    assert app.extensions[tile_api.CACHE_EXTENSION] is not None
    first = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    db.session.commit()
    tile = tile_of(first.public_lon, first.public_lat, 16)
    cluster_tile = tile_of(first.public_lon, first.public_lat, 12)
    assert ids(get_tile(client, tile)[1]) == {first.id}
    counted = get_tile(client, cluster_tile)[1]["features"][0]["properties"]["n"]
    second = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    db.session.commit()
    assert ids(get_tile(client, tile)[1]) == {first.id, second.id}
    assert get_tile(client, cluster_tile)[1]["features"][0]["properties"]["n"] == counted + 1


def test_a_kept_answer_lasts_only_until_a_shown_need_expires(client, monkeypatch):
    need = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    need.expires_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    tile = tile_of(need.public_lon, need.public_lat, 16)
    response, collection = get_tile(client, tile)
    assert need.id in ids(collection)
    later = utcnow() + timedelta(hours=2)
    monkeypatch.setattr(tile_api, "utcnow", lambda: later)
    monkeypatch.setattr(tile_api.time, "time", lambda: later.timestamp())
    response2, collection = get_tile(client, tile)
    assert need.id not in ids(collection)
    assert response2.headers["ETag"] != response.headers["ETag"]


def test_a_shortened_expiry_changes_the_etag(client):
    need = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    db.session.commit()
    tile = tile_of(need.public_lon, need.public_lat, 16)
    before = etag(client, tile)
    need.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response, collection = get_tile(client, tile)
    assert need.id not in ids(collection) and response.headers["ETag"] != before


def test_with_redis_a_kept_answer_is_shared_and_a_write_is_seen_next(
    app, client, tmp_path, monkeypatch
):
    """Production keeps answers in Redis, shared by every process (a real redis-server)."""
    with RedisServer(tmp_path) as server:
        cache = make_cache(server.url, max_bytes=1024, seconds=60)
        assert isinstance(cache, RedisTileCache)
        monkeypatch.setitem(app.extensions, tile_api.CACHE_EXTENSION, cache)
        first = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
        db.session.commit()
        tile = tile_of(first.public_lon, first.public_lat, 16)
        response, collection = get_tile(client, tile)
        assert ids(collection) == {first.id}
        keys = cache.client.keys(RedisTileCache.PREFIX + "*")
        assert len(keys) == 1 and 0 < cache.client.ttl(keys[0]) <= 60
        assert client.get(url(tile)).headers["ETag"] == response.headers["ETag"]
        second = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
        db.session.commit()
        assert ids(get_tile(client, tile)[1]) == {first.id, second.id}
        # A body large enough is kept gzipped, and comes back whole either way.
        crowd = [make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1]) for _ in range(6)]
        db.session.commit()
        plain = client.get(url(tile))
        assert len(plain.get_data()) >= app.config.get("COMPRESS_MIN_SIZE", 500)
        packed = client.get(url(tile), headers={"Accept-Encoding": "gzip"})
        assert packed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.get_data()) == plain.get_data()
        assert {p.id for p in crowd} <= ids(json.loads(plain.get_data()))
    # Redis gone: the answer is made without the cache.
    assert ids(get_tile(client, tile)[1]) == {first.id, second.id} | {p.id for p in crowd}
