"""Believable bilingual demo content, from the programmes in the source documents."""

# slug, Korean, English, kind
CATEGORIES = [
    ("necessities", "생활필수품", "Everyday necessities", "both"),
    ("food", "식품·도시락", "Food", "both"),
    ("heating", "난방·연료", "Heating", "both"),
    ("housing-repair", "집수리", "Housing repair", "both"),
    ("health", "건강·의료", "Health and medical", "both"),
    ("hygiene", "목욕·이미용", "Hygiene and haircuts", "both"),
    ("education", "교육·멘토링", "Education and mentoring", "both"),
    ("legal", "법률 상담", "Legal help", "both"),
    ("transport", "이동 지원", "Transport", "both"),
    ("culture", "문화·예술", "Culture and arts", "both"),
    ("emergency", "긴급 생계비", "Emergency living costs", "need"),
    ("jobs", "일자리", "Jobs", "both"),
]

# Korean name, English name, type, gu code (Seoul MOIS code), contact
ORGANISATIONS = [
    (
        "종로종합사회복지관",
        "Jongno Community Welfare Centre",
        "welfare_centre",
        "11110",
        "02-743-0000",
        "verified",
    ),
    (
        "서울특별시 사회복지공동모금회",
        "Community Chest of Korea, Seoul",
        "community_chest",
        "11140",
        "02-2015-0000",
        "verified",
    ),
    (
        "노원 이웃사랑 봉사단",
        "Nowon Neighbourly Love Volunteers",
        "civic_group",
        "11350",
        "02-930-0000",
        "verified",
    ),
    (
        "관악 나눔교회",
        "Gwanak Sharing Church",
        "religious_body",
        "11620",
        "02-880-0000",
        "verified",
    ),
    (
        "성수동 착한가게 협의회",
        "Seongsu Good Shops Association",
        "business",
        "11200",
        "02-460-0000",
        "verified",
    ),
    (
        "서초구청 복지정책과",
        "Seocho-gu Office, Welfare Policy Division",
        "public_office",
        "11650",
        "02-2155-0000",
        "verified",
    ),
    (
        "마포 청년 재능나눔",
        "Mapo Youth Skill Sharing",
        "civic_group",
        "11440",
        "02-3153-0000",
        "pending",
    ),
]

# email local part, display name, role, language
USERS = [
    ("admin", "관리자 김하나", "admin", "ko"),
    ("staff.jongno", "종로구 주무관 이정민", "staff", "ko"),
    ("staff.seocho", "Seocho staff Park Jiwoo", "staff", "en"),
    ("moderator", "운영자 최수진", "moderator", "ko"),
    ("privacy.officer", "개인정보 보호책임자 윤서연", "privacy_officer", "ko"),
    ("visitor", "방문간호사 서지민", "outreach_visitor", "ko"),
    ("programme.officer", "디딤돌 사업 담당 주무관 서지훈", "programme_officer", "ko"),
    ("centre.rep", "복지관 팀장 정유나", "org_member", "ko"),
    ("volunteer.rep", "봉사단장 한도윤", "org_member", "ko"),
    ("shop.rep", "Shop owner Lee Minho", "org_member", "en"),
    ("resident", "주민 오세영", "resident", "ko"),
    ("resident.en", "Resident Sarah Kim", "resident", "en"),
]

# Which demo user represents which organisation (by index into ORGANISATIONS).
REPRESENTATIVES = {
    "centre.rep": [0, 1, 3, 5],
    "volunteer.rep": [2, 6],
    "shop.rep": [4],
}

# Which gu (by MOIS code) each staff member is assigned to.
STAFF_AREAS = {"staff.jongno": ["11110"], "staff.seocho": ["11650"], "visitor": ["11110"]}

# A tiny set of gu outlines (rough boxes) used only when no real boundaries were imported,
# so that the demo has areas to show; `flask areas import` replaces them by code.
DEMO_GU = [
    ("11110", "종로구", "Jongno-gu", (126.94, 37.57, 127.02, 37.63)),
    ("11140", "중구", "Jung-gu", (126.96, 37.54, 127.02, 37.57)),
    ("11200", "성동구", "Seongdong-gu", (127.01, 37.53, 127.07, 37.57)),
    ("11350", "노원구", "Nowon-gu", (127.04, 37.61, 127.11, 37.69)),
    ("11440", "마포구", "Mapo-gu", (126.88, 37.54, 126.96, 37.58)),
    ("11620", "관악구", "Gwanak-gu", (126.90, 37.45, 126.99, 37.49)),
    ("11650", "서초구", "Seocho-gu", (126.98, 37.43, 127.08, 37.50)),
]

# One dong filling each demo gu: a pin must lie in a dong (app.pins.services._place), and a
# demo site has no boundary files. Names of a real dong of each gu, so the pages read true.
DEMO_DONG = {
    "11110": ("1111053000", "사직동", "Sajik-dong"),
    "11140": ("1114055000", "명동", "Myeong-dong"),
    "11200": ("1120065000", "성수1가1동", "Seongsu 1-ga 1-dong"),
    "11350": ("1135062500", "상계1동", "Sanggye 1-dong"),
    "11440": ("1144066000", "서교동", "Seogyo-dong"),
    "11620": ("1162069500", "신림동", "Sillim-dong"),
    "11650": ("1165051000", "서초1동", "Seocho 1-dong"),
}
