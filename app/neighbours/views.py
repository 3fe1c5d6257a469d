"""The staff's list, appoint, renew and revoke; the printable card; the public check; the
neighbour's own appointments."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.access_log import record_view
from app.actions import attempt, show_refusal
from app.clock import seoul_today
from app.lookups import current_person, load_or_404
from app.neighbours import queries, rules
from app.neighbours.blueprint import blueprint
from app.neighbours.card import qr_svg, verification_url
from app.neighbours.forms import AppointForm, PledgeDownloadForm, RenewForm, RevokeForm
from app.neighbours.models import NeighbourAppointment, NeighbourKind
from app.neighbours.reports_hook import own_reports
from app.neighbours.services import (
    SUBJECT_KIND,
    Pledge,
    appoint,
    log_pledge_download,
    renew,
    revoke,
)
from app.permissions import require
from app.submissions import attempt_once


@blueprint.get("/staff/neighbours")
@login_required
def staff_list():
    me = current_person()
    require(rules.may_work_with_neighbours(me))
    dongs = queries.staff_dongs(me)
    return render_template(
        "neighbours/staff_list.html",
        dongs=dongs,
        appointments=queries.appointments_in(dongs),
        today=seoul_today(),
    )


@blueprint.route("/staff/neighbours/new", methods=["GET", "POST"])
@login_required
def new():
    me = current_person()
    require(rules.may_work_with_neighbours(me))
    form = AppointForm(dongs=queries.staff_dongs(me))
    if form.validate_on_submit():
        dong = form.chosen_dong
        require(rules.may_appoint_in(me, dong))
        outcome = attempt_once(
            form,
            NeighbourAppointment,
            lambda: appoint(
                form.email.data,
                dong,
                NeighbourKind(form.kind.data),
                kind_other=form.kind_other.data or "",
                term_starts_on=form.term_starts_on.data,
                term_ends_on=form.term_ends_on.data,
                pledge=Pledge(form.pledge_signed_on.data, form.pledge_version.data, form.scan),
                staff=me,
            ),
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The neighbour was appointed. Print their card."), "success")
            return redirect(url_for("neighbours.card", appointment_id=outcome.value.id))
    return render_template("neighbours/appoint.html", form=form)


def _managed(appointment_id: int) -> NeighbourAppointment:
    appointment = load_or_404(NeighbourAppointment, appointment_id)
    require(rules.may_manage(current_person(), appointment))
    return appointment


@blueprint.route("/staff/neighbours/<int:appointment_id>/renew", methods=["GET", "POST"])
@login_required
def renew_term(appointment_id: int):
    appointment = _managed(appointment_id)
    form = RenewForm()
    if form.validate_on_submit():
        me = current_person()
        outcome = attempt(lambda: renew(appointment, form.term_ends_on.data, me))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The term was renewed; the printed card stays valid."), "success")
            return redirect(url_for("neighbours.staff_list"))
    return render_template("neighbours/renew.html", form=form, appointment=appointment)


@blueprint.route("/staff/neighbours/<int:appointment_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke_appointment(appointment_id: int):
    appointment = _managed(appointment_id)
    form = RevokeForm()
    if form.validate_on_submit():
        me = current_person()
        outcome = attempt(lambda: revoke(appointment, form.reason.data, me))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The appointment was revoked. Its card now shows it at once."), "success")
            return redirect(url_for("neighbours.staff_list"))
    return render_template("neighbours/revoke.html", form=form, appointment=appointment)


@blueprint.route("/staff/neighbours/<int:appointment_id>/pledge", methods=["GET", "POST"])
@login_required
def pledge_scan(appointment_id: int):
    """The scanned pledge, for the dong's staff only, each download logged with its reason."""
    appointment = _managed(appointment_id)
    if appointment.pledge_scan is None:
        abort(404)
    form = PledgeDownloadForm()
    if form.validate_on_submit():
        me = current_person()
        outcome = attempt(lambda: log_pledge_download(appointment, form.reason.data, me))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            response = make_response(appointment.pledge_scan)
            response.headers["Content-Type"] = "application/pdf"
            response.headers["Content-Disposition"] = (
                f'attachment; filename="pledge-{appointment.id}.pdf"'
            )
            return response
    return render_template("neighbours/pledge.html", form=form, appointment=appointment)


@blueprint.get("/neighbours/<int:appointment_id>/card")
@login_required
def card(appointment_id: int):
    appointment = load_or_404(NeighbourAppointment, appointment_id, rules.may_view)
    record_view(SUBJECT_KIND, appointment.id, person_id=appointment.person_id)
    url = verification_url(appointment)
    return render_template(
        "neighbours/card.html",
        appointment=appointment,
        verification_url=url,
        qr=qr_svg(url, _("QR code: check this appointment")),
    )


@blueprint.get("/neighbours/verify/<token>")
def verify(token: str):
    """Public: whether the card is valid today, the dong and the term, the name on the card.
    Never cached anywhere, so a revocation shows on the next scan."""
    appointment = queries.by_token(token)
    status = 200 if appointment is not None else 404
    response = make_response(
        render_template(
            "neighbours/verify.html",
            appointment=appointment,
            state=appointment.state() if appointment is not None else None,
        ),
        status,
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@blueprint.get("/neighbours/me")
@login_required
def mine():
    me = current_person()
    return render_template(
        "neighbours/mine.html",
        appointments=queries.own_appointments(me),
        reports=own_reports(me),
        today=seoul_today(),
    )
