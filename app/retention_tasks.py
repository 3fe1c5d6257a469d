"""The daily retention run (app.retention) and `flask retention …`.

Output is for the operator at a terminal and stays in English, like Flask's own commands.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import AppGroup
from huey import crontab

from app.clock import SEOUL
from app.extensions import db
from app.jobs import periodic
from app.retention import apply_rule, count_due, retention_rules
from app.transactions import writing

RUN_HOUR_IN_SEOUL, RUN_MINUTE = 3, 30  # the quietest hour of the site
# Huey's crontab runs in UTC; Seoul keeps no summer time, so its offset is a constant.
RUN_HOUR_UTC = datetime(2026, 1, 1, RUN_HOUR_IN_SEOUL, tzinfo=SEOUL).astimezone(UTC).hour


def run_every_rule(now: datetime | None = None) -> dict[str, int]:
    """Apply each rule and commit it on its own, so that SQLite's write lock (taken up front,
    app.transactions) is held for one kind at a time. Returns what each erased."""
    erased = {}
    for rule in retention_rules():
        with writing():
            erased[rule.kind] = apply_rule(rule, now).erased
            db.session.commit()
    return erased


@periodic(crontab(hour=str(RUN_HOUR_UTC), minute=str(RUN_MINUTE)))
def destroy_due_records() -> None:
    # Run twice (two workers, a rerun), the second run finds nothing left and records zeros.
    run_every_rule()


retention_cli = AppGroup("retention", help="Retention: destroy personal data once it is due.")


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Only say what would be erased; change nothing.")
def run(dry_run: bool) -> None:
    """Apply every retention rule now (the daily job does the same at 03:30 Seoul)."""
    if dry_run:
        for rule in retention_rules():
            click.echo(f"{rule.kind}: {count_due(rule)} would be erased")
        db.session.rollback()
        return
    for kind, erased in run_every_rule().items():
        click.echo(f"{kind}: {erased} erased")


@retention_cli.command("rules")
def rules() -> None:
    """List the rules, the period in force for each, and what they destroy."""
    for rule in retention_rules():
        click.echo(f"{rule.kind}\t{rule.period_in_force()}\t{rule.description}")
