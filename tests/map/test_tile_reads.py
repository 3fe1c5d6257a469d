"""Tiles not kept are read on connections of their own on PostgreSQL (app.map.tile_reads):
autocommit, no ping before use, the request's pooled session left alone; a connection that
died while pooled costs a second try, never an error."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from app.extensions import db
from app.map import tile_reads
from tests.factories import make_pin
from tests.map.test_tiles import CITY_HALL, get_tile, ids, tile_of
from tests.raw_dump import database_of_its_own


@pytest.fixture
def own(tmp_dir):
    with database_of_its_own(tmp_dir, "_tile_reads") as app:
        app.config["TILE_READS_OWN_CONNECTIONS"] = True
        yield app
        engine = app.extensions.get(tile_reads.EXTENSION)
        if engine is not None:
            engine.dispose()


@pytest.mark.own_app
def test_a_tile_not_kept_is_read_without_the_sessions_round_trips(own):
    pins = [make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1]) for _ in range(2)]
    db.session.commit()
    tile = tile_of(pins[0].public_lon, pins[0].public_lat, 16)
    client = own.test_client()
    get_tile(client, tile)  # the region versions' first read, and the engine made
    engine = tile_reads._engine(own)
    if db.engine.dialect.name == "sqlite":
        assert engine is None  # SQLite has no round trip to save: the session reads
        assert ids(get_tile(client, tile)[1]) == {p.id for p in pins}
        return
    assert engine is not None and engine.pool._pre_ping is False
    own.extensions["map_region_versions"].seconds = 60  # the copy stays current meanwhile
    checkouts: list[object] = []
    sql: list[str] = []

    def checked_out(*_args) -> None:
        checkouts.append(1)

    def executed(_conn, _cursor, statement, *_args) -> None:
        sql.append(statement)

    event.listen(db.engine, "checkout", checked_out)
    event.listen(engine, "before_cursor_execute", executed)
    try:
        own.extensions["map_tile_cache"].clear()
        response, collection = get_tile(client, tile)
    finally:
        event.remove(db.engine, "checkout", checked_out)
        event.remove(engine, "before_cursor_execute", executed)
    assert response.status_code == 200 and ids(collection) == {p.id for p in pins}
    assert checkouts == []  # the request's session was never checked out
    assert len(sql) == 1 and sql[0].lstrip().upper().startswith("SELECT")
    with engine.connect() as connection:
        assert connection.connection.driver_connection.autocommit is True


@pytest.mark.own_app
def test_a_tile_connection_that_died_while_pooled_is_replaced(own):
    pin = make_pin(lon=CITY_HALL[0], lat=CITY_HALL[1])
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite's connections do not die under the app: nothing to replace")
    client = own.test_client()
    tile = tile_of(pin.public_lon, pin.public_lat, 16)
    get_tile(client, tile)
    engine = tile_reads._engine(own)
    with engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    # As a server restart would: the pooled connection is closed under the app.
    db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    db.session.commit()
    own.extensions["map_tile_cache"].clear()
    response, collection = get_tile(client, tile)
    assert response.status_code == 200 and ids(collection) == {pin.id}
