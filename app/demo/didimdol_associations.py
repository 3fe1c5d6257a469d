"""The barbers' association in the demo: its donor agreement with the city, signed PDF and all
(drawn here with fpdf2 and the configured Korean font, so the demo needs no file of its own),
and a few member barbers invited by email (example addresses, which no mail server accepts)."""

from __future__ import annotations

import io
from datetime import date

from flask import current_app

from app.accounts.models import User
from app.actions import FileChanges
from app.clock import seoul_today
from app.didimdol.agreements import AgreementTerms, record_agreement, record_association
from app.didimdol.association_models import AssociationKind
from app.didimdol.invitation_csv import MemberLine
from app.didimdol.invitations import invite_members
from app.didimdol.pdfs import FONT, new_pdf
from app.pdf_uploads import check_pdf

TERMS = (
    "1. 협회는 회원 이용원이 디딤돌 나눔 사업에 기부처로 참여하도록 안내한다.\n"
    "2. 참여 이용원은 매월 약정한 이발 서비스를 복지시설이 발급한 이용권으로 제공한다.\n"
    "3. 서울시는 참여 업체에 나눔가게 표지판과 기부 확인서를 발급한다."
)
MEMBERS = [
    ("망원 이용원", "mangwon.barber@example.org", "02-333-0101", "망원동"),
    ("성수 헤어살롱", "seongsu.hair@example.org", "", "성수동"),
    ("종로 이발관", "jongno.barber@example.org", "02-765-0202", "종로1가동"),
]


def agreement_pdf(signed_on: date) -> bytes:
    pdf = new_pdf(title="디딤돌 나눔 사업 기부 협약서")
    pdf.set_font(FONT, size=18)
    pdf.cell(0, 12, "디딤돌 나눔 사업 기부 협약서", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=11)
    pdf.multi_cell(0, 7, "서울특별시와 서울이용사회는 다음과 같이 협약을 맺는다.\n\n" + TERMS)
    pdf.ln(8)
    pdf.cell(0, 8, f"{signed_on:%Y년 %m월 %d일}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, "서울이용사회 회장 김이용 (서명)", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def load_demo_associations(officer: User) -> None:
    today = seoul_today()
    signed_on = today.replace(month=1, day=2)
    association = record_association("서울이용사회", AssociationKind.BARBERS, officer)
    data = agreement_pdf(signed_on)
    # Through the same checks as an officer's upload: a demo PDF the site would refuse is a bug.
    signed_pdf = check_pdf(io.BytesIO(data), "디딤돌_기부협약서.pdf", len(data))
    record_agreement(
        association,
        AgreementTerms(
            signatory_name="김이용",
            signatory_title="회장",
            signed_on=signed_on,
            valid_from=signed_on,
            valid_until=date(today.year + 2, 12, 31),
            terms=TERMS,
        ),
        signed_pdf,
        officer,
        FileChanges(lambda name: None),  # a failed demo load leaves at most an unused file
    )
    members = [MemberLine(n, *member) for n, member in enumerate(MEMBERS, start=2)]
    with current_app.test_request_context("/"):  # the emails' links are built as in a request
        invite_members(association, members, "demo-barbers-list", officer)
