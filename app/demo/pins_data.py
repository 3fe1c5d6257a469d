"""Demo needs and offers: what people in the source programmes asked for and gave."""

# category slug -> [(Korean title, English title)] for needs
NEEDS = {
    "heating": [
        ("겨울 연탄이 필요합니다", "Coal briquettes for the winter"),
        ("보일러 수리가 필요해요", "Boiler repair needed"),
        ("전기장판이 필요합니다", "An electric blanket, please"),
    ],
    "food": [
        ("어르신 밑반찬 지원 부탁드립니다", "Side dishes for an elderly neighbour"),
        ("쌀 10kg이 필요합니다", "10 kg of rice needed"),
        ("아이 도시락 도움 요청", "Lunch boxes for a child"),
    ],
    "housing-repair": [
        ("곰팡이 핀 벽지 교체", "Mouldy wallpaper to replace"),
        ("창문 단열 도움 요청", "Window insulation"),
        ("화장실 손잡이 설치가 필요해요", "Grab bars in the bathroom"),
    ],
    "health": [
        ("병원 동행이 필요합니다", "Someone to go to the hospital with"),
        ("혈압계가 필요해요", "A blood pressure monitor"),
    ],
    "hygiene": [
        ("거동이 불편해 이발이 어려워요", "A haircut at home"),
        ("목욕 도움이 필요합니다", "Help with bathing"),
    ],
    "education": [
        ("중학생 수학 공부 도와주실 분", "Maths tutoring for a middle schooler"),
        ("한글 공부 도우미를 찾습니다", "Help learning to read Hangul"),
    ],
    "legal": [
        ("임대차 계약 상담이 필요해요", "Advice on a lease"),
        ("체불 임금 상담 요청", "Advice on unpaid wages"),
    ],
    "transport": [
        ("복지관까지 이동 지원", "A ride to the welfare centre"),
        ("휠체어 이동 도움", "Wheelchair transport"),
    ],
    "emergency": [
        ("이번 달 공과금이 밀렸습니다", "Utility bills in arrears this month"),
        ("갑작스런 실직으로 생계가 어렵습니다", "Sudden job loss: living costs"),
    ],
    "necessities": [
        ("겨울 이불이 필요합니다", "A winter duvet"),
        ("아기 기저귀가 필요해요", "Nappies for a baby"),
    ],
    "jobs": [("어르신 일자리 연결 부탁드립니다", "A job for an older neighbour")],
    "culture": [("아이들 공연 관람 기회", "A chance for children to see a show")],
}

# category slug -> [(Korean title, English title)] for offers
OFFERS = {
    "heating": [
        ("연탄 500장 나눔", "500 coal briquettes to give"),
        ("보일러 무료 점검", "Free boiler check-ups"),
    ],
    "food": [
        ("매주 반찬 나눔", "Side dishes every week"),
        ("빵집 당일 빵 나눔", "Today's bread from our bakery"),
    ],
    "housing-repair": [
        ("도배·장판 봉사", "Wallpaper and flooring volunteers"),
        ("집수리 재능기부", "Home repair skills"),
    ],
    "health": [
        ("한의원 무료 진료", "Free check-ups at our clinic"),
        ("병원 동행 봉사", "Hospital companions"),
    ],
    "hygiene": [
        ("찾아가는 이발 봉사", "Haircuts at home"),
        ("목욕탕 무료 이용권", "Free bathhouse tickets"),
    ],
    "education": [
        ("대학생 학습 멘토링", "Tutoring by university students"),
        ("어르신 스마트폰 교실", "Smartphone classes for seniors"),
    ],
    "legal": [("마을 변호사 무료 상담", "Free advice from the village lawyer")],
    "transport": [("주말 차량 봉사", "Weekend driving volunteers")],
    "necessities": [
        ("겨울 외투 나눔", "Winter coats to give"),
        ("생필품 꾸러미", "Everyday necessities packs"),
    ],
    "jobs": [("카페 바리스타 교육과 채용", "Barista training and hiring")],
    "culture": [("공연 초대권 나눔", "Free concert tickets")],
}

# Where people live and give: (lon, lat, spread in degrees); Seoul's busy neighbourhoods.
HOT_SPOTS = [
    (126.9780, 37.5665, 0.020),  # Jung-gu, city hall
    (126.9970, 37.5720, 0.015),  # Jongno
    (127.0560, 37.6540, 0.020),  # Nowon
    (126.9510, 37.4780, 0.020),  # Gwanak
    (127.0440, 37.5450, 0.015),  # Seongdong
    (126.9100, 37.5560, 0.020),  # Mapo
    (127.0200, 37.4830, 0.020),  # Seocho
]
