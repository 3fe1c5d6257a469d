"""`flask exports rebuild`: build the open-data snapshots now (app/snapshots.py), e.g. after an
import or a restore, instead of waiting for the night's run. Output is for the operator at a
terminal and stays in English, like Flask's own commands.
"""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from app.snapshots import build, built, registered

exports_cli = AppGroup("exports", help="The open-data files' snapshots.")


@exports_cli.command("rebuild")
@click.argument("names", nargs=-1)
def rebuild(names: tuple[str, ...]) -> None:
    """Build every snapshot (or those NAMES, e.g. pins.csv) and rename it into place."""
    chosen = [s for s in registered() if not names or s.name in names]
    unknown = set(names) - {s.name for s in chosen}
    if unknown:
        raise click.UsageError(
            f"No snapshot named {', '.join(sorted(unknown))}; "
            f"there are {', '.join(s.name for s in registered())}."
        )
    for snapshot in chosen:
        started = time.perf_counter()
        path = build(snapshot)
        done = built(snapshot)
        size = done.compressed_bytes if done else 0
        click.echo(f"{path}: {size:,} bytes gzip, {time.perf_counter() - started:.1f} s")
