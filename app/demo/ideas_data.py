"""The demo ideas' content: departments, sixteen ideas (in the author's language) with how far
staff took each, and the comments. app.demo.ideas writes them."""

from __future__ import annotations

from dataclasses import dataclass

from app.ideas.models import IdeaOutcome

DEPARTMENTS = [
    ("복지정책과", "Welfare Policy Division"),
    ("어르신복지과", "Senior Welfare Division"),
    ("주거복지과", "Housing Welfare Division"),
]

ADOPTED, PARTLY, NOT = IdeaOutcome.ADOPTED, IdeaOutcome.PARTLY_ADOPTED, IdeaOutcome.NOT_ADOPTED


@dataclass(frozen=True)
class DemoIdea:
    author: str  # a demo user's local part, or "neighbourNN"
    title: str
    body: str
    category: str  # slug
    gu: str | None  # MOIS code
    days_ago: int  # when it was received
    department: int | None = None  # index into DEPARTMENTS
    reviewing_after: int | None = None  # days after receipt it went under review
    outcome: IdeaOutcome | None = None
    answered_after: int | None = None  # days after receipt (the target is 14)
    response: str = ""
    supporters: int = 0  # how many demo neighbours support it
    note: str = ""  # an internal note by the staff member holding it


IDEAS = [
    DemoIdea(
        author="resident",
        title="경로당 겨울 난방비 지원을 늘려 주세요",
        body=(
            "동네 경로당이 난방비가 부족해 오후 네 시면 보일러를 끕니다. 한파 기간만이라도 "
            "난방비를 더 지원해 주시면 어르신들이 저녁까지 머무를 수 있습니다."
        ),
        category="heating",
        gu="11110",
        days_ago=178,
        department=1,
        reviewing_after=2,
        outcome=ADOPTED,
        answered_after=9,
        response=(
            "한파 기간(12~2월) 경로당 난방비를 월 10만 원 추가 지원하기로 했습니다. 다음 달부터 각 "
            "경로당에 안내합니다."
        ),
        supporters=9,
    ),
    DemoIdea(
        author="neighbour03",
        title="지하철역마다 무료 급식소를 설치해 주세요",
        body="끼니를 거르는 어르신이 많습니다. 역 근처에 무료 급식소가 있으면 찾아가기 쉽습니다.",
        category="food",
        gu=None,
        days_ago=170,
        department=0,
        reviewing_after=5,
        outcome=NOT,
        answered_after=21,
        response=(
            "역사 안 공간은 안전 기준 때문에 급식소로 쓸 수 없습니다. 대신 가까운 복지관 "
            "경로식당의 운영 시간을 알리는 안내판을 역에 설치하겠습니다."
        ),
        supporters=4,
    ),
    DemoIdea(
        author="neighbour05",
        title="반지하 주택에 침수 방지 시설을 지원해 주세요",
        body="여름마다 반지하 집에 물이 들어옵니다. 물막이판과 역류 방지 밸브 설치를 도와주세요.",
        category="housing-repair",
        gu="11620",
        days_ago=161,
        department=2,
        reviewing_after=1,
        outcome=PARTLY,
        answered_after=12,
        response=(
            "침수 우려 지역의 반지하 가구에 물막이판을 우선 설치합니다. 역류 방지 밸브는 내년 "
            "예산에 반영할 수 있는지 검토하고 있습니다."
        ),
        supporters=12,
    ),
    DemoIdea(
        author="resident.en",
        title="A multilingual guide to welfare services",
        body=(
            "Foreign residents often miss the help they are entitled to because the forms and "
            "leaflets are only in Korean. A short guide in several languages would help."
        ),
        category="education",
        gu="11140",
        days_ago=139,
        department=0,
        reviewing_after=1,
        outcome=ADOPTED,
        answered_after=6,
        response=(
            "We will publish the guide in English, Chinese and Vietnamese this year, and community "
            "service centres will keep printed copies."
        ),
        supporters=5,
    ),
    DemoIdea(
        author="neighbour07",
        title="홀몸 어르신 안부 전화에 자원봉사자를 연결해 주세요",
        body="전화 한 통이 큰 힘이 됩니다. 봉사자와 어르신을 연결하는 창구가 있으면 좋겠습니다.",
        category="health",
        gu="11350",
        days_ago=121,
        department=1,
        reviewing_after=6,
        outcome=PARTLY,
        answered_after=25,
        response=(
            "안부 전화 봉사는 복지관의 기존 사업과 연계해 시범 운영합니다. 전담 창구는 시범 결과를 "
            "보고 정하겠습니다."
        ),
        supporters=7,
    ),
    DemoIdea(
        author="neighbour09",
        title="동네 목욕탕 이용권을 드려 주세요",
        body="집에 온수가 나오지 않는 어르신들께 목욕탕 이용권이 필요합니다.",
        category="hygiene",
        gu="11200",
        days_ago=99,
        department=1,
        reviewing_after=3,
        outcome=NOT,
        answered_after=13,
        response=(
            "이미 저소득 어르신께 월 2회 목욕 이용권을 드리고 있어 새로 만들지 않습니다. 신청 "
            "방법을 동 주민센터에서 다시 안내하겠습니다."
        ),
        supporters=2,
    ),
    DemoIdea(
        author="resident",
        title="청년 1인 가구 반찬 나눔을 해 주세요",
        body="혼자 사는 청년들도 끼니를 거르기 쉽습니다. 주 1회 반찬 나눔이 있으면 좋겠습니다.",
        category="food",
        gu="11620",
        days_ago=80,
        department=0,
        reviewing_after=1,
        outcome=ADOPTED,
        answered_after=4,
        response="관악구에서 다음 달부터 주 1회 청년 반찬 나눔을 시작합니다.",
        supporters=8,
    ),
    DemoIdea(
        author="neighbour11",
        title="복지관 셔틀버스 노선을 늘려 주세요",
        body="언덕 위 동네 어르신들은 복지관까지 걸어가기 어렵습니다.",
        category="transport",
        gu="11110",
        days_ago=61,
        department=0,
        reviewing_after=4,
        supporters=6,
        note="노선 변경에 운수 회사 협의 필요. 다음 주 회의 후 답변 예정.",
    ),
    DemoIdea(
        author="neighbour13",
        title="경로당에 공공 와이파이를 설치해 주세요",
        body="어르신들이 영상 통화와 디지털 교육을 경로당에서 받을 수 있으면 좋겠습니다.",
        category="necessities",
        gu="11650",
        days_ago=50,
        supporters=3,
    ),
    DemoIdea(
        author="neighbour15",
        title="긴급 생계비 신청 절차를 간소화해 주세요",
        body="서류가 너무 많아 급할 때 도움을 받기 어렵습니다.",
        category="emergency",
        gu=None,
        days_ago=41,
        department=0,
        reviewing_after=3,
        outcome=PARTLY,
        answered_after=31,
        response=(
            "소득 증빙 서류를 두 가지로 줄이고, 긴급한 경우 먼저 지원한 뒤 서류를 받습니다. 온라인 "
            "신청은 내년에 도입합니다."
        ),
        supporters=10,
    ),
    DemoIdea(
        author="resident.en",
        title="Book accessible transport with an app",
        body=(
            "Booking a wheelchair taxi means phoning many times. An app showing free vehicles "
            "would save hours."
        ),
        category="transport",
        gu="11440",
        days_ago=29,
        department=2,
        reviewing_after=5,
        supporters=4,
        note="Check with the call centre whether their system has an API.",
    ),
    DemoIdea(
        author="neighbour17",
        title="한파 쉼터 운영 시간을 늘려 주세요",
        body="한파 쉼터가 저녁 여섯 시에 닫아 밤이 더 춥습니다.",
        category="heating",
        gu="11350",
        days_ago=21,
        department=1,
        reviewing_after=2,
        outcome=ADOPTED,
        answered_after=10,
        response="한파 특보가 내린 날에는 쉼터를 밤 아홉 시까지 운영합니다.",
        supporters=6,
    ),
    DemoIdea(
        author="neighbour19",
        title="일자리 상담을 주말에도 해 주세요",
        body="평일에 일하는 사람은 상담을 받으러 갈 수 없습니다.",
        category="jobs",
        gu="11200",
        days_ago=10,
        department=0,
        reviewing_after=2,
        supporters=2,
        note="일자리센터 토요일 운영 인력 확인 중.",
    ),
    DemoIdea(
        author="neighbour21",
        title="어린이 공부방 멘토링을 늘려 주세요",
        body="대학생 멘토가 부족해 대기하는 아이들이 많습니다.",
        category="education",
        gu="11620",
        days_ago=5,
        department=0,
        supporters=3,
    ),
    DemoIdea(
        author="resident.en",
        title="Free evening legal clinics",
        body="Tenants facing eviction cannot take time off for a daytime consultation.",
        category="legal",
        gu=None,
        days_ago=2,
        supporters=1,
    ),
    DemoIdea(
        author="neighbour23",
        title="동네 작은 음악회를 열어 주세요",
        body="외로운 이웃들이 함께 모일 수 있는 작은 음악회가 있으면 좋겠습니다.",
        category="culture",
        gu="11110",
        days_ago=1,
    ),
]

# (idea index, commenter, text) — the first is hidden by the moderator, the second reported.
HIDDEN_COMMENT = (
    7,
    "neighbour25",
    "담당자 전화번호 010-0000-0000으로 직접 항의하세요!",
    "개인 연락처가 들어 있어 숨깁니다.",
)
REPORTED_COMMENT = (10, "neighbour27", "This will never happen, stop wasting everyone's time.")
COMMENTS = [
    (0, "resident.en", "Our community centre turns the heating off early too. Thank you!"),
    (0, "neighbour02", "좋은 결정입니다. 어르신들이 정말 좋아하십니다."),
    (2, "resident", "저희 동네도 꼭 포함해 주세요."),
    (7, "resident", "저희 어머니도 이 버스가 꼭 필요합니다."),
    (9, "neighbour04", "서류가 줄어서 다행입니다."),
    (12, "resident", "토요일 오전만이라도 열어 주세요."),
]
