"""Check-in members as a subject of consents: a member joins with their consent to collection
and use, which the dong's staff manage (app.consents)."""

from __future__ import annotations

from flask import url_for

from app.checkins.models import CheckinMember
from app.checkins.services import CHECKIN_MEMBER
from app.consents.models import ConsentPurpose
from app.consents.subjects import SubjectKind, register_subject
from app.extensions import db

register_subject(
    CHECKIN_MEMBER,
    SubjectKind(
        load=lambda member_id: db.session.get(CheckinMember, member_id),
        areas=lambda member: [member.group.dong],
        page=lambda member: url_for("checkins.member", member_id=member.id),
        purposes=frozenset({ConsentPurpose.COLLECTION_AND_USE.value}),
    ),
)
