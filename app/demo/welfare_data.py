"""Demo content for the dong office's side: Sharing Neighbours, confidential reports, a round of
outreach visits and a winter sweep. Every person here is invented; the words follow what the
source programmes describe (mail piling up, a cold room, a neighbour not seen for days)."""

# email local part, display name, kind of Sharing Neighbour (app.neighbours NeighbourKind)
SHARING_NEIGHBOURS = [
    ("neighbour.shop", "사직동 슈퍼 박영희", "shopkeeper"),
    ("neighbour.post", "집배원 김도현", "postal_carrier"),
    ("neighbour.meter", "검침원 Choi Eunji", "meter_reader"),
]

# about (self / neighbour), crisis types, urgency as reported, what was seen (ko, en),
# the state the demo leaves it in, and which Sharing Neighbour sent it (index or None).
# States: "new", "triaged:<level>", "assigned:<level>", "closed:<outcome>".
REPORTS = [
    (
        "neighbour",
        ["isolation", "heating"],
        "today",
        "2층 할머니 댁 우편물이 일주일째 쌓여 있고 밤에도 불이 꺼져 있어요.",
        "Mail piled up at the grandmother's door (2nd floor) for a week; no light at night.",
        "new",
        1,
    ),
    (
        "neighbour",
        ["utilities_cut_off", "livelihood"],
        "this_week",
        "가스 검침 때 보니 가스가 끊겨 있고 냉장고가 비어 있었습니다.",
        "At the meter reading the gas was cut off and the fridge was empty.",
        "triaged:urgent",
        2,
    ),
    (
        "self",
        ["debt", "housing"],
        "this_week",
        "월세가 석 달 밀려 이번 달에 집을 비워야 할지도 모릅니다.",
        "Three months behind on rent; I may have to leave this month.",
        "assigned:normal",
        None,
    ),
    (
        "neighbour",
        ["health", "care"],
        "today",
        "혼자 사시는 어르신이 계단에서 넘어지신 뒤로 외출을 못 하세요.",
        "An older man living alone fell on the stairs and has not been out since.",
        "assigned:emergency",
        0,
    ),
    (
        "neighbour",
        ["isolation"],
        "not_urgent",
        "아랫집 청년이 몇 달째 방에서 나오지 않는 것 같아요.",
        "The young man downstairs seems not to have left his room for months.",
        "closed:referred",
        0,
    ),
    (
        "neighbour",
        ["heating"],
        "this_week",
        "옥탑방에 난방이 안 돼 전기난로 하나로 지내십니다.",
        "A rooftop room without heating, kept warm by one electric heater.",
        "closed:case_opened",
        None,
    ),
    (
        "neighbour",
        ["safety"],
        "this_week",
        "밤마다 고함 소리가 들려 걱정됩니다.",
        "Shouting every night; I am worried.",
        "closed:unable_to_locate",
        None,
    ),
    (
        "self",
        ["livelihood"],
        "not_urgent",
        "일자리를 잃고 생활비가 부족합니다.",
        "I lost my job and cannot cover living costs.",
        "closed:no_need",
        None,
    ),
    (
        "neighbour",
        ["isolation", "heating"],
        "today",
        "2층 할머니 댁 앞에 우편물이 계속 쌓여 있어요.",
        "Still more mail at the door on the 2nd floor.",
        "closed:duplicate",
        None,
    ),
]

# A winter blind-spot sweep: the households a dong receives from the national system, as the
# CSV an office would upload (name, phone, address, notes). Invented people and addresses.
SWEEP_NAME = ("2026 겨울철 복지 사각지대 일제 조사", "2026 winter blind-spot sweep")
SWEEP_HOUSEHOLDS = [
    ("김순자", "010-2000-1001", "사직로 12길 3, 201호", "단전 2개월"),
    ("이말순", "010-2000-1002", "사직로 8길 15, 반지하", "건강보험료 체납"),
    ("박철수", "010-2000-1003", "인왕산로 1길 21, 옥탑", "단수"),
    ("최영호", "", "사직로 10길 7, 302호", "통신비 체납"),
    ("정미경", "010-2000-1005", "필운대로 5길 9, 101호", "월세 체납"),
    ("Kang Minsu", "010-2000-1006", "사직로 12길 19, 2층", "고시원 거주"),
]
