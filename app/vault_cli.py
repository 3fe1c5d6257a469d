"""`flask vault …`: the vault's keys (app/vault.py).

To rotate: put a new key first in VAULT_KEYS (or instance/vault_keys), keeping the old ones;
restart the site; run `flask vault rotate`; remove an old key only once `flask vault status`
shows it holds no value. Output is for the operator at a terminal and stays in English, like
Flask's own commands.
"""

from __future__ import annotations

from collections import Counter

import click
from flask.cli import AppGroup

from app.extensions import db
from app.transactions import writes
from app.vault import key_ring, new_key
from app.vault_rotation import NOT_SEALED, RotationCount, key_counts, rotate

vault_cli = AppGroup("vault", help="Keys of the personal data sealed at rest.")


@vault_cli.command("status")
def status() -> None:
    """How many stored values each key id holds, per column and in all."""
    ring = key_ring()
    totals: Counter = Counter()
    for name, counts in key_counts(db.session, db.metadata).items():
        totals.update(counts)
        held = ", ".join(f"{key_id}: {n}" for key_id, n in sorted(counts.items())) or "empty"
        click.echo(f"{name}: {held}")
    click.echo(f"current key: {ring.current_id}")
    for key_id, _ in ring.keys:
        click.echo(f"key {key_id}: {totals.pop(key_id, 0)} values")
    for key_id, n in sorted(totals.items()):
        problem = "not sealed" if key_id == NOT_SEALED else "key not in the ring"
        click.echo(f"{key_id}: {n} values ({problem})")


@vault_cli.command("rotate")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True)
@writes
def rotate_command(batch_size: int) -> None:
    """Re-seal every value under the current key (safe to stop and run again)."""

    def report(name: str, count: RotationCount) -> None:
        click.echo(f"{name}: {count.resealed} re-sealed, {count.already_current} already current")

    results = rotate(db.session, db.metadata, batch_size, after_batch=report)
    resealed = sum(count.resealed for count in results.values())
    unreadable = sum(count.unreadable for count in results.values())
    click.echo(f"{resealed} values re-sealed under key {key_ring().current_id}.")
    if unreadable:
        click.echo(f"{unreadable} values could not be opened and were left as they are.")
        raise SystemExit(1)


@vault_cli.command("new-key")
def new_key_command() -> None:
    """Print a new random key (base64) for VAULT_KEYS or VAULT_INDEX_KEY."""
    click.echo(new_key())
