"""What proposals tell the people in their consortium: invitations to the supporters'
representatives, their answers to the lead's, and submission or withdrawal to everyone in it.
Each message is written in the recipient's language (app.notifications.services)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.contests.models import Proposal, ProposalPartner
from app.contests.states import PartnerStatus
from app.i18n import format_when
from app.notifications.models import NotificationKind
from app.notifications.services import notify_all
from app.organisations.models import Organisation


def _representatives(organisation: Organisation) -> list[User]:
    return [m.user for m in organisation.members() if m.is_representative]


def _link(proposal: Proposal) -> str:
    return url_for("contests.proposal", proposal_id=proposal.id)


def _common(proposal: Proposal) -> dict:
    return {
        "title": proposal.title,
        "contest": lambda: proposal.contest.title,
        "lead": lambda: proposal.lead_organisation.name,
        "deadline": lambda: format_when(proposal.contest.closes_at),
    }


def tell_invited(partner: ProposalPartner) -> None:
    proposal = partner.proposal
    notify_all(
        _representatives(partner.organisation),
        NotificationKind.CONSORTIUM_INVITATION,
        link=_link(proposal),
        subject=_l("Invitation to a consortium: %(title)s"),
        body=_l(
            "%(lead)s invites %(organisation)s to support the proposal “%(title)s” in the "
            "contest “%(contest)s”. The role proposed: %(role)s. Open the proposal to accept "
            "or decline."
        ),
        organisation=lambda: partner.organisation.name,
        role=partner.role_description,
        **_common(proposal),
    )


def tell_lead_of_answer(partner: ProposalPartner) -> None:
    proposal = partner.proposal
    if partner.status == PartnerStatus.ACCEPTED:
        kind = NotificationKind.INVITATION_ACCEPTED
        subject = _l("%(organisation)s joined your consortium")
        body = _l(
            "%(organisation)s accepted the invitation to support “%(title)s” in the contest "
            "“%(contest)s”."
        )
    else:
        kind = NotificationKind.INVITATION_DECLINED
        subject = _l("%(organisation)s declined your invitation")
        body = _l(
            "%(organisation)s declined the invitation to support “%(title)s” in the contest "
            "“%(contest)s”. You may invite another organisation."
        )
    notify_all(
        _representatives(proposal.lead_organisation),
        kind,
        link=_link(proposal),
        subject=subject,
        body=body,
        organisation=lambda: partner.organisation.name,
        **_common(proposal),
    )


def tell_consortium(proposal: Proposal, kind: NotificationKind, **message) -> None:
    """The lead's representative and every accepted supporter's."""
    people = [
        person
        for organisation in proposal.consortium()
        for person in _representatives(organisation)
    ]
    notify_all(people, kind, link=_link(proposal), **_common(proposal) | message)
