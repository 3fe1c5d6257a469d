"""`flask checkins scan`: raise reports for missed check-in streaks now (the daily job does
the same). Output is for the operator at a terminal and stays in English."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.checkins.scan import scan_missed_checkins
from app.transactions import writes

checkins_cli = AppGroup("checkins", help="Check-in groups.")


@checkins_cli.command("scan")
@writes
def scan() -> None:
    """Report each member whose last check-ins were missed (once per missed streak)."""
    count = scan_missed_checkins()
    click.echo(f"{count} report{'' if count == 1 else 's'} raised.")
