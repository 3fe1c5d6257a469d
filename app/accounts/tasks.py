"""The accounts' background job: a forgotten password's link.

The request that asks for a link does the same for every address, whether it has an account
or not: it queues this job and answers. Whether there is an account, the row and the email
are the worker's business, so the answer's time cannot tell either (bench/password_reset_timing.py).
"""

from __future__ import annotations

from flask import current_app

from app.accounts.password_reset import request_password_reset
from app.accounts.services import normalise_email
from app.extensions import db
from app.jobs import enqueue_after_commit, job


@job()
def send_password_reset_link(email: str, page_language: str) -> None:
    # url_for builds the link; outside a request it needs one to build paths.
    with current_app.test_request_context("/"):
        request_password_reset(email, page_language)
        db.session.commit()  # enqueues the email


def ask_for_password_reset(email: str, page_language: str) -> None:
    """What the request does, the same for every address: the worker finds the account."""
    enqueue_after_commit(send_password_reset_link, normalise_email(email), page_language)
