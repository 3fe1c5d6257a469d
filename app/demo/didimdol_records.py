"""Didimdol's later records in the demo: a month of rice given through vouchers, so that the
public ledger shows a cell above its suppression threshold; the shop's numbered signboard; the
donee's year-end donation receipt (goods) and contribution certificate (the haircuts); and the
volunteering one person gave back, with their consent.

The donee is a setting (DIDIMDOL_DONEE_ID) that names an organisation by id, which a demo
cannot know before it is loaded. The demo uses the Community Chest (the programme's legal donee
in Seoul) while it loads, and `flask demo donee` prints that id, which scripts/setup passes to
the site, so the site and its demo documents agree unless the operator names another donee."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app.accounts.models import User
from app.areas.models import Area
from app.categories.models import Category
from app.clock import seoul_today
from app.consents.models import ConsentMethod
from app.didimdol.facilities import Consent, add_beneficiary
from app.didimdol.giveback import Activity, record_volunteering, record_volunteering_consent
from app.didimdol.giveback_models import VolunteerActivity
from app.didimdol.models import DonorEnrolment, Facility, PledgeKind, PledgeStatus, TargetGroup
from app.didimdol.pledge_pins import keep_pin_in_step
from app.didimdol.pledges import PledgeTerms, draft_pledge, move_pledge
from app.didimdol.receipts import document_kinds, issue_document
from app.didimdol.redemption import redeem
from app.didimdol.signboards import is_eligible, issue_signboard
from app.didimdol.vouchers import issue_voucher
from app.extensions import db
from app.organisations.models import Organisation

# Made-up people, so that the facility's list is not a single name. Birth years make them
# adults (no guardian needed) in the older-alone and low-income groups the rice is for.
DEMO_BENEFICIARIES = (
    ("김순자", "010-0000-0001", 1941, TargetGroup.OLDER_ALONE),
    ("박영수", "010-0000-0002", 1952, TargetGroup.LOW_INCOME),
    ("이말순", "010-0000-0003", 1944, TargetGroup.OLDER_ALONE),
    ("최동현", "010-0000-0004", 1968, TargetGroup.LOW_INCOME),
)
RICE_PER_PERSON = 6
RICE_LEFT_WAITING = 1  # each person's last voucher is not used yet
DEMO_DONEE_NAME_EN = "Community Chest of Korea, Seoul"


@contextmanager
def donee_while_loading(donee: Organisation) -> Iterator[None]:
    config = current_app.config
    before = config.get("DIDIMDOL_DONEE_ID")
    config["DIDIMDOL_DONEE_ID"] = before or donee.id
    try:
        yield
    finally:
        config["DIDIMDOL_DONEE_ID"] = before


def demo_donee_id(demo_email_domain: str) -> int | None:
    """The demo's donee, only when it is the demo's own organisation (made by a demo account),
    so that a real site's organisation of the same name is never taken for it."""
    return db.session.scalar(
        select(Organisation.id)
        .join(User, User.id == Organisation.created_by_id)
        .where(
            Organisation.name_en == DEMO_DONEE_NAME_EN,
            User.email.endswith(f"@{demo_email_domain}"),
        )
    )


def load_demo_didimdol_records(
    enrolment: DonorEnrolment,
    facility: Facility,
    rice: Category,
    dongs: list[Area],
    people: dict[str, User],
    donee: Organisation,
) -> None:
    officer, shop_rep, centre_rep = people["officer"], people["shop"], people["centre"]
    today = seoul_today()
    pledge = draft_pledge(
        enrolment,
        PledgeTerms(
            category=rice,
            kind=PledgeKind.GOODS,
            unit="쌀 10kg 1포",
            unit_value=32_000,
            monthly_capacity=30,
            target_groups=[TargetGroup.OLDER_ALONE.value, TargetGroup.LOW_INCOME.value],
            dongs=dongs,
            valid_from=today.replace(month=1, day=1),
            valid_until=today.replace(year=today.year + 1, month=12, day=31),
            how_to_redeem="매장 방문 수령, 평일 09:00–18:00",
        ),
    )
    move_pledge(pledge, PledgeStatus.PUBLISHED)
    beneficiaries = []
    for name, phone, birth_year, group in DEMO_BENEFICIARIES:
        person = add_beneficiary(
            facility,
            name=name,
            phone=phone,
            birth_year=birth_year,
            target_groups=[group.value],
            consent=Consent(ConsentMethod.SIGNED_PAPER, today),
            officer=centre_rep,
        )
        beneficiaries.append(person)
        for number in range(RICE_PER_PERSON):
            voucher = issue_voucher(
                facility,
                person,
                pledge=pledge,
                category=None,
                units=1,
                valid_until=today + timedelta(days=30),
                pin="",
                officer=centre_rep,
            )
            if number < RICE_PER_PERSON - RICE_LEFT_WAITING:
                redeem(voucher.code, "", enrolment, shop_rep)
    keep_pin_in_step(pledge)  # the shop's place is set: the rice shows on the map beside it
    # 20 bags and the haircut pass DIDIMDOL_SIGNBOARD_REDEMPTIONS (20), unless an operator
    # asks for more: then the signboard waits, as it would for a real shop.
    if is_eligible(enrolment):
        issue_signboard(enrolment, officer)
    with donee_while_loading(donee):
        for kind in document_kinds():
            issue_document(enrolment, today.year, kind, officer)
    helper = beneficiaries[0]
    record_volunteering_consent(
        helper, Consent(ConsentMethod.SIGNED_PAPER, today - timedelta(days=20)), centre_rep
    )
    for days_ago, hours, activity in (
        (14, 3, VolunteerActivity.FOOD_SHARING),
        (7, 2, VolunteerActivity.NEIGHBOUR_CARE),
    ):
        record_volunteering(
            helper, Activity(today - timedelta(days=days_ago), hours, activity), centre_rep
        )
