"""Proposals as pages: starting one, its page, the lead's edits and actions, the consortium's
invitations and answers, PDF attachments, and a person's consortia.

A proposal a person may not see does not exist for them (404); an action they may not take is
refused (`require`: 401 to the login page, or 403); an action the proposal's state no longer
allows (the deadline passed since the page was drawn) is answered by a flash and a redirect.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.actions import Refusal, attempt, show_refusal
from app.contests import rules
from app.contests.blueprint import blueprint
from app.contests.models import Contest, Proposal, ProposalAttachment, ProposalPartner
from app.contests.phases import is_open, phase_of
from app.contests.proposals import queries, services
from app.contests.proposals.attachments import (
    add_attachment,
    attachment_files,
    attachments_folder,
    delete_attachment,
    download_names,
)
from app.contests.proposals.eligibility import missing_for_submission
from app.contests.proposals.errors import ContestNotOpen, ProposalError
from app.contests.proposals.forms import (
    BUDGET_ROWS,
    AttachmentForm,
    InviteForm,
    NewProposalForm,
    ProposalForm,
)
from app.contests.states import ProposalStatus
from app.errors import DomainError
from app.lookups import current_person, load_or_404
from app.permissions import require, signed_in
from app.query_args import id_arg
from app.rate_limits import limit_posting
from app.submissions import attempt_once, sent_before

# Names in the invitation list when nobody searched; a search narrows it down.
INVITE_CHOICES = 200


def _visible_proposal(proposal_id: int) -> Proposal:
    return load_or_404(Proposal, proposal_id, rules.may_view_proposal)


def _part_of(proposal: Proposal, model, object_id: int):
    """A partner or attachment of this proposal, or 404 (never one of another proposal)."""
    return load_or_404(model, object_id, lambda _viewer, found: found.proposal_id == proposal.id)


def _to_proposal(proposal: Proposal):
    return redirect(url_for(".proposal", proposal_id=proposal.id))


def _refused(proposal: Proposal, refusal: Refusal | DomainError):
    show_refusal(refusal)
    return _to_proposal(proposal)


# --- starting a proposal -----------------------------------------------------------------------


@blueprint.route("/contests/<int:contest_id>/proposals/new", methods=["GET", "POST"])
@limit_posting
@login_required
def new_proposal(contest_id: int):
    contest = load_or_404(Contest, contest_id, rules.may_view_contest)
    choices = queries.lead_choices(current_person(), contest)
    require(choices.represents_any)
    if not is_open(contest):
        show_refusal(ContestNotOpen(contest))
        return redirect(url_for(".show", contest_id=contest.id))
    reopenable = {p.lead_organisation_id: p for p in choices.reopen}
    form = NewProposalForm(
        organisations=choices.new + [p.lead_organisation for p in choices.reopen],
        reopenable=set(reopenable),
    )
    if request.method == "GET":
        form.organisation.data = id_arg(request.args, "organisation")
        chosen = reopenable.get(form.organisation.data)
        form.title.data = chosen.title if chosen else None
    # Once saved, the organisation is no longer a choice: a replay is answered before the form
    # is checked.
    earlier = sent_before(form, Proposal) if form.is_submitted() else None
    if earlier is not None or form.validate_on_submit():
        reopened: list[bool] = []  # stays empty for a replay, answered with the first draft

        def start() -> Proposal:
            proposal, was_reopened = services.start_proposal(
                contest, form.chosen_organisation(), current_person(), form.title.data
            )
            reopened.append(was_reopened)
            return proposal

        outcome = earlier or attempt_once(form, Proposal, start)
        if not outcome.refused:
            proposal = outcome.value
            if any(reopened):
                flash(_("Your proposal is a draft again: change it and submit it."), "success")
            else:
                flash(
                    _("Your draft proposal is saved. Fill it in, then invite supporters."),
                    "success",
                )
            return redirect(url_for(".edit_proposal", proposal_id=proposal.id))
        show_refusal(outcome.refusal)
    return render_template(
        "contests/proposals/new_proposal.html", contest=contest, form=form, choices=choices
    )


# --- the proposal's page -----------------------------------------------------------------------


@blueprint.get("/proposals/<int:proposal_id>")
def proposal(proposal_id: int):
    return _render_proposal(_visible_proposal(proposal_id))


def _render_proposal(proposal, invite_form=None, attachment_form=None, status: int = 200):
    """The page; the invitation and upload forms come back with their errors after a POST."""
    may_edit = rules.may_edit_proposal(current_user, proposal)
    open_draft = proposal.status == ProposalStatus.DRAFT and is_open(proposal.contest)
    changeable = may_edit and open_draft
    search = request.args.get("q", "").strip() if changeable else ""
    if changeable and invite_form is None:
        invite_form = InviteForm(
            formdata=None,
            organisations=queries.invitable_organisations(proposal, search, INVITE_CHOICES),
        )
    if changeable and attachment_form is None:
        attachment_form = AttachmentForm(formdata=None)
    html = render_template(
        "contests/proposals/proposal.html",
        proposal=proposal,
        contest=proposal.contest,
        phase=phase_of(proposal.contest),
        may_edit=may_edit,
        open_draft=open_draft,
        changeable=changeable,
        missing=missing_for_submission(proposal) if changeable else [],
        invitation=rules.pending_invitation_for(current_user, proposal),
        invite_form=invite_form if changeable else None,
        attachment_form=attachment_form if changeable else None,
        search=search,
    )
    return html, status


@blueprint.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_proposal(proposal_id: int):
    proposal = _visible_proposal(proposal_id)
    require(rules.may_edit_proposal(current_user, proposal))
    try:
        services.require_changeable(proposal)
    except ProposalError as error:
        return _refused(proposal, error)
    form = ProposalForm(
        contest=proposal.contest, proposal=proposal if request.method == "GET" else None
    )
    if form.validate_on_submit():
        outcome = attempt(lambda: services.update_proposal(proposal, form.details()))
        if outcome.refused:
            return _refused(proposal, outcome.refusal)
        flash(_("Your changes were saved."), "success")
        return _to_proposal(proposal)
    return render_template(
        "contests/proposals/proposal_form.html",
        proposal=proposal,
        contest=proposal.contest,
        form=form,
        area_groups=queries.selectable_areas(proposal.contest),
        budget_rows=BUDGET_ROWS,
    )


# --- the consortium ----------------------------------------------------------------------------


@blueprint.post("/proposals/<int:proposal_id>/partners")
@login_required
def invite_partner(proposal_id: int):
    proposal = _visible_proposal(proposal_id)
    require(rules.may_edit_proposal(current_user, proposal))
    form = InviteForm(organisations=queries.invitable_organisations(proposal))
    if not form.validate():
        return _render_proposal(proposal, invite_form=form)
    outcome = attempt(
        lambda: services.invite_partner(
            proposal, form.chosen_organisation(), form.role_description.data, current_person()
        )
    )
    if outcome.refused:
        return _refused(proposal, outcome.refusal)
    flash(
        _(
            "%(name)s is invited. Its representative will answer.",
            name=outcome.value.organisation.name,
        ),
        "success",
    )
    return _to_proposal(proposal)


@blueprint.post("/proposals/<int:proposal_id>/partners/<int:partner_id>/remove")
@login_required
def remove_partner(proposal_id: int, partner_id: int):
    proposal = _visible_proposal(proposal_id)
    partner = _part_of(proposal, ProposalPartner, partner_id)
    require(rules.may_edit_proposal(current_user, proposal))
    name = partner.organisation.name
    outcome = attempt(lambda: services.remove_partner(proposal, partner))
    if outcome.refused:
        return _refused(proposal, outcome.refusal)
    flash(_("%(name)s is no longer in this consortium.", name=name), "success")
    return _to_proposal(proposal)


@blueprint.post("/proposals/<int:proposal_id>/partners/<int:partner_id>/respond")
@login_required
def respond_invitation(proposal_id: int, partner_id: int):
    proposal = _visible_proposal(proposal_id)
    partner = _part_of(proposal, ProposalPartner, partner_id)
    require(rules.may_respond_to_invitation(current_user, partner))
    answer = request.form.get("answer")
    if answer not in ("accept", "decline"):
        flash(_("Choose to accept or to decline the invitation."), "error")
        return _to_proposal(proposal)
    outcome = attempt(
        lambda: services.respond_to_invitation(partner, current_person(), accept=answer == "accept")
    )
    if outcome.refused:
        return _refused(proposal, outcome.refusal)
    name = partner.organisation.name
    if answer == "accept":
        flash(_("%(name)s is now a supporting organisation.", name=name), "success")
    else:
        flash(_("You declined the invitation for %(name)s.", name=name), "success")
    return _to_proposal(proposal)


# --- submission and withdrawal -----------------------------------------------------------------


@blueprint.post("/proposals/<int:proposal_id>/submit")
@login_required
def submit_proposal(proposal_id: int):
    proposal = _visible_proposal(proposal_id)
    require(rules.may_edit_proposal(current_user, proposal))
    outcome = attempt(lambda: services.submit_proposal(proposal, current_person()))
    if outcome.refused:
        return _refused(proposal, outcome.refusal)
    flash(_("Your proposal was submitted. The consortium has been sent a receipt."), "success")
    return _to_proposal(proposal)


@blueprint.post("/proposals/<int:proposal_id>/withdraw")
@login_required
def withdraw_proposal(proposal_id: int):
    proposal = _visible_proposal(proposal_id)
    require(rules.may_edit_proposal(current_user, proposal))
    outcome = attempt(lambda: services.withdraw_proposal(proposal))
    if outcome.refused:
        return _refused(proposal, outcome.refusal)
    flash(_("Your proposal was withdrawn. You may reopen it until the deadline."), "success")
    return _to_proposal(proposal)


# --- attachments -------------------------------------------------------------------------------


@blueprint.post("/proposals/<int:proposal_id>/attachments")
@login_required
def upload_attachment(proposal_id: int):
    proposal = _visible_proposal(proposal_id)
    require(rules.may_edit_proposal(current_user, proposal))
    try:
        services.require_changeable(proposal)
    except ProposalError as error:
        return _refused(proposal, error)
    form = AttachmentForm()
    if not form.validate():
        return _render_proposal(proposal, attachment_form=form)
    prepared = form.prepared
    assert prepared is not None  # the form is valid: validate_file prepared the upload
    files = attachment_files()
    outcome = attempt_once(
        form,
        ProposalAttachment,
        lambda: add_attachment(proposal, prepared, current_person(), files),
        files=files,
    )
    if outcome.refused:
        if show_refusal(outcome.refusal, form):  # at the file field (it could not be stored)
            return _render_proposal(proposal, attachment_form=form)
        return _to_proposal(proposal)
    flash(_("%(name)s is attached.", name=outcome.value.original_name), "success")
    return _to_proposal(proposal)


@blueprint.get("/proposals/<int:proposal_id>/attachments/<int:attachment_id>")
@login_required
def attachment(proposal_id: int, attachment_id: int):
    proposal = _visible_proposal(proposal_id)
    attached = _part_of(proposal, ProposalAttachment, attachment_id)
    require(rules.may_see_attachments(current_user, proposal))
    response = send_from_directory(
        attachments_folder(),
        attached.stored_name,
        mimetype="application/pdf",
        max_age=0,
    )
    # Always a download, never shown inline on our origin.
    response.headers.set(
        "Content-Disposition", "attachment", **download_names(attached.original_name)
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.post(
    "/proposals/<int:proposal_id>/attachments/<int:attachment_id>/delete",
    endpoint="delete_attachment",
)
@login_required
def delete_attachment_view(proposal_id: int, attachment_id: int):
    proposal = _visible_proposal(proposal_id)
    attached = _part_of(proposal, ProposalAttachment, attachment_id)
    require(rules.may_edit_proposal(current_user, proposal))
    name = attached.original_name
    files = attachment_files()  # the file goes only once the row is gone for good
    outcome = attempt(lambda: delete_attachment(attached, files), files=files)
    if outcome.refused:
        return _refused(proposal, outcome.refusal)
    flash(_("%(name)s was deleted.", name=name), "success")
    return _to_proposal(proposal)


# --- a person's consortia ----------------------------------------------------------------------


@blueprint.get("/my/consortia")
@login_required
def my_proposals():
    return render_template(
        "contests/proposals/my_consortia.html", mine=queries.consortia_of(current_person())
    )


@blueprint.app_template_global()
def proposals_panel(contest: Contest):
    """For the contest's page: what the viewer may start, and their organisations' proposals
    (see contests/proposals/_show_proposals.html)."""
    if not signed_in(current_user):
        return None
    return {
        "choices": queries.lead_choices(current_person(), contest),
        "mine": queries.consortia_of(current_person(), contest),
        "open": is_open(contest),
    }
