"""`flask map check-clusters` and `flask map rebuild-clusters`: the map's kept cluster counts.

The counts and coordinate sums in pin_cells and pin_cell_totals change with every write to a
pin; `check-clusters` recounts them from the pins and says where they differ (exit 1), and
`rebuild-clusters` recounts them for good. Output stays in English, like Flask's own commands.
"""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from app.extensions import db
from app.map.clusters import cell_discrepancies, rebuild_cells
from app.transactions import writes

map_cli = AppGroup("map", help="The map's cluster counts.")


@map_cli.command("check-clusters")
def check_clusters() -> None:
    """Recount every cluster cell from the pins and compare with the kept counts."""
    problems = cell_discrepancies(db.session)
    for line in problems[:50]:
        click.echo(line)
    if problems:
        click.echo(f"{len(problems)} cells differ: run `flask map rebuild-clusters`.")
        sys.exit(1)
    click.echo("All cluster counts and sums agree with the pins.")


@map_cli.command("rebuild-clusters")
@writes
def rebuild_clusters() -> None:
    """Recount every cluster cell from the pins."""
    seen = rebuild_cells(db.session)
    db.session.commit()
    click.echo(f"Cluster cells recounted from {seen} pins.")
