"""/redeem, made for a shop's phone: type (or scan) the code, see only what the voucher is for,
confirm (with the PIN if it has one), and reverse a redemption within 24 hours.

Only an approved member of an approved donor business comes in. The look-up is a POST (it
counts wrong codes; a code never sits in an address, a log or the browser's history)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.actions import attempt, show_refusal
from app.didimdol import queries
from app.didimdol.blueprint import blueprint
from app.didimdol.forms import CodeForm, RedeemForm, ReverseForm
from app.didimdol.models import DonorEnrolment, Voucher, VoucherStatus
from app.didimdol.redemption import (
    COUNTED_REFUSALS,
    VoucherFacts,
    look_up,
    may_reverse,
    note_wrong_code,
    redeem,
    reverse,
)
from app.lookups import current_person, load_or_404
from app.permissions import require


def _counter() -> DonorEnrolment:
    enrolment = queries.redeeming_enrolment(current_person())
    require(enrolment is not None)
    assert enrolment is not None
    return enrolment


def _count_if_a_guess(outcome, enrolment: DonorEnrolment) -> None:
    """The refused transaction was rolled back: a guess is noted in one of its own."""
    if isinstance(outcome.refusal.error, COUNTED_REFUSALS):
        attempt(lambda: note_wrong_code(enrolment))


def _page(form, facts: VoucherFacts | None = None, confirm: RedeemForm | None = None):
    return render_template("didimdol/redeem.html", form=form, facts=facts, confirm=confirm)


@blueprint.route("/redeem", methods=["GET", "POST"])
@login_required
def redeem_page():
    enrolment = _counter()
    form = CodeForm()
    if not form.validate_on_submit():
        return _page(form)
    outcome = attempt(lambda: look_up(form.code.data, enrolment))
    if outcome.refused:
        _count_if_a_guess(outcome, enrolment)
        show_refusal(outcome.refusal, form)
        return _page(form)
    facts = outcome.value
    confirm = RedeemForm(formdata=None, code=facts.code)
    return _page(form, facts, confirm)


@blueprint.post("/redeem/confirm")
@login_required
def confirm_redemption():
    enrolment = _counter()
    me = current_person()
    form = RedeemForm()
    if not form.validate_on_submit():
        code_form = CodeForm()
        code_form.validate()  # the same messages, at the code field of the first step
        return _page(code_form)
    outcome = attempt(lambda: redeem(form.code.data, form.pin.data or "", enrolment, me))
    if outcome.refused:
        _count_if_a_guess(outcome, enrolment)
        code_form = CodeForm(formdata=None, code=form.code.data)
        show_refusal(outcome.refusal, code_form)  # a wrong PIN is flashed: type the code again
        return _page(code_form)
    flash(_("Redeemed. Thank you for giving."), "success")
    return redirect(url_for("didimdol.redeemed", voucher_id=outcome.value.id))


def _redeemed_here(voucher_id: int) -> tuple[Voucher, DonorEnrolment]:
    enrolment = _counter()
    voucher = load_or_404(Voucher, voucher_id)
    pledge = voucher.redeemed_pledge
    if pledge is None or pledge.enrolment_id != enrolment.id:
        abort(404)  # another business's redemption is none of this one's business
    return voucher, enrolment


@blueprint.get("/redeem/done/<int:voucher_id>")
@login_required
def redeemed(voucher_id: int):
    voucher, enrolment = _redeemed_here(voucher_id)
    return _redeemed_page(voucher, enrolment, ReverseForm())


def _redeemed_page(voucher: Voucher, enrolment: DonorEnrolment, form: ReverseForm):
    """What was given (never to whom), and the reversal while it is allowed."""
    return render_template(
        "didimdol/redeemed.html",
        voucher=voucher,
        is_redeemed=voucher.status == VoucherStatus.REDEEMED,
        may_reverse=may_reverse(voucher, enrolment),
        form=form,
    )


@blueprint.post("/redeem/done/<int:voucher_id>/reverse")
@login_required
def reverse_redemption(voucher_id: int):
    voucher, enrolment = _redeemed_here(voucher_id)
    me = current_person()
    form = ReverseForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: reverse(voucher, form.reason.data, enrolment, me))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The redemption was reversed; the voucher can be used again."), "success")
            return redirect(url_for("didimdol.redeem_page"))
    return _redeemed_page(voucher, enrolment, form)
