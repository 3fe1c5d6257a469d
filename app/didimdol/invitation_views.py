"""The invitee's page: an invitation link opens it. Signed out, it asks to sign in or register
first; signed in, the enrolment form opens for one of the person's verified businesses, marked
as coming through the association. The programme officer still approves the enrolment.

A link that does not work (used, revoked, replaced, expired, not ours) gets one plain page
that says so, without telling which: the link is the only thing its holder has."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.actions import attempt, show_refusal
from app.didimdol.association_forms import InvitedEnrolForm
from app.didimdol.association_queries import masked_email
from app.didimdol.blueprint import blueprint
from app.didimdol.invitations import accept, association_of, mark_opened, open_invitation
from app.didimdol.models import DonorEnrolment
from app.extensions import db
from app.lookups import current_person
from app.organisations.models import (
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationStatus,
    OrganisationType,
)
from app.permissions import signed_in
from app.submissions import attempt_once


@blueprint.app_template_global("didimdol_association_of")
def _association_of(enrolment: DonorEnrolment):
    return association_of(enrolment)


blueprint.add_app_template_global(masked_email, "didimdol_masked_email")


def _businesses_to_enrol(person) -> list[Organisation]:
    """The verified businesses the person represents that are not enrolled yet."""
    enrolled = select(DonorEnrolment.organisation_id)
    return list(
        db.session.scalars(
            select(Organisation)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(
                Membership.user_id == person.id,
                Membership.is_representative.is_(True),
                Membership.status == MembershipStatus.APPROVED,
                Organisation.type == OrganisationType.BUSINESS,
                Organisation.status == OrganisationStatus.VERIFIED,
                Organisation.id.not_in(enrolled),
            )
            .order_by(Organisation.id)
        )
    )


def _link_not_working():
    return render_template("didimdol/associations/invitation_invalid.html"), 410


@blueprint.route("/didimdol/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    found = open_invitation(token)
    if found is None:
        return _link_not_working()
    if request.method == "GET" and found.opened_at is None:
        attempt(lambda: mark_opened(found))  # the officer's list shows it as opened
    me = current_person()
    if not signed_in(me):
        return render_template(
            "didimdol/associations/invitation.html", invitation=found, form=None, here=request.path
        )
    businesses = _businesses_to_enrol(me)
    form = InvitedEnrolForm(organisations=businesses)
    if request.method == "GET":
        # Pre-chosen: the business named in the association's list, else the first one.
        matching = [b.id for b in businesses if b.name.strip() == found.business_name.strip()]
        if matching or businesses:
            form.organisation.data = (matching or [businesses[0].id])[0]
    elif form.validate_on_submit():
        outcome = attempt_once(
            form,
            DonorEnrolment,
            lambda: accept(token, form.chosen_organisation, form.business_number.data, me),
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(
                _(
                    "Your enrolment through %(association)s was sent; a programme officer "
                    "will review it.",
                    association=found.association.name,
                ),
                "success",
            )
            return redirect(url_for("didimdol.donor", enrolment_id=outcome.value.id))
    return render_template(
        "didimdol/associations/invitation.html",
        invitation=found,
        form=form,
        businesses=businesses,
        here=request.path,
    )
