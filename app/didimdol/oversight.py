"""What the programme officers watch for (issue 15, item 11): redemptions beyond a pledge's
monthly capacity, businesses that typed many wrong codes, and redemptions at night.

Issuing and redeeming keep a pledge's month within its capacity (a category voucher takes its
unit at redemption), so the first is found only when a donor lowered a capacity already used,
or a bug or a hand-edited row did the same: the page shows it if it ever happens.
Months and hours are Seoul's. The look-back (DIDIMDOL_OVERSIGHT_DAYS) keeps the work bounded:
the rows are grouped here in Python, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.clock import SEOUL, utcnow
from app.didimdol.models import DonorEnrolment, Pledge, Voucher, VoucherStatus, WrongCode
from app.extensions import db


@dataclass(frozen=True)
class BeyondCapacity:
    pledge: Pledge
    month: date  # the first day of the Seoul month
    redeemed_units: int


@dataclass(frozen=True)
class ManyWrongCodes:
    enrolment: DonorEnrolment
    wrong_codes: int


@dataclass(frozen=True)
class NightRedemption:
    voucher_id: int
    pledge: Pledge
    at: datetime


@dataclass(frozen=True)
class Anomalies:
    beyond_capacity: list[BeyondCapacity]
    many_wrong_codes: list[ManyWrongCodes]
    night_redemptions: list[NightRedemption]


def is_night(moment: datetime, hours: tuple[int, int]) -> bool:
    """`hours` is [start, end) in Seoul; a start after the end spans midnight (22 to 6)."""
    start, end = hours
    hour = moment.astimezone(SEOUL).hour
    return start <= hour < end if start <= end else hour >= start or hour < end


def anomalies(now: datetime | None = None) -> Anomalies:
    now = now or utcnow()
    config = current_app.config
    since = now - timedelta(days=config["DIDIMDOL_OVERSIGHT_DAYS"])
    redeemed = db.session.execute(
        select(Voucher.id, Voucher.redeemed_pledge_id, Voucher.redeemed_at, Voucher.units)
        .where(Voucher.status == VoucherStatus.REDEEMED, Voucher.redeemed_at >= since)
        .order_by(Voucher.redeemed_at)
    ).all()
    pledges = _pledges({row.redeemed_pledge_id for row in redeemed})

    units: dict[tuple[int, date], int] = defaultdict(int)
    night: list[NightRedemption] = []
    hours = tuple(config["DIDIMDOL_NIGHT_HOURS"])
    for row in redeemed:
        local = row.redeemed_at.astimezone(SEOUL)
        units[(row.redeemed_pledge_id, local.date().replace(day=1))] += row.units
        if is_night(row.redeemed_at, hours):
            night.append(NightRedemption(row.id, pledges[row.redeemed_pledge_id], row.redeemed_at))
    beyond = [
        BeyondCapacity(pledges[pledge_id], month, total)
        for (pledge_id, month), total in units.items()
        if total > pledges[pledge_id].monthly_capacity
    ]
    return Anomalies(beyond, _many_wrong_codes(since, config["DIDIMDOL_MANY_WRONG_CODES"]), night)


def _pledges(ids: set[int]) -> dict[int, Pledge]:
    if not ids:
        return {}
    query = (
        select(Pledge)
        .where(Pledge.id.in_(ids))
        .options(joinedload(Pledge.enrolment).joinedload(DonorEnrolment.organisation))
    )
    return {p.id: p for p in db.session.scalars(query)}


def _many_wrong_codes(since: datetime, at_least: int) -> list[ManyWrongCodes]:
    counted = (
        select(WrongCode.enrolment_id, func.count(WrongCode.id).label("wrong"))
        .where(WrongCode.at >= since)
        .group_by(WrongCode.enrolment_id)
        .having(func.count(WrongCode.id) >= at_least)
        .subquery()
    )
    rows = db.session.execute(
        select(DonorEnrolment, counted.c.wrong)
        .join(counted, counted.c.enrolment_id == DonorEnrolment.id)
        .options(joinedload(DonorEnrolment.organisation))
        .order_by(counted.c.wrong.desc(), DonorEnrolment.id)
    ).all()
    return [ManyWrongCodes(enrolment, wrong) for enrolment, wrong in rows]
