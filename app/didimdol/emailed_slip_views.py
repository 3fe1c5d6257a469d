"""The facility officer sends a voucher's slip by email: a form with the address (used for this
email only) and the email's language; the page says nothing about who the voucher is for."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from wtforms import EmailField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired

from app.actions import attempt, show_refusal
from app.didimdol import rules
from app.didimdol.blueprint import blueprint
from app.didimdol.emailed_slips import email_slip
from app.didimdol.models import Voucher, VoucherStatus
from app.forms import SiteForm, at_most, strip
from app.lookups import current_person, load_or_404
from app.permissions import require


class SlipEmailForm(SiteForm):
    email = EmailField(
        _l("Email address to send the voucher to"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Enter the email address.")),
            at_most(254),
            Email(message=_l("Enter a valid email address."), check_deliverability=False),
        ],
    )
    language = RadioField(
        _l("Language of the email"),
        default="ko",
        choices=[SelectChoice("ko", "한국어"), SelectChoice("en", "English")],
        validators=[InputRequired(message=_l("Choose the language of the email."))],
    )


@blueprint.route("/didimdol/vouchers/<int:voucher_id>/email", methods=["GET", "POST"])
@login_required
def email_voucher(voucher_id: int):
    voucher = load_or_404(Voucher, voucher_id)
    me = current_person()
    require(rules.may_work_in_facility(me, voucher.facility))
    if voucher.status != VoucherStatus.ISSUED:
        abort(404)
    form = SlipEmailForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: email_slip(voucher, form.email.data, form.language.data, me))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The voucher is on its way by email."), "success")
            return redirect(url_for("didimdol.slip", voucher_id=voucher.id))
    return render_template("didimdol/email_voucher.html", form=form, voucher=voucher)
