"""`flask notifications …`: the email outbox."""

from __future__ import annotations

from flask.cli import AppGroup

notifications_cli = AppGroup("notifications", help="Notifications and their emails.")
