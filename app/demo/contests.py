"""Demo contests: one finished, with scores, decisions and published results; one open, with a
consortium still forming. Written straight into the models (like a migration of history) so
the demo does not depend on the order in which the pages' services were called."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.accounts.models import User
from app.areas.models import Area
from app.clock import from_seoul, utcnow
from app.contests.models import (
    BudgetLine,
    Contest,
    ContestCriterion,
    ContestDateChange,
    ContestReviewer,
    Decision,
    Proposal,
    ProposalPartner,
    Score,
)
from app.contests.states import DateChangeKind, PartnerStatus, ProposalStatus
from app.extensions import db
from app.organisations.models import Organisation

CRITERIA = (
    ("사업의 필요성", "Need for the project", 30),
    ("실행 가능성", "Feasibility", 25),
    ("민관 협력 구조", "Partnership across organisations", 25),
    ("예산의 적정성", "Value for money", 20),
)

# (lead index, [(supporter index, role)], title, summary, beneficiaries, gu codes, budget,
#  scores by the two reviewers, decision: (selected, amount, reason))
FINISHED_PROPOSALS = [
    (
        0,
        [(2, "어르신 댁 방문과 난방 점검 봉사"), (4, "겨울 이불과 생필품 후원")],
        "홀몸 어르신 겨울나기 온돌 지원",
        "종로구 홀몸 어르신 150가구에 난방비와 방한용품을 지원하고, 봉사자가 주 1회 방문해 "
        "안부를 확인합니다.",
        150,
        ["11110"],
        [("난방비 지원", 24_000_000), ("방한용품", 9_000_000), ("봉사자 활동비", 7_000_000)],
        ((9, 8, 9, 7), (8, 8, 9, 8)),
        (True, 38_000_000, "지원이 시급하고 방문 체계가 구체적입니다. 활동비 일부를 조정했습니다."),
    ),
    (
        2,
        [(1, "모금과 후원 연계"), (5, "대상 가구 발굴과 사례 관리 연계")],
        "노원 이웃 반찬 나눔",
        "노원구의 결식 우려 이웃 90가구에 주 2회 반찬을 배달하고 명절에는 특식을 나눕니다.",
        90,
        ["11350"],
        [("식재료", 21_000_000), ("배달 차량 임차", 6_000_000), ("용기와 포장", 3_000_000)],
        ((8, 7, 8, 8), (7, 8, 7, 9)),
        (True, 30_000_000, "지역 단체의 협력이 두텁고 예산이 적정합니다."),
    ),
    (
        3,
        [(1, "모금과 후원 연계"), (5, "복지 사각지대 가구 연계")],
        "관악 청년 1인 가구 마음 돌봄",
        "관악구 청년 1인 가구를 위한 상담과 모임을 운영합니다.",
        60,
        ["11620"],
        [("상담 인력", 18_000_000), ("모임 운영비", 4_000_000)],
        ((6, 6, 5, 6), (5, 7, 5, 6)),
        (False, 0, "취지는 좋으나 참여 단체 간 역할 분담이 더 구체화되어야 합니다."),
    ),
]


def load_demo_contests(
    users: dict[str, User], organisations: list[Organisation], gu_by_code: dict[str, Area]
) -> list[Contest]:
    reviewers = [users["staff.seocho"], users["moderator"]]
    finished = _finished_contest(users, organisations, gu_by_code, reviewers)
    open_contest = _open_contest(users, organisations, gu_by_code)
    db.session.flush()
    return [finished, open_contest]


def _contest(title_ko: str, title_en: str, creator: User, **fields) -> Contest:
    contest = Contest(
        title_ko=title_ko,
        title_en=title_en,
        created_by=creator,
        **fields,
    )
    contest.criteria = [
        ContestCriterion(position=n, name_ko=ko, name_en=en, weight=weight)
        for n, (ko, en, weight) in enumerate(CRITERIA)
    ]
    db.session.add(contest)
    return contest


def _finished_contest(users, organisations, gu_by_code, reviewers) -> Contest:
    staff = users["staff.jongno"]
    contest = _contest(
        "2026 희망온돌 민관협력 컨소시엄 공모 (1차)",
        "2026 Ondol for Hope public-private consortium contest (round 1)",
        staff,
        description_ko=(
            "복지관, 시민단체, 종교단체, 기업이 컨소시엄을 이루어 이웃의 겨울나기와 돌봄을 "
            "함께 해결하는 사업을 공모했습니다. 주관 단체 1곳과 참여 단체 2곳 이상이 함께 "
            "제안합니다."
        ),
        description_en=(
            "Consortia of welfare centres, civic groups, religious bodies and businesses proposed "
            "projects to see neighbours through the winter. One lead and at least two supporting "
            "organisations propose together."
        ),
        total_budget=100_000_000,
        max_per_proposal=40_000_000,
        min_organisations=3,
        opens_at=from_seoul(datetime(2026, 3, 2, 9, 0)),
        closes_at=from_seoul(datetime(2026, 4, 17, 18, 0)),
        results_at=from_seoul(datetime(2026, 5, 15, 10, 0)),
        results_announced_at=from_seoul(datetime(2026, 5, 15, 10, 0)),
    )
    contest.target_areas = [gu_by_code[c] for c in ("11110", "11350", "11620") if c in gu_by_code]
    contest.date_changes.append(
        ContestDateChange(
            kind=DateChangeKind.EXTEND,
            old_at=from_seoul(datetime(2026, 4, 10, 18, 0)),
            new_at=contest.closes_at,
            reason="시민단체의 요청에 따라 서류 준비 기간을 일주일 연장합니다.",
            changed_by=staff,
            changed_at=from_seoul(datetime(2026, 4, 8, 11, 0)),
        )
    )
    contest.reviewers = [ContestReviewer(user=r, assigned_by=staff) for r in reviewers]
    submitted_at = from_seoul(datetime(2026, 4, 15, 16, 30))
    for (
        lead,
        supporters,
        title,
        summary,
        people,
        codes,
        budget,
        scores,
        decision,
    ) in FINISHED_PROPOSALS:
        proposal = _proposal(
            contest, organisations[lead], supporters, organisations, title, summary, people
        )
        proposal.target_areas = [gu_by_code[c] for c in codes if c in gu_by_code]
        proposal.budget_lines = [
            BudgetLine(position=n, item=item, amount=amount)
            for n, (item, amount) in enumerate(budget)
        ]
        proposal.status = ProposalStatus.SUBMITTED
        proposal.submitted_at = submitted_at
        proposal.submitted_by = organisations[lead].representative()
        for reviewer, values in zip(reviewers, scores, strict=True):
            for criterion, value in zip(contest.criteria, values, strict=True):
                proposal.scores.append(
                    Score(reviewer=reviewer, criterion=criterion, score=value, comment="")
                )
        selected, amount, reason = decision
        proposal.decision = Decision(
            selected=selected,
            amount_awarded=amount,
            public_reason=reason,
            decided_by=staff,
            decided_at=from_seoul(datetime(2026, 5, 8, 15, 0)),
        )
    return contest


def _open_contest(users, organisations, gu_by_code) -> Contest:
    now = utcnow()
    contest = _contest(
        "2026 희망온돌 민관협력 컨소시엄 공모 (2차)",
        "2026 Ondol for Hope public-private consortium contest (round 2)",
        users["staff.jongno"],
        description_ko=(
            "고립된 이웃을 찾아내고 곁을 지키는 사업을 공모합니다. 동 주민센터와 함께하는 "
            "발굴 활동, 정기 방문, 생활 지원을 묶어 제안해 주십시오."
        ),
        description_en=(
            "Projects that find isolated neighbours and stay by their side: outreach with the "
            "community service centres, regular visits and everyday support."
        ),
        total_budget=150_000_000,
        max_per_proposal=30_000_000,
        min_organisations=3,
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=25),
        results_at=now + timedelta(days=60),
    )
    contest.reviewers = [
        ContestReviewer(user=users["staff.seocho"], assigned_by=contest.created_by)
    ]
    # A consortium forming: the welfare centre leads, the volunteers have yet to answer.
    proposal = _proposal(
        contest,
        organisations[0],
        [(2, "주 1회 말벗 방문"), (4, "생필품 후원")],
        organisations,
        "종로 고립 이웃 말벗 잇기",
        "동 주민센터와 함께 고립 위험 가구를 찾아 봉사자와 짝을 지어 드립니다.",
        80,
        statuses=(PartnerStatus.INVITED, PartnerStatus.ACCEPTED),
    )
    proposal.target_areas = [gu_by_code["11110"]] if "11110" in gu_by_code else []
    proposal.budget_lines = [
        BudgetLine(position=0, item="봉사자 교육", amount=5_000_000),
        BudgetLine(position=1, item="방문 활동비", amount=12_000_000),
    ]
    return contest


def _proposal(
    contest, lead, supporters, organisations, title, summary, people, statuses=None
) -> Proposal:
    representative = lead.representative()
    proposal = Proposal(
        contest=contest,
        lead_organisation=lead,
        status=ProposalStatus.DRAFT,
        title=title,
        summary=summary,
        expected_beneficiaries=people,
        beneficiaries_description="",
        timeline="6월–12월: 발굴, 연결, 정기 방문, 평가",
        created_by=representative,
    )
    statuses = statuses or [PartnerStatus.ACCEPTED] * len(supporters)
    proposal.partners = [
        ProposalPartner(
            organisation=organisations[index],
            role_description=role,
            status=status,
            invited_by=representative,
            responded_by=(
                organisations[index].representative() if status != PartnerStatus.INVITED else None
            ),
            responded_at=contest.opens_at + timedelta(days=3)
            if status != PartnerStatus.INVITED
            else None,
        )
        for (index, role), status in zip(supporters, statuses, strict=True)
    ]
    db.session.add(proposal)
    return proposal
