"""`flask areas import`: load gu or dong boundaries from a GeoJSON file the operator supplies.

Output is for the operator at a terminal and stays in English, like Flask's own commands.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from app.areas.models import AreaLevel
from app.areas.services import (
    AreaFileError,
    FeatureNote,
    ImportOptions,
    ImportReport,
    features_in,
    import_areas,
)
from app.extensions import db
from app.transactions import writes

areas_cli = AppGroup("areas", help="Gu and dong boundaries.")


@areas_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--level",
    required=True,
    type=click.Choice([level.value for level in AreaLevel]),
    help="What the file's polygons are.",
)
@click.option("--code-property", required=True, metavar="P", help="Property with the code.")
@click.option("--name-property", required=True, metavar="P", help="Property with the Korean name.")
@click.option("--name-en-property", metavar="P", help="Property with the English name.")
@click.option(
    "--parent-property",
    metavar="P",
    help="Dong only: property with the gu's code (import the gu first).",
)
@click.option(
    "--last-word-of-name",
    is_flag=True,
    help='Keep only the last word of the Korean name ("서울특별시 종로구 사직동" -> "사직동").',
)
@writes
def import_command(
    file: Path,
    level: str,
    code_property: str,
    name_property: str,
    name_en_property: str | None,
    parent_property: str | None,
    last_word_of_name: bool,
) -> None:
    """Create or update (by code) one area per feature of a GeoJSON FeatureCollection.

    Everything is committed at the end, or nothing when the file cannot be imported.
    """
    try:
        options = ImportOptions(
            AreaLevel(level),
            code_property,
            name_property,
            name_en_property,
            parent_property,
            last_word_of_name,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    collection = read_json(file)
    started = time.perf_counter()
    try:
        total = len(features_in(collection))
        with click.progressbar(length=total, label=f"Importing {level} areas") as bar:
            report = import_areas(collection, options, progress=bar.update)
        db.session.commit()
    except AreaFileError as exc:
        db.session.rollback()
        raise click.ClickException(f"{file}: {exc}. Nothing was imported.") from exc
    except BaseException:
        db.session.rollback()
        raise
    print_summary(report, time.perf_counter() - started)


def read_json(file: Path) -> Any:
    try:
        # utf-8-sig: files saved by Windows tools often start with a byte-order mark.
        with file.open(encoding="utf-8-sig") as stream:
            return json.load(stream)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(
            f"{file}: not readable JSON ({exc}). Nothing was imported."
        ) from exc


def print_summary(report: ImportReport, seconds: float) -> None:
    click.echo(f"Imported {report.level.value} areas in {seconds:.2f} s.")
    click.echo(f"  created: {report.created}")
    click.echo(f"  updated: {report.updated}")
    print_notes("repaired (imported after fixing the geometry)", report.repaired)
    print_notes("skipped (not imported)", report.skipped)
    if report.without_parent:
        print_notes("imported without a parent gu", report.without_parent)


def print_notes(title: str, notes: list[FeatureNote]) -> None:
    click.echo(f"  {title}: {len(notes)}")
    for note in notes:
        click.echo(f"    features[{note.index}] ({note.code or 'no code'}): {note.reason}")
