"""Receipts' pages: the issuers' year (issue one, issue all, void, the annual CSV), a PDF for
whoever may see it, a donor's own list, and the public check a receipt's QR code opens.

A page or file that shows donors' registration numbers (or a sole trader's own name) writes
one access-log row, committed before it is drawn (app.access_log): the year's list and its
CSV name the year, a PDF names its document."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.access_log import AccessAction, record_access, record_view
from app.actions import attempt, show_refusal
from app.clock import seoul_today
from app.csv_files import download
from app.didimdol import receipts, receipts_export, receipts_labels, receipts_rules  # noqa: F401
from app.didimdol.blueprint import blueprint
from app.didimdol.models import DonorEnrolment
from app.didimdol.receipt_pdf import document_pdf
from app.didimdol.receipts_access import DOCUMENT_KIND, YEAR_KIND
from app.didimdol.receipts_forms import IssueAllForm, IssueDocumentForm, VoidForm
from app.didimdol.receipts_models import (
    DonationDocument,
    DonationDocumentKind,
    DonationDocumentStatus,
)
from app.extensions import db
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.submissions import attempt_once
from app.transactions import writes

ISSUED = DonationDocumentStatus.ISSUED


def _year() -> int:
    return request.args.get("year", type=int) or seoul_today().year - 1


@blueprint.get("/staff/didimdol/receipts")
@writes  # the access log
@login_required
def receipts_year():
    require(receipts_rules.may_issue_documents(current_person()))
    year = _year()
    record_view(YEAR_KIND, year)
    owed = {kind: receipts.amounts(year, kind) for kind in receipts.document_kinds()}
    documents = receipts.documents_of_year(year)
    issuer = receipts.donee()
    ours = [d for d in documents if issuer is not None and d.donee_id == issuer.id]
    me = current_person()
    return render_template(
        "didimdol/receipts.html",
        year=year,
        donee=issuer,
        owed=owed,
        donors=receipts.enrolments_by_id({e for amounts in owed.values() for e in amounts}),
        documents=ours,
        former_documents=[d for d in documents if d not in ours],
        # The server's own rule (may_void), so no link leads to a 403.
        voidable={d.id for d in documents if receipts_rules.may_void(me, d)},
        standing={(d.enrolment_id, d.kind) for d in ours if d.status == ISSUED},
        issue_form=IssueDocumentForm(),
        all_form=IssueAllForm(),
    )


@blueprint.post("/staff/didimdol/receipts/issue")
@login_required
def issue_document():
    me = current_person()
    require(receipts_rules.may_issue_documents(me))
    form = IssueDocumentForm()
    if not form.validate_on_submit():
        flash(_("Choose a donor, a year and a kind of document."), "error")
        return redirect(url_for("didimdol.receipts_year"))
    enrolment = load_or_404(DonorEnrolment, form.enrolment.data)
    kind = DonationDocumentKind(form.kind.data)
    outcome = attempt_once(
        form,
        DonationDocument,
        lambda: receipts.issue_document(enrolment, form.year.data, kind, me),
    )
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("Issued: %(number)s.", number=outcome.value.number), "success")
    return redirect(url_for("didimdol.receipts_year", year=form.year.data))


@blueprint.post("/staff/didimdol/receipts/issue-all")
@login_required
def issue_all_documents():
    me = current_person()
    require(receipts_rules.may_issue_documents(me))
    form = IssueAllForm()
    if not form.validate_on_submit():
        flash(_("Choose a year."), "error")
        return redirect(url_for("didimdol.receipts_year"))
    outcome = attempt(lambda: receipts.issue_all(form.year.data, me))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("%(count)d documents issued.", count=len(outcome.value)), "success")
    return redirect(url_for("didimdol.receipts_year", year=form.year.data))


@blueprint.route("/staff/didimdol/receipts/<int:document_id>/void", methods=["GET", "POST"])
@login_required
def void_document(document_id: int):
    me = current_person()
    document = load_or_404(DonationDocument, document_id)
    require(receipts_rules.may_void(me, document))
    form = VoidForm()
    if form.validate_on_submit():
        outcome = attempt(lambda: receipts.void_document(document, form.reason.data, me))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("%(number)s is void.", number=document.number), "success")
            return redirect(url_for("didimdol.receipts_year", year=document.year))
    return render_template("didimdol/void.html", form=form, document=document)


@blueprint.get("/didimdol/receipts/<int:document_id>.pdf")
@writes  # the access log
@login_required
def document_download(document_id: int):
    document = load_or_404(DonationDocument, document_id, receipts_rules.may_see_document)
    record_access(DOCUMENT_KIND, document.id, AccessAction.EXPORT)
    db.session.commit()
    return Response(
        document_pdf(document),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{document.number}.pdf"',
            "Cache-Control": "no-store",  # a registration number: never in a shared cache
        },
    )


@blueprint.get("/staff/didimdol/receipts/<int:year>.csv")
@writes  # the access log
@login_required
def receipts_csv(year: int):
    require(receipts_rules.may_issue_documents(current_person()))
    record_access(YEAR_KIND, year, AccessAction.EXPORT)
    db.session.commit()
    return download(receipts_export.receipts_csv(year), f"receipts-{year}.csv")


@blueprint.get("/didimdol/donors/<int:enrolment_id>/receipts")
@login_required
def donor_documents(enrolment_id: int):
    enrolment = load_or_404(DonorEnrolment, enrolment_id, receipts_rules.may_see_documents_of)
    return render_template(
        "didimdol/donor_receipts.html",
        enrolment=enrolment,
        documents=receipts.documents_of(enrolment),
    )


@blueprint.get("/receipts/check/<token>")
def verify_document(token: str):
    """Public: valid or void, and the amount. No donor's number, nobody who received."""
    document = receipts.by_token(token)
    if document is None:
        abort(404)
    response = Response(render_template("didimdol/verify_document.html", document=document))
    response.headers["Cache-Control"] = "no-store"
    return response
