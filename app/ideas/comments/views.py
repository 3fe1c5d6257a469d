"""Comments on an idea's page: posting one, reporting one; and the moderators' work on them:
the queue of reported comments, hiding one with a reason, dismissing its reports.

The moderation forms are also shown on the public idea page, to moderators only
(ideas/_comment_moderation.html, through the `comment_hide_form` template global). A hide form
sent with a mistake comes back on the queue page, that comment first, with the message at the
field; after every action the moderator returns where they came from (`next`).
"""

from __future__ import annotations

from dataclasses import replace

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.actions import Outcome, attempt, show_refusal
from app.i18n import safe_next_url
from app.ideas import rules
from app.ideas.blueprint import blueprint
from app.ideas.citizens.views import idea_page, to_idea
from app.ideas.comments import queries, services
from app.ideas.comments.forms import CommentForm, comment_hide_form, report_form_for
from app.ideas.models import Idea, IdeaComment
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.query_args import page_arg
from app.rate_limits import limit_posting
from app.submissions import attempt_once

blueprint.add_app_template_global(comment_hide_form, "comment_hide_form")


# --- posting and reporting ----------------------------------------------------------------------


@blueprint.post("/ideas/<int:idea_id>/comments")
@limit_posting
@login_required
def comment(idea_id: int):
    idea = load_or_404(Idea, idea_id)
    require(rules.may_comment(current_user, idea))
    form = CommentForm()
    if not form.validate_on_submit():
        return idea_page(idea, comment_form=form)
    outcome = attempt_once(
        form, IdeaComment, lambda: services.add_comment(current_person(), idea, form.body.data)
    )
    if outcome.refused:
        # At the comment form, where the person is (the form posts to #comment-form), with
        # what they wrote; a flash would be at the top of a long page.
        show_refusal(replace(outcome.refusal, field=outcome.refusal.field or "body"), form)
        return idea_page(idea, comment_form=form)
    flash(_("Your comment was posted."), "success")
    return to_idea(idea, f"comment-{outcome.value.id}")


@blueprint.post("/ideas/comments/<int:comment_id>/report")
@limit_posting
@login_required
def report_comment(comment_id: int):
    comment = load_or_404(IdeaComment, comment_id)
    require(not rules.is_comment_author(current_user, comment))
    idea = comment.idea
    me = current_person()
    form = report_form_for(comment.id, formdata=request.form)
    # A second report (or one of a hidden comment) is refused before the form is looked at.
    outcome: Outcome[object] = attempt(lambda: services.check_reportable(me, comment))
    if not outcome.refused:
        if not form.validate():
            return idea_page(idea, bad_report=(comment.id, form))
        outcome = attempt(lambda: services.report_comment(me, comment, form.reason.data))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("Thank you. A moderator will look at the comment."), "success")
    return to_idea(idea, f"comment-{comment.id}")


# --- moderation ---------------------------------------------------------------------------------


def _moderated_comment(comment_id: int) -> IdeaComment:
    require(rules.may_hide_comment(current_user))
    return load_or_404(IdeaComment, comment_id)


def _back() -> str:
    """Where the moderator came from (the idea page or the queue); same-site paths only."""
    return safe_next_url(request.form.get("next"), url_for(".comment_queue"))


def _render_queue(failed: IdeaComment | None = None, failed_form=None, status: int = 200):
    return (
        render_template(
            "ideas/comments/comment_queue.html",
            page=queries.reported_comments(page_arg(request.args)),
            awaiting=queries.comments_awaiting_moderation(),
            failed=failed,
            failed_form=failed_form,
        ),
        status,
    )


@blueprint.get("/moderation/comments")
@login_required
def comment_queue():
    require(rules.may_hide_comment(current_user))
    return _render_queue()


@blueprint.post("/moderation/comments/<int:comment_id>/hide")
@login_required
def hide_comment(comment_id: int):
    comment = _moderated_comment(comment_id)
    form = comment_hide_form(comment, formdata=request.form)
    if not form.validate():
        return _render_queue(failed=comment, failed_form=form, status=400)
    outcome = attempt(lambda: services.hide_comment(comment, current_person(), form.reason.data))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("The comment is hidden and its author has been told why."), "success")
    return redirect(_back())


@blueprint.post("/moderation/comments/<int:comment_id>/dismiss")
@login_required
def dismiss_reports(comment_id: int):
    comment = _moderated_comment(comment_id)
    outcome = attempt(lambda: services.dismiss_reports(comment, current_person()))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("The reports are dismissed; the comment stays."), "success")
    return redirect(_back())
