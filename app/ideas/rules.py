"""Who may do what with ideas: the one place that answers it.

Pure questions, no writes. Views call them through `require(...)`; templates only to hide
buttons (as `idea_rules`). Ideas and their answers are public; the staff side (assignment,
notes, history) is for staff only, and no public page, feed or export shows it.
"""

from __future__ import annotations

from typing import Any

from app.accounts.models import Role
from app.ideas.models import Idea, IdeaComment
from app.permissions import Power, has_power, signed_in


def is_staff(user: Any) -> bool:
    return has_power(user, Power.STAFF_WORK)


def is_moderator(user: Any) -> bool:
    return has_power(user, Power.MODERATE_CONTENT)


def may_submit_idea(user: Any) -> bool:
    return signed_in(user) and user.is_active


def may_support(user: Any, idea: Idea) -> bool:
    """Citizens support others' ideas, once each; an answered idea takes no more support."""
    return signed_in(user) and idea.author_id != user.id and not idea.is_answered


def has_supported(user: Any, idea: Idea) -> bool:
    return signed_in(user) and any(s.user_id == user.id for s in idea.supports)


def may_comment(user: Any, idea: Idea) -> bool:
    return signed_in(user) and user.is_active


def may_report_comment(user: Any, comment: IdeaComment) -> bool:
    return (
        signed_in(user)
        and comment.author_id != user.id
        and not comment.is_hidden
        and all(r.reporter_id != user.id for r in comment.reports)
    )


def may_hide_comment(user: Any) -> bool:
    return is_moderator(user)


def may_work_on_ideas(user: Any) -> bool:
    """The staff inbox: every staff member sees every idea (the city answers as one)."""
    return is_staff(user)


def may_be_assigned(user: Any) -> bool:
    """Ideas are held by staff members (administrators included)."""
    return user is not None and user.is_active and user.role in (Role.STAFF, Role.ADMIN)


def may_manage_departments(user: Any) -> bool:
    return has_power(user, Power.MANAGE_DEPARTMENTS)


# --- the citizens' side -----------------------------------------------------------
# Separate from may_support / may_report_comment: the author is refused outright (403), while
# a second support or report is a state the view answers with a message.


def is_idea_author(user: Any, idea: Idea) -> bool:
    return signed_in(user) and idea.author_id == user.id


def is_comment_author(user: Any, comment: IdeaComment) -> bool:
    return signed_in(user) and comment.author_id == user.id
