"""Didimdol in the demo: the Seongsu shops' association enrolled as a donor with a haircut a
month for older people, the Jongno welfare centre designated as a facility with one person it
looks after, one voucher waiting and one redeemed (a donation on the ledger). The rice, the
signboard, the year-end documents and the give-back are in app.demo.didimdol_records."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.areas.models import Area, AreaLevel
from app.categories.models import Category
from app.clock import seoul_today
from app.consents.models import ConsentMethod
from app.demo.didimdol_records import load_demo_didimdol_records
from app.didimdol.enrolment import decide, request_enrolment
from app.didimdol.facilities import Consent, add_beneficiary, designate
from app.didimdol.models import EnrolmentStatus, PledgeKind, PledgeStatus, TargetGroup
from app.didimdol.pledge_pins import set_place
from app.didimdol.pledges import PledgeTerms, draft_pledge, move_pledge
from app.didimdol.redemption import redeem
from app.didimdol.vouchers import issue_voucher
from app.extensions import db
from app.geo import from_db_geometry
from app.organisations.models import Organisation

# 123-45-67891: a well-formed number (its check digit holds) that belongs to no business.
DEMO_BUSINESS_NUMBER = "1234567891"


def _dong_of(gu: Area) -> Area:
    dong = db.session.scalar(
        select(Area).where(Area.level == AreaLevel.DONG, Area.parent_id == gu.id).limit(1)
    )
    return dong or gu


def load_demo_didimdol(
    users: dict[str, User],
    organisations: list[Organisation],
    categories: dict[str, Category],
    gu_by_code: dict[str, Area],
) -> None:
    officer, shop_rep, centre_rep = (
        users["programme.officer"],
        users["shop.rep"],
        users["centre.rep"],
    )
    shops, centre = organisations[4], organisations[0]
    dongs = [_dong_of(gu_by_code["11200"]), _dong_of(gu_by_code["11110"])]
    enrolment = request_enrolment(shops, DEMO_BUSINESS_NUMBER, shop_rep)
    decide(enrolment, EnrolmentStatus.APPROVED, officer, "Agreement signed at the city hall")
    today = seoul_today()
    pledge = draft_pledge(
        enrolment,
        PledgeTerms(
            category=categories["hygiene"],
            kind=PledgeKind.SERVICE,
            unit="이발 1회",
            unit_value=12_000,
            monthly_capacity=10,
            target_groups=[TargetGroup.OLDER_ALONE.value, TargetGroup.LOW_INCOME.value],
            dongs=dongs,
            valid_from=today.replace(month=1, day=1),
            valid_until=date(today.year + 1, 12, 31),
            how_to_redeem="화~토 10:00–19:00, 전화 예약 02-460-0000",
        ),
    )
    move_pledge(pledge, PledgeStatus.PUBLISHED)
    facility = designate(centre, 30, dongs, officer)
    person = add_beneficiary(
        facility,
        name="홍길순",
        phone="010-0000-0000",
        birth_year=1946,
        target_groups=[TargetGroup.OLDER_ALONE.value],
        consent=Consent(ConsentMethod.SIGNED_PAPER, today),
        officer=centre_rep,
    )
    for _ in range(2):
        issued = issue_voucher(
            facility,
            person,
            pledge=pledge,
            category=None,
            units=1,
            valid_until=today + timedelta(days=60),
            pin="",
            officer=centre_rep,
        )
    redeem(issued.code, "", enrolment, shop_rep)
    # The shop's own place (a shop is public): its pledge's offer pin appears on the map,
    # saying how many haircuts are left this month.
    shop_at = from_db_geometry(dongs[0].geom).representative_point()
    set_place(enrolment, round(shop_at.x, 6), round(shop_at.y, 6), shop_rep)
    load_demo_didimdol_records(
        enrolment,
        facility,
        categories["food"],
        dongs,
        {"officer": officer, "shop": shop_rep, "centre": centre_rep},
        donee=organisations[1],
    )
    from app.demo.didimdol_associations import load_demo_associations

    load_demo_associations(officer)
