"""The programme officers' oversight page: enrolments, designated facilities and the
anomalies (app.didimdol.oversight), each linked to the donor or facility it concerns."""

from __future__ import annotations

from flask import current_app, render_template
from flask_login import login_required

from app.didimdol import queries, rules
from app.didimdol.agreements import active_agreements_count
from app.didimdol.blueprint import blueprint
from app.didimdol.oversight import anomalies
from app.lookups import current_person
from app.permissions import require


@blueprint.get("/staff/didimdol/oversight")
@login_required
def oversight():
    require(rules.is_programme_officer(current_person()))
    night_from, night_until = current_app.config["DIDIMDOL_NIGHT_HOURS"]
    return render_template(
        "didimdol/oversight.html",
        enrolments=queries.enrolments(),
        facilities=queries.facilities(),
        anomalies=anomalies(),
        active_agreements=active_agreements_count(),
        days=current_app.config["DIDIMDOL_OVERSIGHT_DAYS"],
        many=current_app.config["DIDIMDOL_MANY_WRONG_CODES"],
        night_from=night_from,
        night_until=night_until,
    )
