"""The programme officers' pages of associations: record one and its agreement (with the
signed PDF, downloadable by them only), end an agreement, invite member businesses from a CSV
list, revoke or resend an invitation."""

from __future__ import annotations

from flask import flash, redirect, render_template, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.actions import attempt, show_refusal
from app.clock import seoul_today, utcnow
from app.didimdol import rules
from app.didimdol.agreements import (
    AgreementTerms,
    agreement_files,
    agreements_folder,
    associations,
    end_agreement,
    record_agreement,
    record_association,
)
from app.didimdol.association_forms import (
    AgreementForm,
    AssociationForm,
    EndAgreementForm,
    InvitationListForm,
)
from app.didimdol.association_models import (
    Agreement,
    Association,
    AssociationKind,
    Invitation,
    InvitationList,
)
from app.didimdol.association_queries import invitations_of, lists_of
from app.didimdol.blueprint import blueprint
from app.didimdol.invitation_csv import ListRefused, file_digest, read_members
from app.didimdol.invitations import invite_members, resend, revoke
from app.lookups import current_person, load_or_404
from app.pdf_uploads import download_names
from app.permissions import require
from app.submissions import attempt_once


def _officer():
    me = current_person()
    require(rules.is_programme_officer(me))
    return me


def _to_association(association_id: int):
    return redirect(url_for("didimdol.association", association_id=association_id))


@blueprint.get("/staff/didimdol/associations")
@login_required
def associations_list():
    _officer()
    return render_template(
        "didimdol/associations/list.html", associations=associations(), today=seoul_today()
    )


@blueprint.route("/staff/didimdol/associations/new", methods=["GET", "POST"])
@login_required
def new_association():
    me = _officer()
    form = AssociationForm()
    if form.validate_on_submit():
        outcome = attempt_once(
            form,
            Association,
            lambda: record_association(form.name.data, AssociationKind(form.kind.data), me),
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The association was recorded. Add its agreement."), "success")
            return _to_association(outcome.value.id)
    return render_template("didimdol/associations/new.html", form=form)


def end_form_for(agreement: Agreement) -> EndAgreementForm:
    """Each agreement's end form has a prefix of its own, so that the page's several forms
    have distinct field ids and an error shows at the form that was sent."""
    return EndAgreementForm(prefix=f"end-{agreement.id}")


def _association_page(found: Association, failed: tuple[Agreement, EndAgreementForm] | None = None):
    end_forms = {a.id: end_form_for(a) for a in found.agreements if a.ended_on is None}
    if failed is not None:
        end_forms[failed[0].id] = failed[1]
    return render_template(
        "didimdol/associations/page.html",
        association=found,
        today=seoul_today(),
        now=utcnow(),
        invitations=invitations_of(found),
        lists=lists_of(found),
        end_forms=end_forms,
        failed_id=failed[0].id if failed else None,
    )


@blueprint.get("/staff/didimdol/associations/<int:association_id>")
@login_required
def association(association_id: int):
    _officer()
    return _association_page(load_or_404(Association, association_id))


@blueprint.route(
    "/staff/didimdol/associations/<int:association_id>/agreements/new", methods=["GET", "POST"]
)
@login_required
def new_agreement(association_id: int):
    me = _officer()
    found = load_or_404(Association, association_id)
    form = AgreementForm()
    if form.validate_on_submit() and form.checked_pdf is not None:
        terms = AgreementTerms(
            signatory_name=form.signatory_name.data,
            signatory_title=form.signatory_title.data,
            signed_on=form.signed_on.data,
            valid_from=form.valid_from.data,
            valid_until=form.valid_until.data,
            terms=form.terms.data,
        )
        signed_pdf = form.checked_pdf
        files = agreement_files()
        outcome = attempt_once(
            form,
            Agreement,
            lambda: record_agreement(found, terms, signed_pdf, me, files),
            files=files,
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The agreement was recorded."), "success")
            return _to_association(found.id)
    return render_template(
        "didimdol/associations/agreement_form.html", form=form, association=found
    )


@blueprint.get("/staff/didimdol/agreements/<int:agreement_id>/pdf")
@login_required
def agreement_pdf(agreement_id: int):
    _officer()
    agreement = load_or_404(Agreement, agreement_id)
    response = send_from_directory(
        agreements_folder(), agreement.pdf_stored_name, mimetype="application/pdf", max_age=0
    )
    # Always a download, never shown inline on our origin.
    response.headers.set(
        "Content-Disposition", "attachment", **download_names(agreement.pdf_original_name)
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.post("/staff/didimdol/agreements/<int:agreement_id>/end")
@login_required
def end_agreement_view(agreement_id: int):
    me = _officer()
    agreement = load_or_404(Agreement, agreement_id)
    form = end_form_for(agreement)
    if form.validate_on_submit():
        outcome = attempt(
            lambda: end_agreement(agreement, form.ended_on.data, form.reason.data, me)
        )
        if not outcome.refused:
            flash(_("The agreement was ended; it stays in the history."), "success")
            return _to_association(agreement.association_id)
        if not show_refusal(outcome.refusal, form):
            return _to_association(agreement.association_id)
    # A bad form is answered on the association's page, at the field, like every other form.
    return _association_page(agreement.association, failed=(agreement, form))


@blueprint.route(
    "/staff/didimdol/associations/<int:association_id>/invitations/new", methods=["GET", "POST"]
)
@login_required
def invite_from_list(association_id: int):
    me = _officer()
    found = load_or_404(Association, association_id)
    form = InvitationListForm()
    if form.validate_on_submit():
        try:
            members = read_members(form.data_bytes)
        except ListRefused as refused:
            form.csv_file.errors = [
                _("The list has mistakes: nothing was saved."),
                *refused.mistakes,
            ]
        else:
            digest = file_digest(form.data_bytes)
            outcome = attempt_once(
                form, InvitationList, lambda: invite_members(found, members, digest, me)
            )
            if outcome.refused:
                show_refusal(outcome.refusal, form)
            else:
                flash(
                    _(
                        "%(invited)d businesses were invited; %(skipped)d were skipped "
                        "(already invited).",
                        invited=outcome.value.invited,
                        skipped=outcome.value.skipped,
                    ),
                    "success",
                )
                return _to_association(found.id)
    return render_template("didimdol/associations/invite.html", form=form, association=found)


@blueprint.post("/staff/didimdol/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(invitation_id: int):
    return _act_on_invitation(
        invitation_id, revoke, _("The invitation was revoked: its link no longer works.")
    )


@blueprint.post("/staff/didimdol/invitations/<int:invitation_id>/resend")
@login_required
def resend_invitation(invitation_id: int):
    return _act_on_invitation(
        invitation_id, resend, _("A new link was sent; the earlier one no longer works.")
    )


def _act_on_invitation(invitation_id: int, action, done: str):
    _officer()
    invitation = load_or_404(Invitation, invitation_id)
    outcome = attempt(lambda: action(invitation))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(done, "success")
    return _to_association(invitation.association_id)
