"""The forms about comments: writing one, reporting one (citizens), hiding one (moderators).
A page holds one report form and one hide form per comment, each prefixed with its id."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from app.forms import SiteForm, at_most, strip
from app.ideas.comments.services import COMMENT_MAX, HIDDEN_REASON_MAX, REPORT_REASON_MAX
from app.ideas.models import IdeaComment
from app.ideas.text import plain_text
from app.submissions import SubmittedOnce


class CommentForm(SubmittedOnce, SiteForm):
    body = TextAreaField(
        _l("Your comment"),
        filters=[plain_text],
        validators=[DataRequired(message=_l("Write a comment.")), at_most(COMMENT_MAX)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="new-comment", **kwargs)


class ReportCommentForm(SiteForm):
    """Prefixed with the comment (`report-<id>-reason`): the page holds one per comment."""

    reason = TextAreaField(
        _l("Why should a moderator look at this comment?"),
        filters=[plain_text],
        validators=[
            DataRequired(message=_l("Say why you are reporting this comment.")),
            at_most(REPORT_REASON_MAX),
        ],
    )


def report_form_for(comment_id: int, formdata=None) -> ReportCommentForm:
    return ReportCommentForm(formdata=formdata, prefix=f"report-{comment_id}")


class HideCommentForm(SiteForm):
    """Prefixed with the comment (`comment-<id>-reason`): a page holds one form per comment."""

    reason = TextAreaField(
        _l("Reason shown in place of the comment"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Give a reason: readers see it in place of the comment.")),
            at_most(HIDDEN_REASON_MAX),
        ],
    )


def comment_hide_form(comment: IdeaComment, formdata=None) -> HideCommentForm:
    """Also a template global: the idea page draws it under each comment, for moderators."""
    return HideCommentForm(formdata=formdata, prefix=f"comment-{comment.id}")
