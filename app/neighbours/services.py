"""Appoint, renew and revoke: each flushes, the view commits (app.actions). Each change is an
edit of the neighbour's record in the access log (app.access_log)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.access_log import AccessAction, record_access
from app.accounts.models import User
from app.accounts.services import find_user_by_email
from app.areas.models import Area
from app.clock import seoul_today, utcnow
from app.extensions import db
from app.neighbours.errors import (
    AlreadyRevoked,
    NoSuchAccount,
    OtherKindUnnamed,
    PledgeInTheFuture,
    RenewalShortens,
    TermOutOfOrder,
)
from app.neighbours.models import NeighbourAppointment, NeighbourKind

SUBJECT_KIND = "neighbour_appointment"  # how the access log names these records


@dataclass(frozen=True)
class Pledge:
    signed_on: date
    version: str
    scan: bytes | None = None


def _log_edit(appointment: NeighbourAppointment, staff: User) -> None:
    record_access(
        SUBJECT_KIND,
        appointment.id,
        AccessAction.EDIT,
        person_id=appointment.person_id,
        actor=staff,
    )


def appoint(
    email: str,
    dong: Area,
    kind: NeighbourKind,
    *,
    kind_other: str,
    term_starts_on: date,
    term_ends_on: date,
    pledge: Pledge,
    staff: User,
) -> NeighbourAppointment:
    person = find_user_by_email(email)
    if person is None or person.deleted_at is not None:
        raise NoSuchAccount()
    if kind == NeighbourKind.OTHER and not kind_other:
        raise OtherKindUnnamed()
    if term_ends_on < term_starts_on:
        raise TermOutOfOrder()
    if pledge.signed_on > seoul_today():
        raise PledgeInTheFuture()
    appointment = NeighbourAppointment(
        person=person,
        dong=dong,
        kind=kind,
        kind_other=kind_other if kind == NeighbourKind.OTHER else "",
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
        pledge_signed_on=pledge.signed_on,
        pledge_version=pledge.version,
        pledge_scan=pledge.scan,
        appointed_by=staff,
    )
    db.session.add(appointment)
    db.session.flush()
    _log_edit(appointment, staff)
    return appointment


def renew(appointment: NeighbourAppointment, term_ends_on: date, staff: User) -> None:
    """A new last day for the same card: the QR code printed on it stays valid."""
    if appointment.revoked_at is not None:
        raise AlreadyRevoked()
    if term_ends_on <= appointment.term_ends_on:
        raise RenewalShortens()
    appointment.term_ends_on = term_ends_on
    db.session.flush()
    _log_edit(appointment, staff)


def revoke(appointment: NeighbourAppointment, reason: str, staff: User) -> None:
    if appointment.revoked_at is not None:
        raise AlreadyRevoked()
    appointment.revoked_at = utcnow()
    appointment.revoked_by = staff
    appointment.revoke_reason = reason
    db.session.flush()
    _log_edit(appointment, staff)


def log_pledge_download(appointment: NeighbourAppointment, reason: str, staff: User) -> None:
    """A copy of a signed paper leaving the site: logged with its reason (PIPA)."""
    record_access(
        SUBJECT_KIND,
        appointment.id,
        AccessAction.DOWNLOAD,
        person_id=appointment.person_id,
        reason=reason,
        actor=staff,
    )
