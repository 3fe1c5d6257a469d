"""/staff/reports/map: folium's shell and no point in the page; the points come from
/api/staff/reports/points, for the staff member's areas only. Each point served shows where a
person is: each is a view of that report, logged (one row per report per answer) and committed
before the answer leaves. The inbox (/staff/inbox) is the map's list alternative."""

from __future__ import annotations

import json

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.access_log import AccessAction, record_access
from app.extensions import db
from app.labels import label
from app.lookups import current_person
from app.map.page import map_shell
from app.permissions import Power, power_required
from app.reports.inbox import open_report_points
from app.reports.services import REPORT
from app.staff_map.blueprint import blueprint
from app.transactions import writes


def script_messages() -> dict[str, str]:
    return {
        "zoomIn": _("Zoom in"),
        "zoomOut": _("Zoom out"),
        "failed": _("The reports could not be loaded. The dong inbox lists the same reports."),
        "nothing": _("No open reports in your areas."),
        "openReport": _("Open the report's page"),
        "truncated": _("Only the first reports are shown: use the inbox's filters."),
    }


@blueprint.get("/staff/reports/map")
@login_required
@power_required(Power.STAFF_WORK)
def page():
    shell = map_shell()
    script_config = {
        "mapName": shell.map_name,
        "dataUrl": url_for(".points"),
        "messages": script_messages(),
    }
    return render_template("staff_map/page.html", shell=shell, script_config=script_config)


@blueprint.get("/api/staff/reports/points")
@login_required
@power_required(Power.STAFF_WORK)
@writes  # the access log's rows: SQLite's write lock first (app.transactions)
def points():
    limit = int(current_app.config["API_MAX_POINTS"])
    found = open_report_points(current_person(), limit + 1)
    shown = found[:limit]
    features = []
    for report, lon, lat in shown:
        # Logged before the point is given away (app/access_log.py): the route names the map.
        record_access(REPORT, report.id, AccessAction.VIEW, person_id=report.reporter_id)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "number": report.id,
                    "level": label(report.triage_level) if report.triage_level else "",
                    "url": url_for("reports.staff_show", report_id=report.id),
                },
            }
        )
    db.session.commit()
    body = {"type": "FeatureCollection", "features": features, "truncated": len(found) > limit}
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        mimetype="application/geo+json",
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
