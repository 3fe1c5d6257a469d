"""PDF attachments of proposals: checked by their content, size and count, stored under a
random name, downloaded only by those who may see them, deleted from disk."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from pypdf import PdfWriter
from sqlalchemy import func, select

from app.accounts.models import Role
from app.contests.models import ProposalAttachment
from app.contests.proposals.attachments import clean_name
from app.contests.states import ContestPhase, ProposalStatus
from app.extensions import db
from tests.contests.factories import assign_reviewer, make_contest, make_proposal, set_phase
from tests.factories import add_member, field_error, login, make_organisation, make_user, reload


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    """Attachments go to a folder of this test's own; the settings are restored afterwards."""
    folder = tmp_path / "uploads"
    keys = ("UPLOAD_FOLDER", "ATTACHMENT_MAX_BYTES", "ATTACHMENTS_PER_PROPOSAL")
    saved = {key: app.config[key] for key in keys}
    app.config["UPLOAD_FOLDER"] = str(folder)
    yield folder / "proposals"
    app.config.update(saved)


def pdf_bytes(
    pages: int = 1,
    password: str | None = None,
    script: str | None = None,
    embedded: bytes | None = None,
) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if script:
        writer.add_js(script)  # run by a viewer when the document opens
    if embedded is not None:
        writer.add_attachment("payload.exe", embedded)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def stored_files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def attachment_count(proposal) -> int:
    return db.session.scalar(
        select(func.count(ProposalAttachment.id)).where(
            ProposalAttachment.proposal_id == proposal.id
        )
    )


@pytest.fixture
def draft():
    person = make_user(Role.ORG_MEMBER)
    proposal = make_proposal(make_contest(), make_organisation(representative=person))
    return proposal, person


def upload(client, proposal, data: bytes, name: str = "plan.pdf"):
    return client.post(
        f"/proposals/{proposal.id}/attachments",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_a_valid_pdf_is_stored_under_a_random_name(client, draft, uploads):
    proposal, person = draft
    login(client, person)
    data = pdf_bytes()
    response = upload(client, proposal, data, "사업계획서 (최종).pdf")
    assert response.status_code == 302
    [attachment] = reload(proposal).attachments
    assert attachment.original_name == "사업계획서 (최종).pdf"
    assert attachment.size_bytes == len(data)
    assert attachment.uploaded_by_id == person.id
    assert stored_files(uploads) == [attachment.stored_name]
    assert "사업계획서" not in attachment.stored_name and attachment.stored_name.endswith(".pdf")
    assert (uploads / attachment.stored_name).read_bytes() == data


def test_the_download_is_a_pdf_attachment_with_its_korean_name(client, draft):
    proposal, person = draft
    login(client, person)
    data = pdf_bytes()
    upload(client, proposal, data, "사업계획서.pdf")
    attachment = reload(proposal).attachments[0]
    response = client.get(f"/proposals/{proposal.id}/attachments/{attachment.id}")
    assert response.status_code == 200
    assert response.data == data
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('사업계획서.pdf')}" in disposition
    assert "no-store" in response.headers["Cache-Control"]


FAKES = [
    pytest.param(lambda: png_bytes(), "photo.pdf", "This file is not a PDF.", id="png named pdf"),
    pytest.param(
        lambda: b"%PDF-1.7\nnot really a pdf at all\n",
        "broken.pdf",
        "This PDF cannot be read",
        id="pdf header, no pdf",
    ),
    pytest.param(
        lambda: pdf_bytes()[:200], "cut.pdf", "This PDF cannot be read", id="truncated pdf"
    ),
    pytest.param(
        lambda: b"hello %PDF-1.4" + pdf_bytes(), "late.pdf", "This file is not a PDF.", id="late"
    ),
    pytest.param(
        lambda: pdf_bytes(password="secret"),
        "locked.pdf",
        "protected by a password",
        id="encrypted",
    ),
    pytest.param(lambda: b"", "empty.pdf", "The file is empty.", id="empty"),
    pytest.param(
        lambda: pdf_bytes(script="app.alert('hello')"),
        "script.pdf",
        "contains scripts, actions or embedded files",
        id="javascript",
    ),
    pytest.param(
        lambda: pdf_bytes(embedded=b"MZ not really a program"),
        "carrier.pdf",
        "contains scripts, actions or embedded files",
        id="embedded file",
    ),
]


@pytest.mark.parametrize(("make_data", "name", "message"), FAKES)
def test_what_is_not_a_readable_pdf_is_refused(client, draft, uploads, make_data, name, message):
    proposal, person = draft
    login(client, person)
    response = upload(client, proposal, make_data(), name)
    assert response.status_code == 200
    assert message in (field_error(response.get_data(as_text=True), "file") or "")
    assert attachment_count(proposal) == 0
    assert stored_files(uploads) == []


def test_a_request_without_a_file_is_refused(client, draft):
    proposal, person = draft
    login(client, person)
    response = client.post(f"/proposals/{proposal.id}/attachments", data={})
    assert "Choose a PDF file." in field_error(response.get_data(as_text=True), "file")


def test_an_oversize_pdf_is_refused(app, client, draft, uploads):
    proposal, person = draft
    data = pdf_bytes(pages=3)
    app.config["ATTACHMENT_MAX_BYTES"] = len(data) - 1
    login(client, person)
    response = upload(client, proposal, data)
    assert "The file is too large" in field_error(response.get_data(as_text=True), "file")
    assert stored_files(uploads) == []
    app.config["ATTACHMENT_MAX_BYTES"] = len(data)
    assert upload(client, proposal, data).status_code == 302


def test_at_most_so_many_files_per_proposal(app, client, draft, uploads):
    proposal, person = draft
    app.config["ATTACHMENTS_PER_PROPOSAL"] = 2
    login(client, person)
    for _ in range(2):
        assert upload(client, proposal, pdf_bytes()).status_code == 302
    response = upload(client, proposal, pdf_bytes())
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A proposal has at most 2 files: delete one first." in html
    assert attachment_count(proposal) == 2
    assert len(stored_files(uploads)) == 2


def test_deleting_removes_the_row_and_the_file(client, draft, uploads):
    proposal, person = draft
    login(client, person)
    upload(client, proposal, pdf_bytes())
    attachment = reload(proposal).attachments[0]
    path = f"/proposals/{proposal.id}/attachments/{attachment.id}/delete"
    assert client.post(path).status_code == 302
    assert attachment_count(proposal) == 0
    assert stored_files(uploads) == []


def test_a_file_is_removed_when_the_database_write_fails(app, client, draft, uploads, monkeypatch):
    proposal, person = draft
    login(client, person)

    def failing_commit():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(db.session, "commit", failing_commit)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = upload(client, proposal, pdf_bytes())
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert stored_files(uploads) == []


@pytest.mark.parametrize(
    "status", [ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN], ids=lambda s: s.value
)
def test_no_upload_or_deletion_unless_a_draft(client, draft, uploads, status):
    proposal, person = draft
    login(client, person)
    upload(client, proposal, pdf_bytes())
    attachment = reload(proposal).attachments[0]
    proposal = reload(proposal)
    proposal.status = status
    db.session.flush()
    response = upload(client, proposal, pdf_bytes())
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Only a draft proposal can be changed." in html
    client.post(f"/proposals/{proposal.id}/attachments/{attachment.id}/delete")
    assert attachment_count(proposal) == 1
    assert stored_files(uploads) == [attachment.stored_name]


def test_no_upload_or_deletion_after_the_deadline(client, draft, uploads):
    proposal, person = draft
    login(client, person)
    upload(client, proposal, pdf_bytes())
    attachment = reload(proposal).attachments[0]
    set_phase(reload(proposal).contest, ContestPhase.REVIEW)
    response = upload(client, proposal, pdf_bytes())
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The deadline for proposals passed" in html
    client.post(f"/proposals/{proposal.id}/attachments/{attachment.id}/delete")
    assert attachment_count(proposal) == 1
    assert stored_files(uploads) == [attachment.stored_name]


def test_an_attachment_of_another_proposal_is_not_found(client, draft):
    proposal, person = draft
    other_person = make_user(Role.ORG_MEMBER)
    other = make_proposal(proposal.contest, make_organisation(representative=other_person))
    login(client, other_person)
    upload(client, other, pdf_bytes())
    theirs = reload(other).attachments[0]
    client.post("/logout")
    login(client, person)
    assert client.get(f"/proposals/{proposal.id}/attachments/{theirs.id}").status_code == 404
    path = f"/proposals/{proposal.id}/attachments/{theirs.id}/delete"
    assert client.post(path).status_code == 404
    assert attachment_count(other) == 1


def test_who_may_download(client, draft):
    """The consortium, staff and the proposal's reviewers (once it is theirs); nobody else,
    not even when the funded project is public."""
    proposal, person = draft
    login(client, person)
    upload(client, proposal, pdf_bytes())
    attachment = reload(proposal).attachments[0]
    client.post("/logout")
    path = f"/proposals/{proposal.id}/attachments/{attachment.id}"

    member = make_user()
    add_member(proposal.lead_organisation, member)
    supporter_member = make_user()
    add_member(proposal.partners[0].organisation, supporter_member)
    reviewer = assign_reviewer(proposal.contest)
    allowed = [member, supporter_member, make_user(Role.STAFF), make_user(Role.ADMIN)]
    refused = [make_user(), make_user(Role.MODERATOR), reviewer]
    for person_ in allowed:
        login(client, person_)
        assert client.get(path).status_code == 200, person_.role
        client.post("/logout")
    for person_ in refused:
        login(client, person_)
        assert client.get(path).status_code == 404, person_.role
        client.post("/logout")

    # Once submitted and under review, the reviewer may read it.
    proposal = reload(proposal)
    proposal.status = ProposalStatus.SUBMITTED
    set_phase(proposal.contest, ContestPhase.REVIEW)
    login(client, reviewer)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("plan.pdf", "plan.pdf"),
        ("C:\\Users\\kim\\계획.PDF", "계획.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("evil\u202egpj.pdf", "evilgpj.pdf"),
        ("  spaced   out  .pdf", "spaced out.pdf"),
        ("", "document.pdf"),
        (None, "document.pdf"),
        ("...pdf", "document.pdf"),
        ("a" * 300 + ".pdf", "a" * 150 + ".pdf"),
    ],
)
def test_original_names_are_cleaned_for_display(given, shown):
    assert clean_name(given) == shown


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("plan.pdf", "attachment; filename=plan.pdf"),
        ('plan "final".pdf', 'attachment; filename="plan \\"final\\".pdf"'),
        (
            "계획서.pdf",
            "attachment; filename=attachment.pdf; filename*=UTF-8''%EA%B3%84%ED%9A%8D%EC%84%9C.pdf",
        ),
        (
            "계획서 v2.pdf",
            "attachment; filename=v2.pdf; filename*=UTF-8''%EA%B3%84%ED%9A%8D%EC%84%9C%20v2.pdf",
        ),
    ],
)
def test_download_names_are_encoded_for_every_client(app, name, header):
    from werkzeug.datastructures import Headers

    from app.contests.proposals.attachments import download_names

    headers = Headers()
    headers.set("Content-Disposition", "attachment", **download_names(name))
    assert headers["Content-Disposition"] == header
