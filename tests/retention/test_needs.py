"""A closed need's exact point and description are destroyed after their period: the point
becomes the public cell's centre (what everyone saw already), so the map's cluster counts and
means stay exactly what they were; open needs and younger closed ones keep theirs. Also the
daily job and `flask retention …`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.map.clusters import cell_discrepancies
from app.map.models import PinCell, PinCellTotal
from app.pins.models import PinStatus
from app.pins.services import exact_point, withdraw_pin
from app.retention import RetentionRun, apply_rule, retention_rules
from app.retention_tasks import destroy_due_records
from tests.factories import make_pin, make_user, reload

NOW = datetime(2031, 3, 15, 18, 30, tzinfo=UTC)
EXACT = (126.97712, 37.56683)  # off its cell's centre
WORDS = "My mother, 87, lives above the pharmacy, second floor"


def _rule():
    (rule,) = [rule for rule in retention_rules() if rule.kind == "need_exact_place"]
    return rule


def _closed_need(closed_at: datetime):
    need = make_pin(lon=EXACT[0], lat=EXACT[1], description=WORDS)
    withdraw_pin(need)
    need.updated_at = closed_at
    db.session.flush()
    return need


def _clusters() -> tuple[list, list]:
    """Every cluster cell's count and mean, and every total: what the map shows."""
    cells = [
        (*key, round(sum_lon, 9), round(sum_lat, 9))
        for *key, sum_lon, sum_lat in db.session.execute(
            select(PinCell.zoom, PinCell.cx, PinCell.cy, PinCell.status, PinCell.pins)
            .add_columns(PinCell.sum_lon, PinCell.sum_lat)
            .where(PinCell.pins != 0)
            .order_by(PinCell.zoom, PinCell.cx, PinCell.cy, PinCell.status)
        )
    ]
    totals = db.session.execute(
        select(PinCellTotal.zoom, PinCellTotal.cx, PinCellTotal.cy, PinCellTotal.pins)
        .where(PinCellTotal.pins != 0)
        .order_by(PinCellTotal.zoom, PinCellTotal.cx, PinCellTotal.cy)
    ).all()
    return cells, [tuple(row) for row in totals]


def test_a_closed_need_keeps_its_public_place_and_counts_but_loses_its_exact_point_and_words():
    cutoff = _rule().cutoff(NOW)
    due = _closed_need(cutoff - timedelta(hours=1))
    young = _closed_need(cutoff + timedelta(hours=1))
    still_open = make_pin(lon=EXACT[0], lat=EXACT[1], description=WORDS)
    still_open.updated_at = cutoff - timedelta(days=400)
    db.session.flush()
    public = (due.public_lon, due.public_lat, due.public_dong_id, due.dong_id, due.category_id)
    assert exact_point(due) != (due.public_lon, due.public_lat)
    clusters_before = _clusters()

    run = apply_rule(_rule(), NOW)

    assert run.erased == 1
    erased = reload(due)
    assert exact_point(erased) == (erased.public_lon, erased.public_lat)
    assert erased.description == ""
    assert erased.exact_place_erased_at == NOW
    assert erased.status == PinStatus.WITHDRAWN  # counts by status, area and category stay
    assert (
        erased.public_lon,
        erased.public_lat,
        erased.public_dong_id,
        erased.dong_id,
        erased.category_id,
    ) == public
    for kept in (young, still_open):
        kept = reload(kept)
        assert exact_point(kept) == EXACT and kept.description == WORDS
    assert _clusters() == clusters_before
    assert cell_discrepancies(db.session) == []

    assert apply_rule(_rule(), NOW).erased == 0
    assert exact_point(reload(due)) == (erased.public_lon, erased.public_lat)


def test_a_closed_need_s_photo_file_goes_with_its_words_and_a_younger_need_keeps_its_own(app):
    folder = Path(app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = _rule().cutoff(NOW)
    due = _closed_need(cutoff - timedelta(hours=1))
    young = _closed_need(cutoff + timedelta(hours=1))
    for need, closed_at in (
        (due, cutoff - timedelta(hours=1)),
        (young, cutoff + timedelta(hours=1)),
    ):
        need.photo = f"retention-test-{need.id}.jpg"
        (folder / need.photo).write_bytes(b"a photo of a front door")
        db.session.flush()
        need.updated_at = closed_at  # the change above moved it to now
        db.session.flush()
    due_file, young_file = folder / due.photo, folder / young.photo

    assert apply_rule(_rule(), NOW).erased == 1

    assert reload(due).photo is None and not due_file.exists()
    assert reload(young).photo == young_file.name and young_file.exists()
    client = app.test_client()
    assert client.get(f"/pins/{due.id}/photo").status_code == 404
    young_file.unlink()


def test_deleting_a_deleted_account_s_old_pins_keeps_the_clusters_exact_and_their_photos_go(app):
    (rule,) = [rule for rule in retention_rules() if rule.kind == "deleted_account_pins"]
    author = make_user()
    pin = make_pin(author)
    withdraw_pin(pin)
    folder = Path(app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    photo = folder / f"retention-deleted-{pin.id}.jpg"
    photo.write_bytes(b"a photo of a front door")
    pin.photo = photo.name
    author.deleted_at = rule.cutoff(NOW) - timedelta(days=1)
    db.session.flush()
    assert apply_rule(rule, NOW).erased == 1
    assert reload(pin) is None and not photo.exists()
    assert cell_discrepancies(db.session) == []


def test_the_daily_job_runs_every_rule_and_records_each_run_then_finds_nothing_more(jobs):
    due = _closed_need(datetime.now(UTC) - timedelta(days=365 * 4))
    db.session.commit()
    task = jobs.queue.tasks[destroy_due_records.name]
    assert task.s().validate_datetime(datetime(2031, 3, 15, 18, 30))  # 03:30 in Seoul
    assert not task.s().validate_datetime(datetime(2031, 3, 15, 3, 30))
    for _ in range(2):  # a second worker's run, or a rerun, under the worker's lock
        jobs.huey.execute(task.s())
    assert reload(due).description == ""
    of_needs = RetentionRun.kind == "need_exact_place"
    runs = db.session.scalars(select(RetentionRun).where(of_needs).order_by(RetentionRun.id)).all()
    assert [run.erased for run in runs] == [1, 0]
    kinds = set(db.session.scalars(select(RetentionRun.kind)))
    assert kinds == {rule.kind for rule in retention_rules()}


def test_the_dry_run_says_what_would_go_and_changes_nothing(app):
    due = _closed_need(datetime.now(UTC) - timedelta(days=365 * 4))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["retention", "run", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "need_exact_place: 1 would be erased" in result.output
    assert reload(due).description == WORDS
    assert exact_point(reload(due)) == EXACT
    assert db.session.scalar(select(func.count()).select_from(RetentionRun)) == 0

    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "need_exact_place: 1 erased" in result.output
    assert reload(due).description == ""


def test_the_rules_command_lists_each_kind_with_its_period_in_force(app, monkeypatch):
    monkeypatch.setitem(app.config, "RETENTION", {"notifications": "P2Y"})
    output = app.test_cli_runner().invoke(args=["retention", "rules"]).output
    lines = dict(line.split("\t")[:2] for line in output.splitlines())
    assert lines["need_exact_place"] == "P3Y"
    assert lines["notifications"] == "P2Y"
    assert lines["deleted_account_pins"] == f"P{app.config['HELP_RECORDS_KEPT_YEARS']}Y"
    assert set(lines) == {rule.kind for rule in retention_rules()}


def test_the_privacy_officer_s_periods_come_from_the_environment(monkeypatch):
    from app.config import BaseConfig, ConfigurationError, retention_periods

    monkeypatch.setenv("RETENTION", " match_messages=P1Y, need_exact_place=P5Y6M ")
    config = {name: getattr(BaseConfig, name) for name in dir(BaseConfig) if name.isupper()}
    BaseConfig.finalise(config)
    assert config["RETENTION"] == {"match_messages": "P1Y", "need_exact_place": "P5Y6M"}
    for wrong in ("match_messages", "match_messages=1Y", "=P1Y", "match_messages=P", "x=P1W"):
        with pytest.raises(ConfigurationError, match="RETENTION"):
            retention_periods(wrong)
