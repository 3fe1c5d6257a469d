"""`flask notifications …`: the email outbox.

`flask notifications send` sends, here and now, the emails still waiting (the mail server was
down, say). The worker (`flask jobs worker`) retries them by itself; the command is for an
operator who wants them out at once, or runs no worker. Output is for the
operator at a terminal and stays in English, like Flask's own commands.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.notifications.mail import DeliveryReport, mail_configured, retry_pending
from app.transactions import writes

notifications_cli = AppGroup("notifications", help="Notifications and their emails.")


@notifications_cli.command("send")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="Send at most this many emails, oldest first.",
)
@writes
def send(limit: int) -> None:
    """Send the notification emails that are still waiting (pending)."""
    if not mail_configured():
        raise click.ClickException("MAIL_SERVER is not set: no email can be sent.")
    report = retry_pending(limit)
    if report == DeliveryReport():
        click.echo("No email was waiting.")
        return
    click.echo(str(report))
    if report.retrying or report.failed:
        click.echo("See the warnings in the log for the reasons.", err=True)
