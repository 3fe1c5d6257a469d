"""Bench data: an empty migrated database, a few reference rows and N deterministic pins.

The pins are spread over Seoul (denser around a few busy districts), with mixed kinds,
states and categories. Their public location comes from app.pins.privacy, the same rule the
app applies on every write. Pins are streamed into PostgreSQL with COPY (no ORM), so a
million of them never sit in memory at once.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_migrate import upgrade
from sqlalchemy import text

from app.config import PROJECT_ROOT
from app.demo.data import CATEGORIES
from app.extensions import db
from app.pins.privacy import public_location

# The box the pins fall in, and the busy places where they cluster: (lon, lat, weight, sigma
# in metres). Weights are relative; 40 % of the pins are spread evenly over the box.
SEOUL_BOX = (126.80, 37.43, 127.18, 37.70)
HOT_SPOTS = (
    (126.9780, 37.5665, 3, 1500),  # City Hall / Jongno
    (127.0276, 37.4979, 3, 1800),  # Gangnam station
    (126.9240, 37.5560, 2, 1200),  # Hongdae
    (127.1000, 37.5133, 2, 1500),  # Jamsil
    (126.9060, 37.5160, 2, 1300),  # Yeongdeungpo
    (127.0560, 37.6540, 2, 2000),  # Nowon
    (126.8870, 37.4950, 1, 1200),  # Guro
    (127.0490, 37.5440, 1, 1000),  # Seongsu
)
UNIFORM_SHARE = 0.4
METRES_PER_DEGREE = 111_320.0

# Synthetic districts: the box cut into 5 x 5 "gu", each cut into 4 x 4 "dong" (400 dong,
# close to Seoul's 425), so the area filter and the cluster keys see realistic cardinality.
GU_GRID = 5
DONG_GRID = 4
CENTRAL_GU_CODE = "B22"  # the middle of the 5 x 5 "gu": City Hall, Jongno

STATUS_WEIGHTS = (
    ("open", 60),
    ("matched", 10),
    ("fulfilled", 15),
    ("withdrawn", 8),
    ("expired", 7),
)
NEED_SHARE = 0.55
ORGANISATION_OFFER_SHARE = 0.3
USERS = 2000
NEED_LIFETIME_DAYS = 30  # as the app's default NEED_LIFETIME_DAYS
ORGANISATIONS = 60

TITLES = (
    "쌀 10kg 나눔",
    "겨울 이불 필요합니다",
    "도시락 배달 봉사",
    "연탄 200장 지원 요청",
    "보일러 수리 도움",
    "병원 동행 부탁드려요",
    "어르신 이발 봉사",
    "중학생 수학 멘토링",
    "무료 법률 상담",
    "휠체어 이동 지원",
    "전기장판 나눔",
    "김장김치 나눠요",
    "생필품 꾸러미",
    "반찬 나눔",
    "아동 겨울 외투",
)


@dataclass(frozen=True)
class Reference:
    """Ids of the rows pins point at."""

    need_categories: tuple[int, ...]
    offer_categories: tuple[int, ...]
    user_ids: tuple[int, ...]
    organisation_ids: tuple[int, ...]
    gu_ids: tuple[tuple[int, ...], ...]  # [column][row]
    dong_ids: tuple[tuple[int, ...], ...]  # [column][row], over the whole box


# --- schema -----------------------------------------------------------------------------------


def reset_and_migrate(app) -> None:
    """Same as tests/conftest.py: drop everything in `public`, then run the migrations."""
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        db.session.remove()
        db.engine.dispose()


# --- reference rows ---------------------------------------------------------------------------


def _box_polygon(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> str:
    ring = (
        f"{min_lon} {min_lat}, {max_lon} {min_lat}, {max_lon} {max_lat}, "
        f"{min_lon} {max_lat}, {min_lon} {min_lat}"
    )
    return f"SRID=4326;MULTIPOLYGON((({ring})))"


def create_reference_rows(conn, now: datetime) -> Reference:
    """Categories (the demo's twelve), users, verified organisations and 25 gu / 400 dong."""
    need_categories, offer_categories = [], []
    with conn.cursor() as cur:
        for position, (slug, name_ko, name_en, kind) in enumerate(CATEGORIES):
            cur.execute(
                "INSERT INTO categories (slug, name_ko, name_en, kind, position, active) "
                "VALUES (%s, %s, %s, %s, %s, true) RETURNING id",
                (slug, name_ko, name_en, kind, position),
            )
            category_id = cur.fetchone()[0]
            if kind in ("need", "both"):
                need_categories.append(category_id)
            if kind in ("offer", "both"):
                offer_categories.append(category_id)
        with cur.copy(
            "COPY users (email, display_name, password_hash, role, is_active_account, "
            "session_token, created_at) FROM STDIN"
        ) as copy:
            for i in range(USERS):
                copy.write_row(
                    (f"bench{i}@example.org", f"주민 {i}", "!", "resident", True, f"t{i}", now)
                )
        cur.execute("SELECT id FROM users ORDER BY id")
        user_ids = tuple(row[0] for row in cur.fetchall())
        with cur.copy("COPY organisations (name_ko, type, status, created_at) FROM STDIN") as copy:
            for i in range(ORGANISATIONS):
                copy.write_row((f"나눔 복지관 {i}", "welfare_centre", "verified", now))
        cur.execute("SELECT id FROM organisations ORDER BY id")
        organisation_ids = tuple(row[0] for row in cur.fetchall())
        gu_ids, dong_ids = _create_areas(cur)
    conn.commit()
    return Reference(
        tuple(need_categories),
        tuple(offer_categories),
        user_ids,
        organisation_ids,
        gu_ids,
        dong_ids,
    )


def _create_areas(cur):
    min_lon, min_lat, max_lon, max_lat = SEOUL_BOX
    gu_width = (max_lon - min_lon) / GU_GRID
    gu_height = (max_lat - min_lat) / GU_GRID
    dongs_across = GU_GRID * DONG_GRID
    dong_width, dong_height = gu_width / DONG_GRID, gu_height / DONG_GRID
    gu_ids = [[0] * GU_GRID for _ in range(GU_GRID)]
    dong_ids = [[0] * dongs_across for _ in range(dongs_across)]
    for column in range(GU_GRID):
        for row in range(GU_GRID):
            west, south = min_lon + column * gu_width, min_lat + row * gu_height
            cur.execute(
                "INSERT INTO areas (code, level, name_ko, geom, updated_at) "
                "VALUES (%s, 'gu', %s, ST_GeomFromEWKT(%s), now()) RETURNING id",
                (
                    f"B{column}{row}",
                    f"벤치구 {column}-{row}",
                    _box_polygon(west, south, west + gu_width, south + gu_height),
                ),
            )
            gu_ids[column][row] = cur.fetchone()[0]
    for column in range(dongs_across):
        for row in range(dongs_across):
            west, south = min_lon + column * dong_width, min_lat + row * dong_height
            cur.execute(
                "INSERT INTO areas (code, level, name_ko, parent_id, geom, updated_at) "
                "VALUES (%s, 'dong', %s, %s, ST_GeomFromEWKT(%s), now()) RETURNING id",
                (
                    f"B{column:02d}{row:02d}D",
                    f"벤치동 {column}-{row}",
                    gu_ids[column // DONG_GRID][row // DONG_GRID],
                    _box_polygon(west, south, west + dong_width, south + dong_height),
                ),
            )
            dong_ids[column][row] = cur.fetchone()[0]
    return tuple(map(tuple, gu_ids)), tuple(map(tuple, dong_ids))


# --- pins -------------------------------------------------------------------------------------

PIN_COLUMNS = (
    "kind",
    "status",
    "category_id",
    "title",
    "description",
    "location",
    "public_lon",
    "public_lat",
    "location_is_coarse",
    "dong_id",
    "gu_id",
    "public_dong_id",
    "public_gu_id",
    "author_id",
    "organisation_id",
    "quantity",
    "photo",
    "expires_at",
    "created_at",
    "updated_at",
)


def random_point(rng: random.Random) -> tuple[float, float]:
    """A point in the box: evenly spread, or around one of the hot spots."""
    min_lon, min_lat, max_lon, max_lat = SEOUL_BOX
    if rng.random() < UNIFORM_SHARE:
        return rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
    lon0, lat0, _weight, sigma = rng.choices(HOT_SPOTS, weights=_HOT_WEIGHTS)[0]
    lat = lat0 + rng.gauss(0, sigma) / METRES_PER_DEGREE
    lon = lon0 + rng.gauss(0, sigma) / (METRES_PER_DEGREE * math.cos(math.radians(lat0)))
    return min(max(lon, min_lon), max_lon - 1e-9), min(max(lat, min_lat), max_lat - 1e-9)


_HOT_WEIGHTS = [spot[2] for spot in HOT_SPOTS]
_STATUSES = [s for s, _ in STATUS_WEIGHTS]
_STATUS_WEIGHTS = [w for _, w in STATUS_WEIGHTS]


def generate_pins(n: int, seed: int, ref: Reference, now: datetime) -> Iterator[tuple]:
    """N pin rows in PIN_COLUMNS order; the same rows for the same seed (timestamps aside,
    which count back from `now`). Call inside an app context (the privacy grid's settings)."""
    rng = random.Random(seed)
    min_lon, min_lat, max_lon, max_lat = SEOUL_BOX
    dongs_across = GU_GRID * DONG_GRID
    dong_width = (max_lon - min_lon) / dongs_across
    dong_height = (max_lat - min_lat) / dongs_across
    for _ in range(n):
        lon, lat = random_point(rng)
        is_need = rng.random() < NEED_SHARE
        kind = "need" if is_need else "offer"
        organisation_id = None
        if not is_need and rng.random() < ORGANISATION_OFFER_SHARE:
            organisation_id = rng.choice(ref.organisation_ids)
        category_id = rng.choice(ref.need_categories if is_need else ref.offer_categories)
        status = rng.choices(_STATUSES, weights=_STATUS_WEIGHTS)[0]
        public_lon, public_lat, coarse = public_location(kind, organisation_id, lon, lat)
        column, row = _dong_cell(lon, lat, dong_width, dong_height)
        # As app.pins.services.place_pin: a coarse point is told by the areas it falls in.
        public = _dong_cell(public_lon, public_lat, dong_width, dong_height) if coarse else None
        public_column, public_row = public or (column, row)
        # Steady state: `flask pins expire` runs daily, so an open need is never overdue.
        age_days = NEED_LIFETIME_DAYS - 1 if is_need and status == "open" else 60
        created_at = now - timedelta(seconds=rng.randrange(age_days * 86400))
        yield (
            kind,
            status,
            category_id,
            rng.choice(TITLES),
            "벤치마크용 설명입니다. 자세한 내용은 연락 주세요.",
            f"SRID=4326;POINT({lon!r} {lat!r})",
            public_lon,
            public_lat,
            coarse,
            ref.dong_ids[column][row],
            ref.gu_ids[column // DONG_GRID][row // DONG_GRID],
            ref.dong_ids[public_column][public_row],
            ref.gu_ids[public_column // DONG_GRID][public_row // DONG_GRID],
            rng.choice(ref.user_ids),
            organisation_id,
            rng.randrange(1, 20) if rng.random() < 0.5 else None,
            "photo.jpg" if rng.random() < 0.1 else None,
            created_at + timedelta(days=NEED_LIFETIME_DAYS) if is_need else None,
            created_at,
            created_at,
        )


def _dong_cell(lon: float, lat: float, width: float, height: float) -> tuple[int, int]:
    """The synthetic dong's column and row of a point (a point on the grid of the public
    location may fall just outside the box: it belongs to the edge dong)."""
    min_lon, min_lat, _max_lon, _max_lat = SEOUL_BOX
    last = GU_GRID * DONG_GRID - 1
    column = min(max(int((lon - min_lon) / width), 0), last)
    return column, min(max(int((lat - min_lat) / height), 0), last)


def secondary_indexes(conn, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the table's indexes that back no constraint."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = 'public' AND i.tablename = %s AND NOT EXISTS ("
            " SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            (table,),
        )
        return cur.fetchall()


def copy_pins(conn, rows: Iterator[tuple]) -> dict[str, float]:
    """COPY the rows into `pins`, building the migration's indexes after (much faster than
    maintaining them row by row). Returns the seconds each stage took."""
    timings = {}
    indexes = secondary_indexes(conn, "pins")
    with conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '512MB'")
        for name, _definition in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        started = time.perf_counter()
        with cur.copy(f"COPY pins ({', '.join(PIN_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        timings["copy_s"] = time.perf_counter() - started
        started = time.perf_counter()
        for _name, definition in indexes:
            cur.execute(definition)
        timings["indexes_s"] = time.perf_counter() - started
    conn.commit()
    return timings


def bench_now() -> datetime:
    """Timestamps count back from the start of today (UTC)."""
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
