"""The contests' periodic job: tell consortia their results once the results date has come
(was the cron line of `flask contests announce-results`, which stays for operators)."""

from __future__ import annotations

from flask import current_app
from huey import crontab

from app.contests.results.services import announce_due_results
from app.extensions import db
from app.jobs import periodic


# Hourly: results reach people within the hour of their date. A contest is announced once
# (results_announced_at), so a second run notifies nobody twice.
@periodic(crontab(minute="5"))
def announce_results() -> None:
    # url_for builds the notifications' links; outside a request it needs one to build paths.
    with current_app.test_request_context("/"):
        announce_due_results()
        db.session.commit()  # enqueues the emails
