"""A contest's results: staff publishing them early, the page (public from the results date;
a marked preview for staff before it) and its funded projects by target area as GeoJSON for
the page's map."""

from __future__ import annotations

import json

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.actions import attempt, show_refusal
from app.contests import rules
from app.contests.blueprint import blueprint
from app.contests.models import Contest
from app.contests.results import services
from app.contests.results.forms import PublishForm
from app.contests.results.queries import contest_results, funded_areas
from app.contests.review.views import contest_home, visible_contest
from app.lookups import current_person, load_or_404
from app.map.page import map_shell
from app.permissions import require

GEOJSON = "application/geo+json"


def _contest_with_results(contest_id: int) -> Contest:
    """Before the results date the results do not exist, except for staff (a preview)."""
    return load_or_404(Contest, contest_id, rules.may_see_results)


def script_messages() -> dict[str, str]:
    """What results_map.js says, in the reader's language."""
    return {
        "zoomIn": _("Zoom in"),
        "zoomOut": _("Zoom out"),
        "failed": _("The map could not be loaded. The table below lists the same projects."),
        "nothing": _("No funded project has a target area on the map."),
        "openProject": _("Open the project's page"),
    }


@blueprint.get("/contests/<int:contest_id>/results")
def results(contest_id: int):
    contest = _contest_with_results(contest_id)
    outcome = contest_results(contest, current_user)
    shell = map_shell()
    script_config = {
        "mapName": shell.map_name,
        "dataUrl": url_for(".funded_areas", contest_id=contest.id),
        "messages": script_messages(),
    }
    return render_template(
        "contests/results/results.html",
        contest=contest,
        results=outcome,
        shell=shell,
        script_config=script_config,
    )


@blueprint.get("/api/contests/<int:contest_id>/funded-areas", endpoint="funded_areas")
def funded_areas_json(contest_id: int):
    contest = _contest_with_results(contest_id)
    collection = funded_areas(contest_results(contest, current_user, with_outlines=True))
    response = current_app.response_class(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")), mimetype=GEOJSON
    )
    # A staff preview must not be kept by a shared cache; public results may be, briefly.
    response.cache_control.private = True
    response.cache_control.max_age = 0
    return response


@blueprint.post("/contests/<int:contest_id>/publish")
@login_required
def publish_results(contest_id: int):
    contest = visible_contest(contest_id)
    require(rules.may_manage_contests(current_user))
    form = PublishForm()
    if not form.validate():
        flash(_first_error(form), "error")
        return contest_home(contest)
    outcome = attempt(lambda: services.publish_results(contest, current_person(), form.reason.data))
    if outcome.refused:
        show_refusal(outcome.refusal)
        return contest_home(contest)
    flash(
        ngettext(
            "The results are published. %(num)d person was notified.",
            "The results are published. %(num)d people were notified.",
            outcome.value,
        ),
        "success",
    )
    return redirect(url_for(".results", contest_id=contest.id))


def _first_error(form) -> str:
    return next(str(e) for errors in form.errors.values() for e in errors)
