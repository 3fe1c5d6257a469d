"""`flask contests …`: the contests' scheduled work."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.transactions import writes

contests_cli = AppGroup("contests", help="Consortium project contests.")


# --- results -------------------------------------------------------------------------


@contests_cli.command("announce-results")
@writes
def announce_results_command() -> None:
    """Tell the consortia their results, for contests whose results date has come.

    The worker runs it every hour (app.contests.tasks). Contests already announced, by staff
    publishing early or by an earlier run, are left alone, so running it twice notifies nobody
    twice.
    """
    from app.contests.results.services import announce_due_results
    from app.extensions import db

    # url_for builds the notifications' links; outside a request it needs one to build paths.
    with current_app.test_request_context("/"):
        announced = announce_due_results()
        db.session.commit()  # enqueues the emails for the worker
    if not announced:
        click.echo("No contest results to announce.")
        return
    for contest, notified in announced:
        people = "person" if notified == 1 else "people"
        click.echo(
            f"Contest {contest.id} ({contest.title_ko}): results announced, "
            f"{notified} {people} notified."
        )
    click.echo("Emails go out from the worker (flask jobs worker).")
