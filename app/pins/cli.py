"""`flask pins expire`: needs past their expiry date become expired (run it daily from cron).

Pages and the list already treat an overdue need as expired; this command makes it so in the
database, so that every other reader (the map's cluster counts, exports) agrees.
Output is for the operator at a terminal and stays in English, like Flask's own commands.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import db
from app.pins.services import regrid_pins
from app.pins.tasks import expire_in_batches
from app.transactions import writes

pins_cli = AppGroup("pins", help="Needs and offers.")


@pins_cli.command("expire")
@writes
def expire() -> None:
    """Mark open needs past their expiry date as expired."""
    count = expire_in_batches()
    click.echo(f"{count} need{'' if count == 1 else 's'} expired.")


@pins_cli.command("regrid")
@writes
def regrid() -> None:
    """Recompute every pin's public point with the grid of equal metres (run once after the
    upgrade that made cells as wide in metres at every latitude)."""
    count = regrid_pins()
    db.session.commit()
    click.echo(f"{count} pin{'' if count == 1 else 's'} moved to their cell's new centre.")
