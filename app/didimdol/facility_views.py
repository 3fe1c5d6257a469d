"""A facility's pages, for its approved members only (another facility's officer gets 403):
its beneficiaries, one beneficiary, adding one, issuing a voucher and its printable slip.
Every page that shows a beneficiary writes one access-log row per person shown, committed
before the page is drawn (app.access_log)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.access_log import AccessAction, record_access, record_view
from app.actions import attempt, show_refusal
from app.clock import seoul_today, utcnow
from app.consents.models import ConsentMethod
from app.consents.services import consent_history
from app.consents.subjects import Subject
from app.didimdol import codes, queries, rules
from app.didimdol.blueprint import blueprint
from app.didimdol.facilities import (
    SUBJECT_KIND,
    Consent,
    add_beneficiary,
    beneficiaries_of,
)
from app.didimdol.forms import BeneficiaryForm, CancelForm, IssueForm
from app.didimdol.models import Beneficiary, Facility, TargetGroup, Voucher, VoucherStatus
from app.didimdol.pledge_pins import cancel_voucher_in_step, voucher_in_step
from app.didimdol.slip import qr_svg
from app.didimdol.vouchers import issue_voucher, issued_this_month
from app.extensions import db
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.submissions import attempt_once
from app.transactions import writes


def facility_for_officer(facility_id: int) -> Facility:
    """The facility, for its own officers only (also used by the give-back pages)."""
    facility = load_or_404(Facility, facility_id)
    require(rules.may_work_in_facility(current_person(), facility))
    return facility


def beneficiary_of(facility: Facility, beneficiary_id: int) -> Beneficiary:
    """A person of this facility; another facility's person answers 404 like a missing one."""
    beneficiary = db.session.get(Beneficiary, beneficiary_id)
    if beneficiary is None or beneficiary.facility_id != facility.id:
        abort(404)
    return beneficiary


@blueprint.get("/didimdol/facilities/<int:facility_id>")
@writes  # the access log
@login_required
def facility(facility_id: int):
    facility = facility_for_officer(facility_id)
    people = beneficiaries_of(facility)
    for person in people:  # their names are on the page: each is a view of their record
        record_access(SUBJECT_KIND, person.id, AccessAction.VIEW)
    db.session.commit()
    return render_template(
        "didimdol/facility.html",
        facility=facility,
        beneficiaries=people,
        issued=issued_this_month(facility, utcnow()),
    )


@blueprint.route(
    "/didimdol/facilities/<int:facility_id>/beneficiaries/new", methods=["GET", "POST"]
)
@login_required
def new_beneficiary(facility_id: int):
    facility = facility_for_officer(facility_id)
    me = current_person()
    form = BeneficiaryForm()
    if form.validate_on_submit():
        consent = Consent(
            ConsentMethod(form.consent_method.data),
            form.consent_given_on.data,
            form.guardian_relationship.data or "",
        )
        outcome = attempt_once(
            form,
            Beneficiary,
            lambda: add_beneficiary(
                facility,
                name=form.name.data,
                phone=form.phone.data or "",
                birth_year=form.birth_year.data,
                target_groups=list(form.target_groups.data),
                consent=consent,
                officer=me,
            ),
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The person was added."), "success")
            return redirect(
                url_for(
                    "didimdol.beneficiary", facility_id=facility.id, beneficiary_id=outcome.value.id
                )
            )
    return render_template("didimdol/beneficiary_form.html", form=form, facility=facility)


@blueprint.get("/didimdol/facilities/<int:facility_id>/beneficiaries/<int:beneficiary_id>")
@writes  # the access log
@login_required
def beneficiary(facility_id: int, beneficiary_id: int):
    facility = facility_for_officer(facility_id)
    person = beneficiary_of(facility, beneficiary_id)
    record_view(SUBJECT_KIND, person.id)
    return render_template(
        "didimdol/beneficiary.html",
        facility=facility,
        beneficiary=person,
        groups=[TargetGroup(g) for g in person.target_groups],
        vouchers=queries.vouchers_of(person.id),
        consents=consent_history(Subject(SUBJECT_KIND, person.id)),
    )


@blueprint.route(
    "/didimdol/facilities/<int:facility_id>/beneficiaries/<int:beneficiary_id>/vouchers/new",
    methods=["GET", "POST"],
)
@login_required
def issue(facility_id: int, beneficiary_id: int):
    facility = facility_for_officer(facility_id)
    person = beneficiary_of(facility, beneficiary_id)
    me = current_person()
    form = IssueForm(pledges=queries.published_pledges(facility), categories=queries.categories())
    if form.validate_on_submit():
        pledge, category = form.chosen
        outcome = attempt_once(
            form,
            Voucher,
            lambda: voucher_in_step(
                issue_voucher(
                    facility,
                    person,
                    pledge=pledge,
                    category=category,
                    units=form.units.data,
                    valid_until=form.valid_until.data,
                    pin=form.pin.data or "",
                    officer=me,
                ).voucher
            ),
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The voucher was issued. Print the slip or give the code."), "success")
            return redirect(url_for("didimdol.slip", voucher_id=outcome.value.id))
    elif not form.is_submitted():
        form.valid_until.data = seoul_today().replace(day=28)
    return render_template("didimdol/issue.html", form=form, facility=facility, beneficiary=person)


@blueprint.get("/didimdol/vouchers/<int:voucher_id>/slip")
@writes  # the access log
@login_required
def slip(voucher_id: int):
    """Printable: the service, the code (and its QR), the last day; no name nor facility."""
    voucher = load_or_404(Voucher, voucher_id)
    require(rules.may_work_in_facility(current_person(), voucher.facility))
    record_view(SUBJECT_KIND, voucher.beneficiary_id)
    code = codes.grouped(voucher.code)
    return render_template(
        "didimdol/slip.html",
        voucher=voucher,
        code=code,
        qr=qr_svg(voucher.code, _("QR code of the voucher code")),
    )


@blueprint.route("/didimdol/vouchers/<int:voucher_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(voucher_id: int):
    """A voucher not yet used, withdrawn (lost, issued by mistake): its place in the month's
    quota and capacity comes back; the ledger keeps the cancellation and its reason."""
    voucher = load_or_404(Voucher, voucher_id)
    require(rules.may_work_in_facility(current_person(), voucher.facility))
    if voucher.status != VoucherStatus.ISSUED:
        abort(404)
    form = CancelForm()
    if form.validate_on_submit():
        me = current_person()
        outcome = attempt(lambda: cancel_voucher_in_step(voucher, form.reason.data, me))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The voucher was cancelled."), "success")
            return redirect(
                url_for(
                    "didimdol.beneficiary",
                    facility_id=voucher.facility_id,
                    beneficiary_id=voucher.beneficiary_id,
                )
            )
    return render_template("didimdol/cancel.html", form=form, voucher=voucher)
