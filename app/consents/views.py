"""Staff record a consent, ask for an override and approve another's; staff or the person (or
who speaks for them) withdraw one. Each goes back to the subject's own page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from app.access_log import AccessAction, record_access, record_view
from app.actions import attempt, show_refusal
from app.consents import rules
from app.consents.blueprint import blueprint
from app.consents.forms import ConsentForm, OverrideForm
from app.consents.models import ConsentMethod, ConsentPurpose, ConsentRecord, LegalBasis
from app.consents.services import approve_override, record_consent, request_override, withdraw
from app.consents.subjects import Subject, SubjectKind, subject_kind
from app.extensions import db
from app.lookups import current_person, load_or_404
from app.organisations.models import Organisation, OrganisationStatus
from app.permissions import require
from app.submissions import attempt_once
from app.transactions import writes

T = TypeVar("T")


def _subject(kind_name: str, subject_id: int) -> tuple[SubjectKind, Any]:
    kind = subject_kind(kind_name)
    record = kind.load(subject_id) if kind is not None else None
    if kind is None or record is None:
        abort(404)
    require(rules.may_manage_consents(current_person(), kind, record))
    return kind, record


def _looked_at(kind_name: str, kind: SubjectKind, subject_id: int) -> None:
    """A form page of an access-logged kind's record: one view row, committed before drawing."""
    if kind.access_logged:
        record_view(kind_name, subject_id)


def _logged(kind_name: str, kind: SubjectKind, subject_id: int, change: Callable[[], T]):
    """The change, with an access-logged kind's edit row in its transaction (kept or rolled
    back with it)."""

    def logged() -> T:
        if kind.access_logged:
            record_access(kind_name, subject_id, AccessAction.EDIT)
        return change()

    return logged


def _organisations() -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.status == OrganisationStatus.VERIFIED)
            .order_by(Organisation.name_ko)
        )
    )


@blueprint.route("/consents/<kind_name>/<int:subject_id>/new", methods=["GET", "POST"])
@writes  # an access-logged kind's view row, on the GET too
@login_required
def record(kind_name: str, subject_id: int):
    kind, subject_record = _subject(kind_name, subject_id)
    form = ConsentForm(organisations=_organisations())
    if form.validate_on_submit():
        me = current_person()
        outcome = attempt_once(
            form,
            ConsentRecord,
            _logged(
                kind_name,
                kind,
                subject_id,
                lambda: record_consent(
                    Subject(kind_name, subject_id),
                    ConsentPurpose(form.purpose.data),
                    method=ConsentMethod(form.method.data),
                    given_on=form.given_on.data,
                    obtained_by=me,
                    notice_version=form.notice_version.data,
                    recipient=form.chosen_recipient,
                    valid_until=form.valid_until.data,
                    guardian_relationship=form.guardian_relationship.data or "",
                ),
            ),
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The consent was recorded."), "success")
            return redirect(kind.page(subject_record))
    _looked_at(kind_name, kind, subject_id)
    return render_template(
        "consents/form.html", form=form, override=False, back=kind.page(subject_record)
    )


@blueprint.route("/consents/<kind_name>/<int:subject_id>/override", methods=["GET", "POST"])
@writes  # an access-logged kind's view row, on the GET too
@login_required
def ask_override(kind_name: str, subject_id: int):
    kind, subject_record = _subject(kind_name, subject_id)
    form = OverrideForm(organisations=_organisations())
    if form.validate_on_submit():
        me = current_person()
        outcome = attempt_once(
            form,
            ConsentRecord,
            _logged(
                kind_name,
                kind,
                subject_id,
                lambda: request_override(
                    Subject(kind_name, subject_id),
                    ConsentPurpose(form.purpose.data),
                    basis=LegalBasis(form.legal_basis.data),
                    note=form.legal_basis_note.data,
                    requested_by=me,
                    recipient=form.chosen_recipient,
                    valid_until=form.valid_until.data,
                ),
            ),
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(
                _("The override was recorded. It counts once another staff member approves it."),
                "success",
            )
            return redirect(kind.page(subject_record))
    _looked_at(kind_name, kind, subject_id)
    return render_template(
        "consents/form.html", form=form, override=True, back=kind.page(subject_record)
    )


def _consent(record_id: int) -> tuple[ConsentRecord, SubjectKind, Any]:
    consent = load_or_404(ConsentRecord, record_id)
    kind = subject_kind(consent.subject_kind)
    subject_record = kind.load(consent.subject_id) if kind is not None else None
    if kind is None or subject_record is None:
        abort(404)
    return consent, kind, subject_record


@blueprint.post("/consents/<int:record_id>/approve")
@login_required
def approve(record_id: int):
    consent, kind, subject_record = _consent(record_id)
    me = current_person()
    require(rules.may_manage_consents(me, kind, subject_record))
    outcome = attempt(
        _logged(
            consent.subject_kind, kind, consent.subject_id, lambda: approve_override(consent, me)
        )
    )
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("The override was approved."), "success")
    return redirect(kind.page(subject_record))


@blueprint.post("/consents/<int:record_id>/withdraw")
@login_required
def withdraw_consent(record_id: int):
    consent, kind, subject_record = _consent(record_id)
    me = current_person()
    require(rules.may_withdraw(me, kind, subject_record, consent))
    outcome = attempt(
        _logged(consent.subject_kind, kind, consent.subject_id, lambda: withdraw(consent, me))
    )
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("The consent was withdrawn; what depended on it is no longer shown."), "success")
    return redirect(kind.page(subject_record))
