"""The citizens' pages for ideas: the list, submitting one, an idea's public page, supporting
it, comments and reports, one's own ideas, similar titles while typing (JSON), and the open-data
file.

Every idea is public, so a missing idea is the only 404. The idea page shows the public side
only; staff see their panel (ideas/_staff_panel.html) and moderators theirs under
each comment (ideas/_comment_moderation.html), each deciding for itself whom it is for.
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from app.areas.models import Area
from app.areas.services import area_overview
from app.clock import seoul_today
from app.csv_files import csv_stream
from app.extensions import db, limiter
from app.i18n import format_day  # the templates' `day` filter
from app.ideas import open_data, rules, services, similar_titles
from app.ideas.blueprint import blueprint
from app.ideas.deadlines import answered_on_time
from app.ideas.forms import (
    CommentForm,
    IdeaFilterForm,
    IdeaForm,
    ReportCommentForm,
    report_form_for,
)
from app.ideas.labels import STATUS_LABELS
from app.ideas.models import Idea, IdeaComment
from app.permissions import require
from app.rate_limits import limit_posting

# Generous for a person typing (one request per pause), tight for a script walking titles.
SIMILAR_RATE_LIMIT = "60/minute"


def _me():
    return current_user._get_current_object()


def _idea_or_404(idea_id: int) -> Idea:
    idea = db.session.get(
        Idea,
        idea_id,
        options=[
            selectinload(Idea.author),
            selectinload(Idea.category),
            selectinload(Idea.area).options(selectinload(Area.parent)),
            selectinload(Idea.answering_department),
        ],
    )
    if idea is None:
        abort(404)
    return idea


def _to_idea(idea: Idea, anchor: str | None = None):
    return redirect(url_for(".show", idea_id=idea.id, _anchor=anchor))


# --- the list -----------------------------------------------------------------------------------


@blueprint.get("/ideas")
def index():
    filters = services.parse_idea_filters(request.args)
    page = services.list_ideas(filters, request.args.get("page", 1, type=int))
    return render_template(
        "ideas/index.html",
        page=page,
        cards=services.idea_cards(page.items),
        filters=filters,
        filter_form=IdeaFilterForm(filters, area_overview()),
        today=seoul_today(),
    )


@blueprint.get("/ideas/export.csv")
def export_csv():
    """Open data: the list's ideas with the city's answers (app/ideas/open_data.py)."""
    records = open_data.public_records(services.parse_idea_filters(request.args))
    chunks = csv_stream(open_data.COLUMNS, records, open_data.BATCH)
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{open_data.FILE_NAME}"'
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["EXPORT_CACHE_SECONDS"]
    return response


@blueprint.get("/my/ideas")
@login_required
def mine():
    me = _me()
    return render_template(
        "ideas/mine.html",
        own=services.idea_cards(services.ideas_of(me)),
        supported=services.idea_cards(services.ideas_supported_by(me)),
        today=seoul_today(),
    )


# --- submitting ---------------------------------------------------------------------------------


@blueprint.route("/ideas/new", methods=["GET", "POST"])
@limit_posting
@login_required
def new():
    me = _me()
    require(rules.may_submit_idea(me))
    form = IdeaForm(overview=area_overview())
    if form.validate_on_submit():
        try:
            idea = services.submit_idea(me, form.details())
        except services.IdeaError as error:
            field = getattr(form, error.field) if error.field else None
            if field is not None:
                field.errors.append(str(error.message))
            else:
                flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(
                _(
                    "Your idea was received. The city is due to answer it by %(day)s.",
                    day=format_day(idea.due_on),
                ),
                "success",
            )
            return _to_idea(idea)
    return render_template("ideas/new.html", form=form)


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
                "url": url_for(".show", idea_id=idea.id),
            }
            for idea in similar_titles.similar_ideas(title)
        ]
    )


# --- an idea's page -----------------------------------------------------------------------------


@blueprint.get("/ideas/<int:idea_id>")
def show(idea_id: int):
    return _idea_page(_idea_or_404(idea_id))


def _idea_page(
    idea: Idea,
    comment_form: CommentForm | None = None,
    bad_report: tuple[int, ReportCommentForm] | None = None,
):
    """The page, with a form that came back with a mistake (a comment, or one comment's
    report) shown with its message at the field."""
    comments = services.comments_on(idea)
    report_forms = {}
    for comment in comments:
        if rules.may_report_comment(current_user, comment):
            if bad_report is not None and bad_report[0] == comment.id:
                report_forms[comment.id] = bad_report[1]
            else:
                report_forms[comment.id] = report_form_for(comment.id)
    return render_template(
        "ideas/show.html",
        idea=idea,
        comments=comments,
        supports=services.support_count(idea),
        has_supported=rules.has_supported(current_user, idea),
        is_author=rules.is_idea_author(current_user, idea),
        overdue=idea.is_overdue(seoul_today()),
        answered_late=idea.is_answered and not answered_on_time(idea.answered_at, idea.due_on),
        comment_form=comment_form or CommentForm(formdata=None),
        report_forms=report_forms,
    )


# --- supporting ---------------------------------------------------------------------------------


@blueprint.post("/ideas/<int:idea_id>/support")
@login_required
def support(idea_id: int):
    idea = _idea_or_404(idea_id)
    require(not rules.is_idea_author(current_user, idea))
    try:
        services.support_idea(_me(), idea)
    except services.IdeaError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("You now support this idea."), "success")
    return _to_idea(idea, "support")


@blueprint.post("/ideas/<int:idea_id>/unsupport")
@login_required
def unsupport(idea_id: int):
    idea = _idea_or_404(idea_id)
    try:
        services.withdraw_support(_me(), idea)
    except services.IdeaError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("You no longer support this idea."), "success")
    return _to_idea(idea, "support")


# --- comments -----------------------------------------------------------------------------------


@blueprint.post("/ideas/<int:idea_id>/comments")
@limit_posting
@login_required
def comment(idea_id: int):
    idea = _idea_or_404(idea_id)
    require(rules.may_comment(current_user, idea))
    form = CommentForm()
    if not form.validate_on_submit():
        return _idea_page(idea, comment_form=form)
    posted = services.add_comment(_me(), idea, form.body.data)
    db.session.commit()
    flash(_("Your comment was posted."), "success")
    return _to_idea(idea, f"comment-{posted.id}")


@blueprint.post("/ideas/comments/<int:comment_id>/report")
@limit_posting
@login_required
def report_comment(comment_id: int):
    comment = db.session.get(IdeaComment, comment_id)
    if comment is None:
        abort(404)
    require(not rules.is_comment_author(current_user, comment))
    idea = _idea_or_404(comment.idea_id)
    form = report_form_for(comment.id, formdata=request.form)
    try:
        services.check_reportable(_me(), comment)
        if not form.validate():
            return _idea_page(idea, bad_report=(comment.id, form))
        services.report_comment(_me(), comment, form.reason.data)
    except services.IdeaError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("Thank you. A moderator will look at the comment."), "success")
    return _to_idea(idea, f"comment-{comment.id}")
