"""The public side of reports: the form (anyone, signed in or not), the page with the
tracking code that answers it, and the tracking page, which says one of three words and the
day the report was received: nothing else of it, whoever asks."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from app.actions import show_refusal
from app.areas.finder import place_finder_config
from app.areas.places import served_extent
from app.lookups import current_person
from app.rate_limits import limit_posting
from app.reports.blueprint import blueprint
from app.reports.errors import AlreadySent
from app.reports.forms import ReportForm, TrackingForm
from app.reports.models import Report
from app.reports.services import receive_report, report_by_code
from app.reports.tracking import shown
from app.submissions import attempt_once


@blueprint.route("/reports/new", methods=["GET", "POST"])
@limit_posting
def new():
    form = ReportForm()
    if form.validate_on_submit():
        reporter = current_person() if current_user.is_authenticated else None
        codes: list[str] = []  # the code of this sending; a replay's first code is not kept

        # Signed in, app.submissions keeps the key; signed out, the report itself does.
        key = form.submission_key.data if reporter is None else None

        def receive() -> Report:
            received = receive_report(form.details(), reporter, key)
            codes.append(received.tracking_code)
            return received.report

        outcome = attempt_once(form, Report, receive)
        if outcome.refused and isinstance(outcome.refusal.error, AlreadySent):
            return render_template("reports/received.html", code=None)
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            # Drawn as the POST's answer, never redirected to: the code is in no address,
            # no log line and no history entry, and this is the only time it is shown.
            return render_template(
                "reports/received.html",
                code=shown(codes[0]) if codes else None,
            )
    start = served_extent()
    return render_template(
        "reports/new.html",
        form=form,
        finder=place_finder_config(),
        start_bounds=start.leaflet_bounds() if start else None,
    )


@blueprint.route("/reports/track", methods=["GET", "POST"])
@limit_posting
def track():
    """The code is posted, not put in the address: it would stay in history and logs."""
    form = TrackingForm()
    if form.validate_on_submit():
        report = report_by_code(form.code.data)
        if report is not None:
            return render_template(
                "reports/status.html", status=report.status, received_at=report.created_at
            )
        form.code.errors.append(
            _("No report has this code. Check it against the page you were given.")
        )
    return render_template("reports/track.html", form=form)
