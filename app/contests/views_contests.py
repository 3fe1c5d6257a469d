"""The public side of contests: the list and a contest's page (with staff's tools on it)."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from app.contests import blueprint, rules
from app.contests.forms import CloseEarlyForm, ExtendDeadlineForm
from app.contests.models import SCORE_MAX, SCORE_MIN, Contest
from app.contests.phases import phase_of
from app.contests.services import list_contests
from app.extensions import db


def visible_contest(contest_id: int) -> Contest:
    """The contest if this person may see it; a draft does not exist for the public."""
    contest = db.session.get(Contest, contest_id)
    if contest is None or not rules.may_view_contest(current_user, contest):
        abort(404)
    return contest


@blueprint.get("/contests")
def index():
    page = list_contests(
        request.args.get("page", 1, type=int),
        include_drafts=rules.may_manage_contests(current_user),
    )
    return render_template("contests/index.html", page=page, phase_of=phase_of)


@blueprint.get("/contests/<int:contest_id>")
def show(contest_id: int):
    return render_contest_page(visible_contest(contest_id))


def render_contest_page(
    contest: Contest,
    close_form: CloseEarlyForm | None = None,
    extend_form: ExtendDeadlineForm | None = None,
    status: int = 200,
):
    """The contest's page; staff's close and extend forms come back with their errors."""
    staff_forms = {}
    if rules.may_manage_contests(current_user):
        staff_forms = {
            "close_form": close_form or CloseEarlyForm(prefix="close", formdata=None),
            "extend_form": extend_form or ExtendDeadlineForm(prefix="extend", formdata=None),
        }
    return (
        render_template(
            "contests/show.html",
            contest=contest,
            phase=phase_of(contest),
            score_min=SCORE_MIN,
            score_max=SCORE_MAX,
            **staff_forms,
        ),
        status,
    )
