"""/privacy/access-log: a Seoul month of the access log, its flags, its CSV, its reviewed mark.

Privacy officers only (Power.REVIEW_ACCESS_LOG); the page shows who read whose record by
account and record number, never the record itself.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.access_log import AccessAction
from app.access_review import queries
from app.access_review.blueprint import blueprint
from app.access_review.export import month_csv
from app.access_review.forms import MonthExportForm, MonthReviewedForm
from app.access_review.labels import FLAG_EXPLANATIONS, SUBJECT_KIND_LABELS
from app.access_review.models import AccessLogReview
from app.access_review.services import log_month_export, mark_reviewed
from app.actions import attempt, show_refusal
from app.clock import utcnow
from app.csv_files import download
from app.extensions import db
from app.lookups import current_person
from app.permissions import Power, power_required
from app.query_args import enum_arg, id_arg

SHOWN_ROWS = 500  # the page lists this many; the CSV holds the whole month


def _month(value: str | None) -> queries.Month:
    return queries.Month.parse(value) or queries.Month.of(utcnow())


def _page(month: queries.Month, export_form: MonthExportForm | None = None, status: int = 200):
    kind = request.args.get("kind") or None
    filters = queries.Filters(
        actor_id=id_arg(request.args, "actor"),
        subject_kind=kind if kind in SUBJECT_KIND_LABELS else None,
        action=enum_arg(request.args, "action", AccessAction),
    )
    everything = list(db.session.scalars(queries.month_entries(month)))
    actors = queries.actors_of(everything)
    shown = list(db.session.scalars(queries.month_entries(month, filters)))
    review = db.session.scalar(select(AccessLogReview).where(AccessLogReview.month == str(month)))
    export_form = export_form or MonthExportForm(month=str(month))
    return (
        render_template(
            "access_review/month.html",
            month=month,
            filters=filters,
            entries=shown[:SHOWN_ROWS],
            more=max(0, len(shown) - SHOWN_ROWS),
            actors=actors,
            flags=queries.flags(everything, actors),
            explanations=FLAG_EXPLANATIONS,
            subject_kinds=SUBJECT_KIND_LABELS,
            actions=list(AccessAction),
            review=review,
            export_form=export_form,
            reviewed_form=MonthReviewedForm(month=str(month)),
        ),
        status,
    )


@blueprint.get("/privacy/access-log")
@power_required(Power.REVIEW_ACCESS_LOG)
def month():
    return _page(_month(request.args.get("month")))


@blueprint.post("/privacy/access-log/export")
@power_required(Power.REVIEW_ACCESS_LOG)
def export():
    form = MonthExportForm()
    chosen = _month(form.month.data)
    if not form.validate_on_submit():
        return _page(chosen, form, 400)
    outcome = attempt(lambda: log_month_export(chosen, form.reason.data or ""))
    if outcome.refused:
        show_refusal(outcome.refusal, form)
        return _page(chosen, form, 400)
    return download(month_csv(chosen), f"access-log-{chosen}.csv")


@blueprint.post("/privacy/access-log/reviewed")
@power_required(Power.REVIEW_ACCESS_LOG)
def reviewed():
    form = MonthReviewedForm()
    chosen = _month(form.month.data)
    if form.validate_on_submit():
        outcome = attempt(lambda: mark_reviewed(chosen, current_person()))
        if outcome.refused:
            show_refusal(outcome.refusal)
        else:
            flash(_("%(month)s is marked as reviewed.", month=str(chosen)), "success")
    return redirect(url_for(".month", month=str(chosen)))
