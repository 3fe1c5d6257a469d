"""`flask backup create` and `flask backup restore`: the operator's backup and restore.

Output stays in English, like Flask's own commands. See the README's "Backups" section.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.backup.archive import alembic_scripts, create_backup, restore_backup
from app.backup.errors import BackupError
from app.backup.manifest import Manifest
from app.extensions import db

backup_cli = AppGroup("backup", help="Back up and restore the database and the uploads.")


def default_archive() -> Path:
    folder = Path(current_app.instance_path) / "backups"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return folder / f"hopemap-{stamp}.tar.gz"


@backup_cli.command("create")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The archive to write (default: instance/backups/hopemap-<UTC time>.tar.gz).",
)
def create_command(output: Path | None) -> None:
    """Write one archive: a consistent copy of the database, the uploads and a manifest."""
    output = output or default_archive()
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    try:
        manifest = create_backup(db.engine, db.metadata, uploads, output)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = sum(table["rows"] for table in manifest.tables.values())
    click.echo(
        f"Backup written to {output}: {manifest.database_kind} database at revision "
        f"{manifest.alembic_revision}, {len(manifest.tables)} tables, {rows} rows, "
        f"{len(manifest.upload_names())} uploaded files."
    )
    click.echo("It holds personal data: keep it encrypted, where only operators can read it.")


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the data.")
def restore_command(archive: Path, yes: bool) -> None:
    """Replace the database and the uploads with an archive's, after checking all of it.

    Stop the site (and cron jobs) first: what they write during the restore is lost.
    """
    uploads = Path(current_app.config["UPLOAD_FOLDER"])

    def confirm(manifest: Manifest) -> bool:
        click.echo(
            f"Archive checked: made {manifest.created_at}, revision {manifest.alembic_revision}, "
            f"{len(manifest.tables)} tables, {len(manifest.upload_names())} uploaded files."
        )
        if yes:
            return True
        return click.confirm(
            f"Replace ALL data of {db.engine.url.render_as_string(hide_password=True)} "
            f"and the folder {uploads} with it?"
        )

    try:
        report = restore_backup(
            db.engine, db.metadata, uploads, archive, alembic_scripts(), confirm
        )
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    if report is None:
        click.echo("Nothing was changed.")
        return
    click.echo("Restored. Every table's row count and checksum match the archive's manifest.")
    if report.upgrade_needed:
        click.echo(
            "The archive's schema is older than this code (row counts were compared): "
            "run `flask db upgrade` before starting the site."
        )
    if report.uploads_set_aside:
        click.echo(
            f"The uploads folder as it was is kept at {report.uploads_set_aside}; "
            "delete it once the restore is confirmed (it holds personal data)."
        )
