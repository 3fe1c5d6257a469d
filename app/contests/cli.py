"""`flask contests …`: the contests' scheduled work."""

from __future__ import annotations

from flask.cli import AppGroup

contests_cli = AppGroup("contests", help="Consortium project contests.")
