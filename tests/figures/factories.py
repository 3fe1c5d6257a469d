"""Reports made straight in the database, at a chosen moment: the figures count them."""

from __future__ import annotations

import itertools
from datetime import datetime

from shapely.geometry import Point

from app.areas.models import Area
from app.consents.models import LegalBasis
from app.extensions import db
from app.geo import to_db_geometry
from app.reports.models import Report, ReportAbout, ReportChannel, Urgency

_sequence = itertools.count(1)


def make_report(
    dong: Area,
    created_at: datetime,
    about: ReportAbout = ReportAbout.NEIGHBOUR,
    channel: ReportChannel = ReportChannel.WEB,
    from_sharing_neighbour: bool = False,
) -> Report:
    report = Report(
        about=about,
        urgency=Urgency.THIS_WEEK,
        what_was_seen="the lady in 302 has not been seen for a week",
        location=to_db_geometry(Point(126.975, 37.565)),
        dong=dong,
        gu=dong.parent,
        legal_basis=LegalBasis.ART_15_1_5 if about == ReportAbout.NEIGHBOUR else None,
        channel=channel,
        from_sharing_neighbour=from_sharing_neighbour,
        tracking_hash=f"figures{next(_sequence):057d}",
        created_at=created_at,
    )
    db.session.add(report)
    db.session.flush()
    return report
