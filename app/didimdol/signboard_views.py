"""Signboards' pages: the officers' list (donors who may get one, boards issued), issue and
revoke, the printable PDF, and the public page its QR code opens, which is live."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.actions import attempt, show_refusal
from app.didimdol import queries, rules, signboards
from app.didimdol.blueprint import blueprint
from app.didimdol.models import DonorEnrolment, EnrolmentStatus
from app.didimdol.receipts_forms import IssueSignboardForm, RevokeForm
from app.didimdol.receipts_models import Signboard
from app.didimdol.signboard_pdf import board_text, signboard_pdf
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.submissions import attempt_once


@blueprint.get("/staff/didimdol/signboards")
@login_required
def signboards_page():
    require(rules.is_programme_officer(current_person()))
    approved = [e for e in queries.enrolments() if e.status == EnrolmentStatus.APPROVED]
    waiting = [
        e
        for e in approved
        if signboards.standing_signboard(e) is None and signboards.is_eligible(e)
    ]
    return render_template(
        "didimdol/signboards.html",
        waiting=waiting,
        signboards=signboards.signboards(),
        is_active=signboards.is_active,
        form=IssueSignboardForm(),
    )


@blueprint.post("/staff/didimdol/signboards/issue")
@login_required
def issue_signboard():
    me = current_person()
    require(rules.is_programme_officer(me))
    form = IssueSignboardForm()
    if not form.validate_on_submit() or not str(form.enrolment.data).isdigit():
        flash(_("Choose a donor."), "error")
        return redirect(url_for("didimdol.signboards_page"))
    enrolment = load_or_404(DonorEnrolment, int(form.enrolment.data))
    outcome = attempt_once(form, Signboard, lambda: signboards.issue_signboard(enrolment, me))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("Issued: %(board)s.", board=board_text(outcome.value.number)), "success")
    return redirect(url_for("didimdol.signboards_page"))


@blueprint.route("/staff/didimdol/signboards/<int:signboard_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke_signboard(signboard_id: int):
    me = current_person()
    require(rules.is_programme_officer(me))
    signboard = load_or_404(Signboard, signboard_id)
    form = RevokeForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: signboards.revoke_signboard(signboard, form.reason.data, me))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The signboard is revoked."), "success")
            return redirect(url_for("didimdol.signboards_page"))
    return render_template(
        "didimdol/revoke.html", form=form, signboard=signboard, board=board_text(signboard.number)
    )


def _may_print(viewer, signboard: Signboard) -> bool:
    return rules.is_programme_officer(viewer) or rules.may_see_enrolment(
        viewer, signboard.enrolment
    )


@blueprint.get("/didimdol/signboards/<int:signboard_id>.pdf")
@login_required
def signboard_download(signboard_id: int):
    signboard = load_or_404(Signboard, signboard_id, _may_print)
    return Response(
        signboard_pdf(signboard),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="signboard-{signboard.number}.pdf"'},
    )


@blueprint.get("/signboards/<int:number>")
def signboard_page(number: int):
    """Public and live: a revoked board says so on the very next request (never cached)."""
    signboard = signboards.by_number(number)
    if signboard is None:
        abort(404)
    response = Response(
        render_template(
            "didimdol/signboard_page.html",
            signboard=signboard,
            board=board_text(signboard.number),
            active=signboards.is_active(signboard),
        )
    )
    response.headers["Cache-Control"] = "no-store, no-cache, max-age=0"
    return response
