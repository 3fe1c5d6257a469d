"""The citizens' pages for ideas: the list, submitting one, an idea's public page, supporting
it, one's own ideas, similar titles while typing (JSON), and the open-data file. (Comments and
their reports: app.ideas.comments.views.)

Every idea is public, so a missing idea is the only 404. The idea page shows the public side
only; staff see their panel (ideas/inbox/_staff_panel.html) and moderators theirs under
each comment (ideas/_comment_moderation.html), each deciding for itself whom it is for.
"""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.actions import attempt, show_refusal
from app.areas.services import area_overview
from app.clock import seoul_today
from app.csv_files import csv_rows_stream, download
from app.extensions import limiter
from app.i18n import format_day  # the templates' `day` filter
from app.ideas import rules
from app.ideas.blueprint import blueprint
from app.ideas.citizens import open_data, queries, services, similar_titles
from app.ideas.citizens.forms import IdeaFilterForm, IdeaForm
from app.ideas.comments.forms import CommentForm, ReportCommentForm, report_form_for
from app.ideas.comments.queries import comments_on
from app.ideas.deadlines import answered_on_time
from app.ideas.labels import STATUS_LABELS
from app.ideas.models import Idea
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.query_args import page_arg
from app.rate_limits import limit_posting
from app.sharing import SharingCard
from app.snapshots import serve
from app.stream_slots import capped
from app.submissions import attempt_once

# Generous for a person typing (one request per pause), tight for a script walking titles.
SIMILAR_RATE_LIMIT = "60/minute"


def to_idea(idea: Idea, anchor: str | None = None):
    return redirect(url_for(".show", idea_id=idea.id, _anchor=anchor))


# --- the list -----------------------------------------------------------------------------------


@blueprint.get("/ideas")
def index():
    filters = queries.parse_idea_filters(request.args)
    page = queries.list_ideas(filters, page_arg(request.args))
    return render_template(
        "ideas/citizens/index.html",
        page=page,
        cards=queries.idea_cards(page.items),
        filters=filters,
        filter_form=IdeaFilterForm(filters),
        today=seoul_today(),
    )


@blueprint.get("/ideas/export.csv")
def export_csv():
    """Open data: the list's ideas with the city's answers (app/ideas/citizens/open_data.py).
    Unfiltered, the job's snapshot (app.snapshots); filtered, streamed within the cap."""
    cache_seconds = current_app.config["EXPORT_CACHE_SECONDS"]
    if not request.args and current_app.config["OPEN_DATA_SNAPSHOTS"]:
        return serve(open_data.SNAPSHOT, cache_seconds)
    return capped(lambda: _streamed_ideas(cache_seconds))


def _streamed_ideas(cache_seconds: int):
    rows = open_data.public_rows(queries.parse_idea_filters(request.args))
    chunks = csv_rows_stream(open_data.COLUMNS, rows, open_data.BATCH)
    return download(chunks, open_data.FILE_NAME, public_for=cache_seconds)


@blueprint.get("/my/ideas")
@login_required
def mine():
    me = current_person()
    return render_template(
        "ideas/citizens/mine.html",
        own=queries.idea_cards(queries.ideas_of(me)),
        supported=queries.idea_cards(queries.ideas_supported_by(me)),
        today=seoul_today(),
    )


# --- submitting ---------------------------------------------------------------------------------


@blueprint.route("/ideas/new", methods=["GET", "POST"])
@limit_posting
@login_required
def new():
    me = current_person()
    require(rules.may_submit_idea(me))
    form = IdeaForm(overview=area_overview())
    if form.validate_on_submit():
        outcome = attempt_once(form, Idea, lambda: services.submit_idea(me, form.details()))
        if not outcome.refused:
            idea = outcome.value
            flash(
                _(
                    "Your idea was received. The city is due to answer it by %(day)s.",
                    day=format_day(idea.due_on),
                ),
                "success",
            )
            return to_idea(idea)
        show_refusal(outcome.refusal, form)
    return render_template("ideas/citizens/new.html", form=form)


@blueprint.get("/api/ideas/similar")
@limiter.limit(SIMILAR_RATE_LIMIT)
def similar():
    title = request.args.get("title", "")[: services.TITLE_MAX]
    return jsonify(
        ideas=[
            {
                "id": idea.id,
                "title": idea.title,
                "status": idea.status.value,
                "status_label": str(STATUS_LABELS[idea.status]),
                "supports": idea.supports,
                # An answered idea is offered for its answer, not for a support it cannot take.
                "takes_support": idea.takes_support,
                "url": url_for(
                    ".show", idea_id=idea.id, _anchor=None if idea.takes_support else "response"
                ),
            }
            for idea in similar_titles.similar_ideas(title)
        ]
    )


# --- an idea's page -----------------------------------------------------------------------------


@blueprint.get("/ideas/<int:idea_id>")
def show(idea_id: int):
    return idea_page(load_or_404(Idea, idea_id, options=queries.idea_page_options()))


def idea_page(
    idea: Idea,
    comment_form: CommentForm | None = None,
    bad_report: tuple[int, ReportCommentForm] | None = None,
):
    """The page, with a form that came back with a mistake (a comment, or one comment's
    report) shown with its message at the field."""
    comments = comments_on(idea)
    report_forms = {}
    for comment in comments:
        if rules.may_report_comment(current_user, comment):
            if bad_report is not None and bad_report[0] == comment.id:
                report_forms[comment.id] = bad_report[1]
            else:
                report_forms[comment.id] = report_form_for(comment.id)
    return render_template(
        "ideas/citizens/show.html",
        idea=idea,
        comments=comments,
        supports=queries.support_count(idea),
        has_supported=rules.has_supported(current_user, idea),
        is_author=rules.is_idea_author(current_user, idea),
        overdue=idea.is_overdue(seoul_today()),
        # answered_at is set whenever the idea is answered; its test is for mypy.
        answered_late=idea.is_answered
        and idea.answered_at is not None
        and not answered_on_time(idea.answered_at, idea.due_on),
        comment_form=comment_form or CommentForm(formdata=None),
        report_forms=report_forms,
        # Every idea's page is public; its author is not named in what a shared link shows.
        sharing=SharingCard(
            title=idea.title, description=idea.body, path=url_for(".show", idea_id=idea.id)
        ),
    )


# --- supporting ---------------------------------------------------------------------------------


@blueprint.post("/ideas/<int:idea_id>/support")
@login_required
def support(idea_id: int):
    idea = load_or_404(Idea, idea_id)
    require(not rules.is_idea_author(current_user, idea))
    outcome = attempt(lambda: services.support_idea(current_person(), idea))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("You now support this idea."), "success")
    return to_idea(idea, "support")


@blueprint.post("/ideas/<int:idea_id>/unsupport")
@login_required
def unsupport(idea_id: int):
    idea = load_or_404(Idea, idea_id)
    outcome = attempt(lambda: services.withdraw_support(current_person(), idea))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("You no longer support this idea."), "success")
    return to_idea(idea, "support")
