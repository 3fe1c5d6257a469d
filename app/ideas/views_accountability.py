"""The moderators' work on comments: the queue of reported comments, hiding one with a
reason, dismissing its reports.

The moderation forms are also shown on the public idea page, to moderators only
(ideas/_comment_moderation.html, through the `comment_hide_form` template global). A hide form
sent with a mistake comes back on the queue page, that comment first, with the message at the
field; after every action the moderator returns where they came from (`next`).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from app.extensions import db
from app.forms import at_most, strip
from app.i18n import safe_next_url
from app.ideas import comment_moderation as moderation
from app.ideas import rules
from app.ideas.blueprint import blueprint
from app.ideas.models import IdeaComment
from app.permissions import require

# --- comment moderation ----------------------------------------------------------------------


class HideCommentForm(FlaskForm):
    """Prefixed with the comment (`comment-<id>-reason`): a page holds one form per comment."""

    reason = TextAreaField(
        _l("Reason shown in place of the comment"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Give a reason: readers see it in place of the comment.")),
            at_most(moderation.HIDDEN_REASON_MAX),
        ],
    )


@blueprint.app_template_global("comment_hide_form")
def comment_hide_form(comment: IdeaComment, formdata=None) -> HideCommentForm:
    return HideCommentForm(formdata=formdata, prefix=f"comment-{comment.id}")


def _moderated_comment(comment_id: int) -> IdeaComment:
    require(rules.may_hide_comment(current_user))
    comment = db.session.get(IdeaComment, comment_id)
    if comment is None:
        abort(404)
    return comment


def _back() -> str:
    """Where the moderator came from (the idea page or the queue); same-site paths only."""
    return safe_next_url(request.form.get("next"), url_for(".comment_queue"))


def _render_queue(failed: IdeaComment | None = None, failed_form=None, status: int = 200):
    return (
        render_template(
            "ideas/comment_queue.html",
            page=moderation.reported_comments(request.args.get("page", 1, type=int)),
            awaiting=moderation.comments_awaiting_moderation(),
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
    try:
        moderation.hide_comment(comment, current_user._get_current_object(), form.reason.data)
        db.session.commit()
    except moderation.ModerationError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(_back())
    flash(_("The comment is hidden and its author has been told why."), "success")
    return redirect(_back())


@blueprint.post("/moderation/comments/<int:comment_id>/dismiss")
@login_required
def dismiss_reports(comment_id: int):
    comment = _moderated_comment(comment_id)
    try:
        moderation.dismiss_reports(comment, current_user._get_current_object())
        db.session.commit()
    except moderation.ModerationError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(_back())
    flash(_("The reports are dismissed; the comment stays."), "success")
    return redirect(_back())
