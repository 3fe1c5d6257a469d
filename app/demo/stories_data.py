"""The demo success stories' words: a dozen published in Korean and English, one waiting for
review, the campaign they are entered in. (How they are loaded: app.demo.stories.)"""

from __future__ import annotations

from dataclasses import dataclass

from app.stories.models import StoryStatus


@dataclass(frozen=True)
class DemoStory:
    author: str  # key into the demo users
    language: str
    category: str  # slug
    gu: str  # MOIS code
    title: str
    body: str
    days_ago: int  # published (or, for the pending one, submitted) this many days ago
    about_other_person: bool = False
    featured: bool = False
    link: str | None = None  # "match" or "project"
    photo: str | None = None  # a drawing below
    campaign: str | None = None  # "entry" or "winner"
    status: StoryStatus = StoryStatus.PUBLISHED


def _body(heading: str, opening: str, items: tuple[str, ...], closing: str) -> str:
    """Every demo story uses the Markdown the form offers: a heading, emphasis, a list, a link."""
    return "\n".join([f"## {heading}", "", opening, "", *(f"- {i}" for i in items), "", closing])


VOLUNTEER_SEOUL = "https://volunteer.seoul.go.kr"
VOLUNTEER_1365 = "https://www.1365.go.kr"
WELFARE_PORTAL = "https://wis.seoul.go.kr"
SEOUL = "https://www.seoul.go.kr"

# fmt: off
STORIES = [
    DemoStory(
        "resident", "ko", "heating", "11110", "연탄 200장이 이어 준 겨울",
        _body(
            "골목 끝 어르신 댁에 온기가 돌았습니다",
            "지난겨울 골목 끝에 사시는 어르신 댁은 **연탄이 거의 떨어져** 있었습니다. 지도에 "
            "도움 요청을 올리고 사흘 만에 이웃 봉사단이 연락을 주었습니다.",
            (
                "봉사자 여섯 명이 토요일 아침에 연탄 200장을 날랐습니다.",
                "동네 가게에서 *따뜻한 보리차*를 내주었습니다.",
                "어르신은 이제 봉사단과 한 달에 한 번 안부 전화를 나눕니다.",
            ),
            "어르신께서 이야기를 나누어도 좋다고 허락해 주셨습니다. 연탄 나눔에 함께하고 싶다면 "
            f"[서울시 자원봉사센터]({VOLUNTEER_SEOUL})를 찾아보세요.",
        ),
        5, about_other_person=True, featured=True, photo="house", campaign="winner",
    ),
    DemoStory(
        "centre.rep", "ko", "heating", "11110",
        "홀몸 어르신 150가구의 겨울나기, 함께여서 가능했습니다",
        _body(
            "복지관 혼자서는 할 수 없던 일",
            "희망온돌 컨소시엄 공모로 복지관, 봉사단, 동네 가게가 **한 팀**이 되었습니다. "
            "난방비와 방한용품을 나누고, 봉사자가 매주 어르신 댁을 찾았습니다.",
            (
                "150가구에 난방비와 이불을 전했습니다.",
                "봉사자 40명이 주 1회 안부를 살폈습니다.",
                "위급한 상황 세 건을 *일찍 발견해* 병원으로 모셨습니다.",
            ),
            f"사업에 함께한 단체들은 [서울시 누리집]({SEOUL})에서도 소개되었습니다.",
        ),
        40, featured=True, link="project",
    ),
    DemoStory(
        "resident", "ko", "necessities", "11440",
        "지도에서 만난 이웃, 한 번의 도움이 인연이 되었습니다",
        _body(
            "올리고 나니 답이 왔습니다",
            "처음에는 *누가 볼까* 싶었습니다. 그런데 글을 올리고 일주일도 되지 않아 가까운 "
            "이웃이 나눔을 연결해 주었습니다.",
            (
                "필요한 것을 짧게 적었습니다.",
                "정확한 주소 대신 동네만 보여 주어 **안심**이 되었습니다.",
                "전달을 마친 뒤 서로 고맙다는 인사를 나눴습니다.",
            ),
            f"복지 제도는 [서울시 복지포털]({WELFARE_PORTAL})에서 더 찾아볼 수 있습니다.",
        ),
        20, link="match",
    ),
    DemoStory(
        "volunteer.rep", "ko", "food", "11350", "노원 반찬 배달 100일의 기록",
        _body(
            "화요일과 금요일의 약속",
            "주 2회 반찬 배달을 시작한 지 **100일**이 되었습니다. 처음엔 서른 가구였는데 "
            "지금은 아흔 가구를 찾아갑니다.",
            (
                "새벽에 교회 주방을 빌려 반찬을 만듭니다.",
                "봉사자 둘이 한 조로 배달하며 안부를 묻습니다.",
                "명절에는 *떡국과 전*을 따로 준비했습니다.",
            ),
            f"함께할 봉사자는 [1365 자원봉사포털]({VOLUNTEER_1365})에서 찾고 있습니다.",
        ),
        9, photo="lunch", campaign="entry",
    ),
    DemoStory(
        "shop.rep", "en", "necessities", "11200", "The sharing shelf by our shop door",
        _body(
            "One shelf, open to anyone",
            "Last spring we put a shelf by the door of our shop in Seongsu. Customers leave "
            "*a little more* than they buy; neighbours take what they need, no questions asked.",
            (
                "Rice, instant noodles and soap go fastest.",
                "Twelve shops in the association now have a shelf.",
                "We restock every **Monday and Thursday** from offers on the map.",
            ),
            "Want to start one in your shop? The "
            "[Community Chest of Korea](https://www.chest.or.kr) explains how.",
        ),
        12, featured=True,
    ),
    DemoStory(
        "staff.jongno", "ko", "emergency", "11110", "동 주민센터와 봉사단이 함께 찾은 이웃",
        _body(
            "우편함에 쌓인 고지서",
            "봉사단원이 *우편함에 고지서가 쌓인* 집을 보고 주민센터에 알려 주었습니다. "
            "찾아가 보니 혼자 사시는 분이 두 달째 일을 못 하고 계셨습니다.",
            (
                "긴급 생계비를 바로 연결했습니다.",
                "복지관이 사례 관리를 맡았습니다.",
                "지금은 **새 일자리**를 찾아 다시 출근하고 계십니다.",
            ),
            "당사자의 동의를 받아 이야기를 씁니다. 긴급 지원 제도는 "
            f"[서울시 복지포털]({WELFARE_PORTAL})에서 확인할 수 있습니다.",
        ),
        18, about_other_person=True,
    ),
    DemoStory(
        "staff.seocho", "en", "legal", "11650", "Evening legal clinics in Seocho",
        _body(
            "Questions that could not wait",
            "Volunteer lawyers now give *free advice* two evenings a month at the community "
            "service centre.",
            (
                "Most questions are about deposits and leases.",
                "Each visit takes about thirty minutes.",
                "Three families kept their homes after **a single letter** was written for them.",
            ),
            "Free legal aid is also offered by the "
            "[Korea Legal Aid Corporation](https://www.klac.or.kr).",
        ),
        26,
    ),
    DemoStory(
        "resident", "ko", "housing-repair", "11620", "집수리 봉사로 다시 열린 창문",
        _body(
            "닫혀 있던 창문",
            "반지하 방의 창문이 **뒤틀려** 여름 내내 열리지 않았습니다. 집수리 나눔을 올린 "
            "동네 목수님이 주말에 찾아와 주셨습니다.",
            (
                "창틀을 새로 맞추고 방충망을 달았습니다.",
                "곰팡이 핀 벽지를 함께 뜯어냈습니다.",
                "남은 자재는 *다음 집수리*에 쓰기로 했습니다.",
            ),
            f"집수리 지원 사업은 [서울시 누리집]({SEOUL})에서 찾아볼 수 있습니다.",
        ),
        3, campaign="entry",
    ),
    DemoStory(
        "resident.en", "en", "education", "11440", "Homework evenings with the kids next door",
        _body(
            "Two hours, twice a week",
            "My neighbour works late, so her two children and I started doing *homework "
            "together* at the library.",
            (
                "Maths on Tuesdays, reading on Thursdays.",
                "Another volunteer joined us for English.",
                "The older one just passed her **first school exam** near the top of her class.",
            ),
            "Their mother agreed that I share this. The "
            f"[Seoul volunteer centre]({VOLUNTEER_SEOUL}) lists mentoring programmes.",
        ),
        33, about_other_person=True,
    ),
    DemoStory(
        "centre.rep", "ko", "hygiene", "11110", "목욕 봉사 10년, 어르신들의 나들이 날",
        _body(
            "한 달에 한 번의 나들이",
            "거동이 불편한 어르신을 모시고 *동네 목욕탕*에 가는 봉사가 올해로 10년이 "
            "되었습니다.",
            (
                "목욕탕 주인께서 첫 주 월요일 아침을 비워 주십니다.",
                "이미용 봉사자가 머리도 다듬어 드립니다.",
                "어르신들은 이날을 **나들이 날**이라고 부르십니다.",
            ),
            "어르신들의 동의를 받아 이야기를 나눕니다. 봉사 참여는 "
            f"[1365 자원봉사포털]({VOLUNTEER_1365})에서 신청할 수 있습니다.",
        ),
        47, about_other_person=True,
    ),
    DemoStory(
        "volunteer.rep", "ko", "transport", "11350", "병원 가는 길, 혼자가 아니에요",
        _body(
            "차 한 대로 시작한 동행",
            "정기 진료가 필요한 어르신이 많은데 *병원까지 가는 길*이 가장 큰 걱정이었습니다.",
            (
                "봉사단원 차량 세 대로 동행 순번을 정했습니다.",
                "진료가 끝날 때까지 기다렸다가 약국에도 들릅니다.",
                "지난 석 달 동안 **120번** 동행했습니다.",
            ),
            f"이동 지원 제도는 [서울시 복지포털]({WELFARE_PORTAL})에서 확인하세요.",
        ),
        55,
    ),
    DemoStory(
        "resident.en", "en", "culture", "11140", "A small concert in our alley",
        _body(
            "An evening of shared talents",
            "Young musicians offered their skills on the map, and the community service centre "
            "lent us its *courtyard*.",
            (
                "The children's choir sang the first song.",
                "Older neighbours asked for the songs of their youth.",
                "Afterwards we cleaned up the courtyard **all together**.",
            ),
            "News of the next concert goes up on the "
            "[Seoul Culture Portal](https://culture.seoul.go.kr).",
        ),
        62,
    ),
    DemoStory(
        "resident.en", "en", "necessities", "11440", "Shovelling snow on our hill",
        _body(
            "The steepest street in Mapo",
            "When the first snow came, *nobody* could get down our hill. Five of us met at "
            "seven with shovels.",
            (
                "We cleared the path to the bus stop.",
                "The café at the bottom gave us hot tea.",
                "We now have **a group chat** for snowy mornings.",
            ),
            f"The city's [snow clearing guide]({SEOUL}) says who clears what.",
        ),
        1, status=StoryStatus.PENDING,
    ),
]
# fmt: on

# What the story with link="match" says when its author reads English.
MATCH_STORY_EN = (
    "A neighbour I met on the map",
    _body(
        "I posted, and someone answered",
        "I wasn't sure *anyone* would read it. Less than a week after I posted, a neighbour "
        "nearby offered exactly what was needed.",
        (
            "I kept the request short.",
            "Only the neighbourhood was shown, never the address, which **felt safe**.",
            "When it was done, we thanked each other in person.",
        ),
        f"More about the city's welfare services: [Seoul Welfare Portal]({WELFARE_PORTAL}).",
    ),
)

PHOTO_ALT = {
    "house": (
        "눈 덮인 골목의 작은 집, 굴뚝에서 연기가 피어오르는 그림",
        "A drawing of a small house in the snow, smoke rising from its chimney",
    ),
    "lunch": (
        "식탁 위에 쌓인 반찬 도시락 그림",
        "A drawing of lunch boxes stacked on a table",
    ),
}

CAMPAIGN = {
    "title_ko": "겨울 나눔 이야기 공모",
    "title_en": "Winter sharing stories",
    "theme_ko": "추운 겨울, 이웃과 온기를 나눈 이야기를 보내 주세요. 연탄 나눔, 반찬 배달, "
    "집수리처럼 작은 도움이 큰 힘이 된 이야기면 됩니다. 수상작은 이 페이지 맨 위에 소개합니다.",
    "theme_en": "Tell us how neighbours shared warmth through the cold: briquettes, lunch "
    "boxes, a repaired window. Small help that made a big difference. Winners are shown at the "
    "top of this page.",
}
