"""Figures for the pin list (/pins) at scale: page 1, a deep page and a category + area filter,
before and after keyset pages and bounded totals (app.pins.listing), in the same run.

THE DATABASE IS WIPED (schema `public` dropped): its name must contain "bench".

    .venv/bin/python bench/pin_lists.py --database-url postgresql://…/hopemap_bench --pins 1000000

Loads N pins as bench/pins_api.py does (bench/stages.load_stage: COPY, cluster counts,
VACUUM ANALYZE), then times, in-process, `--requests` calls of each case:
- "before": what the old view ran for its list, `db.paginate` on the same statement (an exact
  count(*) and OFFSET (page - 1) × 20), and the cards built from the page (no template);
- "after list": app.pins.listing.list_pins for the same case (keyset page, bounded total),
  the cards built likewise, so both sides do the same work around the query;
- "after page": the whole page through the test client (template included).
The deep page is page 500 before; after, the page a cursor 9,980 rows deep opens (a page
number beyond 20 is sent to page 20). Prints p50 / p95 in milliseconds and statements per
request. Passes or fails nothing.
"""

from __future__ import annotations

import argparse
import base64
import os
import secrets
import sys
import time
from pathlib import Path
from types import SimpleNamespace

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

from sqlalchemy import event, func, select  # noqa: E402
from sqlalchemy.orm import defer, selectinload  # noqa: E402

DEEP_PAGE = 500


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="PostGIS database to WIPE")
    parser.add_argument("--pins", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=50, help="timed calls per case")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--no-load", action="store_true", help="measure what is loaded")
    args = parser.parse_args(argv)
    if "bench" not in args.database_url.rsplit("/", 1)[-1]:
        parser.error("refusing to wipe a database whose name does not contain 'bench'")
    return args


def make_app(database_url: str):
    os.environ.update(
        HOPEMAP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        SITE_URL="http://127.0.0.1:8000",
        # Fresh vault keys: the bench's pins carry no sealed data, but production needs keys.
        VAULT_KEYS="k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        VAULT_INDEX_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
    )
    from app import create_app

    return create_app()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(call, requests: int, engine) -> tuple[float, float, float]:
    """p50 and p95 in ms over `requests` calls (after 3 untimed), and statements per call."""
    statements = 0

    def seen(*_args) -> None:
        nonlocal statements
        statements += 1

    for _ in range(3):
        call()
    seconds = []
    event.listen(engine, "before_cursor_execute", seen)
    try:
        for _ in range(requests):
            started = time.perf_counter()
            call()
            seconds.append(time.perf_counter() - started)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return (
        percentile(seconds, 0.5) * 1000,
        percentile(seconds, 0.95) * 1000,
        statements / requests,
    )


def old_list(filters, page: int):
    """The list as the view read it before: db.paginate (count(*) and OFFSET)."""
    from app.extensions import db
    from app.pins.listing import PER_PAGE, _ordered_by
    from app.pins.models import Pin
    from app.pins.services import pin_filter_conditions, searched_columns
    from app.text_search import words_condition

    statement = (
        select(Pin)
        .where(
            *pin_filter_conditions(filters),
            words_condition(filters.query, searched_columns()),
        )
        .options(
            defer(Pin.location),
            selectinload(Pin.category),
            selectinload(Pin.public_dong),
            selectinload(Pin.public_gu),
            selectinload(Pin.organisation),
        )
        .order_by(*_ordered_by(filters.sort))
    )
    return db.paginate(statement, page=page, per_page=PER_PAGE, error_out=False)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    dsn = args.database_url.replace("postgresql+psycopg://", "postgresql://")
    app = make_app(args.database_url)
    import load
    import stages

    if not args.no_load:
        stages.log(f"=== {args.pins:,} pins: load")
        timings = stages.load_stage(
            app, dsn, args.pins, SimpleNamespace(seed=args.seed, python_rebuild_max=0)
        )
        stages.log(f"loaded: {timings}")
        # bench/load.py fills the exact point's areas only; the list filters by the public
        # point's (Pin.public_gu_id): without this the area filter would find nothing.
        import psycopg

        with psycopg.connect(dsn, autocommit=True) as conn:
            started = time.perf_counter()
            conn.execute(
                "UPDATE pins SET public_gu_id = gu_id, public_dong_id = dong_id"
                " WHERE public_gu_id IS NULL"
            )
            conn.execute("VACUUM (ANALYZE) pins")
            stages.log(f"public areas set: {time.perf_counter() - started:.1f} s")

    from app.areas.models import Area
    from app.extensions import db
    from app.paging import Cursor
    from app.pins.listing import list_pins
    from app.pins.models import Pin
    from app.pins.services import PinFilters, pin_cards, pin_filter_conditions

    with app.app_context():
        engine = db.engine
        gu = db.session.scalar(select(Area).where(Area.code == load.CENTRAL_GU_CODE))
        plain = PinFilters()
        # The category with the most open pins in the central gu: a filter that finds some.
        busiest = db.session.scalar(
            select(Pin.category_id)
            .where(*pin_filter_conditions(PinFilters(area=gu)))
            .group_by(Pin.category_id)
            .order_by(func.count().desc(), Pin.category_id)
            .limit(1)
        )
        narrowed = PinFilters(category_id=busiest, area=gu)
        edge = db.session.execute(
            select(Pin.created_at, Pin.id)
            .where(*pin_filter_conditions(plain))
            .order_by(Pin.created_at.desc(), Pin.id.desc())
            .offset((DEEP_PAGE - 1) * 20 - 1)
            .limit(1)
        ).one()
        deep = Cursor(edge.created_at, edge.id)
        db.session.remove()
    cases = [
        ("page 1", plain, 1, None, "/pins"),
        (f"page {DEEP_PAGE}", plain, DEEP_PAGE, deep, f"/pins?after={deep.token}"),
        (
            "category + area",
            narrowed,
            1,
            None,
            f"/pins?category={narrowed.category_id}&area={load.CENTRAL_GU_CODE}",
        ),
    ]
    client = app.test_client()
    print(f"\n/pins at {args.pins:,} pins, {args.requests} requests each, in-process")
    print("| case | before p50 / p95 ms (stmts) | after list | after page | total shown |")
    print("|---|---|---|---|---|")
    for name, filters, page, cursor, path in cases:
        with app.test_request_context(path):
            before = timed(
                lambda f=filters, p=page: pin_cards(old_list(f, p).items),
                args.requests,
                engine,
            )
            db.session.remove()
            after = timed(
                lambda f=filters, c=cursor: pin_cards(list_pins(f, 1, after=c).pins),
                args.requests,
                engine,
            )
            total = list_pins(filters, 1, after=cursor).total
            db.session.remove()
        whole = timed(lambda p=path: client.get(p), args.requests, engine)
        print(
            f"| {name} | {before[0]:.1f} / {before[1]:.1f} ({before[2]:.0f}) "
            f"| {after[0]:.1f} / {after[1]:.1f} ({after[2]:.0f}) "
            f"| {whole[0]:.1f} / {whole[1]:.1f} ({whole[2]:.0f}) "
            f"| {total.kind.value} {total.value:,} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
