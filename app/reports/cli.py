"""`flask reports escalate`: the periodic job's check, once (for operators, and cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.reports.escalation import escalate_due_emergencies
from app.transactions import writes

reports_cli = AppGroup("reports", help="Confidential reports.")


@reports_cli.command("escalate")
@writes
def escalate() -> None:
    """Escalate the emergencies not acknowledged in time to the gu's coordinators."""
    escalated = escalate_due_emergencies()
    click.echo(f"escalated: {len(escalated)}")
