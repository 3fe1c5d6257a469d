"""Moderation pages: the queue, one story with everything a moderator needs, the actions on
it, the moderator's edit, and the log.

The whole /moderation area is for moderators. Anyone else signed in is refused with 403, except
on a story they may not even see, which does not exist for them (404), as everywhere else.

When a story changed after the moderator's page was rendered (another moderator, or the author,
acted first), an action answers 409 with the story as it is now and what was done to it, and
keeps whatever the moderator typed; see app.stories.moderation.services for how that is detected.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import OperationalError

from app.actions import Refusal, attempt
from app.extensions import db
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.query_args import enum_arg, id_arg, page_arg
from app.stories import rules
from app.stories.blueprint import blueprint
from app.stories.models import Story, StoryStatus
from app.stories.moderation import queries, services
from app.stories.moderation.errors import CONFLICT_MESSAGE
from app.stories.moderation.forms import (
    ModeratorEditForm,
    RejectForm,
    StoryActionForm,
    UnpublishForm,
)

LATEST_LOG_ENTRIES = 5  # what a moderator told of a conflict sees first


def _story_for_moderation(story_id: int) -> Story:
    story = load_or_404(Story, story_id, rules.may_view_story)
    require(rules.may_moderate(current_user))
    return story


def _forms(bound: dict | None = None) -> dict:
    """The forms with something to type (the others are a button and hidden fields)."""
    forms = {"reject": RejectForm(formdata=None), "unpublish": UnpublishForm(formdata=None)}
    forms.update(bound or {})
    return forms


def _typed_reason(bound: dict | None) -> str:
    """A reason the moderator wrote in the form they sent, shown back after a conflict even if
    that action no longer applies, so their words are not lost."""
    for form in (bound or {}).values():
        for name in ("rejection_reason", "unpublish_reason"):
            if name in form and form[name].data:
                return form[name].data
    return ""


def _render_story_page(
    story: Story, *, bound: dict | None = None, error=None, conflict: bool = False, status=200
):
    return (
        render_template(
            "stories/moderation/moderate.html",
            story=story,
            forms=_forms(bound),
            error=error,
            conflict=CONFLICT_MESSAGE if conflict else None,
            typed_reason=_typed_reason(bound) if conflict else "",
            log=queries.story_log(story),
            latest=queries.story_log(story, LATEST_LOG_ENTRIES) if conflict else [],
        ),
        status,
    )


def _reload(story_id: int) -> Story:
    """After a rollback: the story as the database has it now."""
    db.session.expire_all()
    current = db.session.get(Story, story_id)
    if current is None:
        abort(404)
    return current


# --- the queue -----------------------------------------------------------------------------------


@blueprint.get("/moderation/stories")
@login_required
def queue():
    require(rules.may_moderate(current_user))
    status = StoryStatus.PENDING
    if "status" in request.args:
        status = enum_arg(request.args, "status", StoryStatus)
    if status not in queries.QUEUE_STATUSES:
        abort(404)
    page = queries.queue(status, page_arg(request.args))
    return render_template(
        "stories/moderation/queue.html",
        status=status,
        statuses=queries.QUEUE_STATUSES,
        counts=queries.queue_counts(),
        page=page,
        report_counts=queries.open_report_counts(page.items),
    )


@blueprint.get("/moderation/stories/<int:story_id>")
@login_required
def moderate(story_id: int):
    return _render_story_page(_story_for_moderation(story_id))


# --- actions -------------------------------------------------------------------------------------


def _commit_action(
    story: Story, version_sent: int | None, action: Callable[[], object]
) -> tuple[Story, Refusal | None]:
    """Run a service and commit. On a refusal, nothing of ours was saved: the story comes back
    as the database has it now, with the refusal (a conflict when another request changed the
    story first, see app.stories.moderation.services.lost_race)."""
    story_id = story.id

    def lost_race(error: OperationalError) -> bool:
        return services.lost_race(error, _reload(story_id).version, version_sent)

    outcome = attempt(action, lost_race=lost_race)
    if not outcome.refused:
        return story, None
    return _reload(story_id), outcome.refusal


def _act(story_id: int, name: str, form_class, action: Callable, done: Callable[[Story], str]):
    """Validate the form, run the service, commit; or answer with the page and why not."""
    story = _story_for_moderation(story_id)
    form = form_class()
    if not form.validate_on_submit():
        if form.version.data is not None and form.version.data != story.version:
            return _render_story_page(story, bound={name: form}, conflict=True, status=409)
        return _render_story_page(story, bound={name: form}, status=400)
    me = current_person()
    current, refusal = _commit_action(story, form.version.data, lambda: action(story, me, form))
    if refusal is not None and refusal.conflict:
        return _render_story_page(current, bound={name: form}, conflict=True, status=409)
    if refusal is not None:
        return _render_story_page(current, error=refusal.message, status=409)
    flash(done(story), "success")
    return redirect(url_for(".moderate", story_id=story.id))


@blueprint.post("/moderation/stories/<int:story_id>/approve")
@login_required
def approve(story_id: int):
    return _act(
        story_id,
        "approve",
        StoryActionForm,
        lambda story, me, form: services.approve_story(story, me, form.version.data),
        lambda story: _("“%(title)s” is published.", title=story.title),
    )


@blueprint.post("/moderation/stories/<int:story_id>/reject")
@login_required
def reject(story_id: int):
    return _act(
        story_id,
        "reject",
        RejectForm,
        lambda story, me, form: services.reject_story(
            story, me, form.version.data, form.rejection_reason.data
        ),
        lambda story: _(
            "“%(title)s” was not accepted; the author was told why.", title=story.title
        ),
    )


@blueprint.post("/moderation/stories/<int:story_id>/feature")
@login_required
def feature(story_id: int):
    return _act(
        story_id,
        "feature",
        StoryActionForm,
        lambda story, me, form: services.feature_story(story, me, form.version.data),
        lambda story: _("“%(title)s” is featured on the home page.", title=story.title),
    )


@blueprint.post("/moderation/stories/<int:story_id>/unfeature")
@login_required
def unfeature(story_id: int):
    return _act(
        story_id,
        "unfeature",
        StoryActionForm,
        lambda story, me, form: services.unfeature_story(story, me, form.version.data),
        lambda story: _("“%(title)s” is no longer on the home page.", title=story.title),
    )


@blueprint.post("/moderation/stories/<int:story_id>/unpublish")
@login_required
def unpublish(story_id: int):
    return _act(
        story_id,
        "unpublish",
        UnpublishForm,
        lambda story, me, form: services.unpublish_story(
            story, me, form.version.data, form.unpublish_reason.data
        ),
        lambda story: _("“%(title)s” was unpublished; the author was told why.", title=story.title),
    )


@blueprint.post("/moderation/stories/<int:story_id>/republish")
@login_required
def republish(story_id: int):
    return _act(
        story_id,
        "republish",
        StoryActionForm,
        lambda story, me, form: services.republish_story(story, me, form.version.data),
        lambda story: _("“%(title)s” is published again.", title=story.title),
    )


@blueprint.post("/moderation/stories/<int:story_id>/restore")
@login_required
def restore(story_id: int):
    return _act(
        story_id,
        "restore",
        StoryActionForm,
        lambda story, me, form: services.restore_story(story, me, form.version.data),
        lambda story: _(
            "“%(title)s” is back on the site; its reports are closed.", title=story.title
        ),
    )


@blueprint.post("/moderation/stories/<int:story_id>/dismiss-reports")
@login_required
def dismiss_reports(story_id: int):
    return _act(
        story_id,
        "dismiss_reports",
        StoryActionForm,
        lambda story, me, form: services.dismiss_reports(story, me, form.version.data),
        lambda story: _("The reports on “%(title)s” were dismissed.", title=story.title),
    )


# --- the moderator's edit ------------------------------------------------------------------------


def _render_edit_page(story: Story, form, *, error=None, conflict: bool = False, status=200):
    return (
        render_template(
            "stories/moderation/moderator_edit.html",
            story=story,
            form=form,
            error=error,
            conflict=CONFLICT_MESSAGE if conflict else None,
            latest=queries.story_log(story, LATEST_LOG_ENTRIES) if conflict else [],
        ),
        status,
    )


@blueprint.route("/moderation/stories/<int:story_id>/edit", methods=["GET", "POST"])
@login_required
def moderator_edit(story_id: int):
    story = _story_for_moderation(story_id)
    if request.method == "GET":
        if story.status == StoryStatus.WITHDRAWN:
            flash(_("Its author withdrew this story: it cannot be edited."), "error")
            return redirect(url_for(".moderate", story_id=story.id))
        form = ModeratorEditForm(
            formdata=None, title=story.title, body=story.body, version=story.version
        )
        return _render_edit_page(story, form)
    form = ModeratorEditForm()
    if not form.validate_on_submit():
        if form.version.data is not None and form.version.data != story.version:
            return _edit_conflict(story, form)
        return _render_edit_page(story, form, status=400)
    me = current_person()
    current, refusal = _commit_action(
        story,
        form.version.data,
        lambda: services.edit_story(
            story,
            me,
            form.version.data,
            title=form.title.data,
            body=form.body.data,
            note=form.note.data,
        ),
    )
    if refusal is not None and refusal.conflict:
        return _edit_conflict(current, form)
    if refusal is not None:
        return _render_edit_page(current, form, error=refusal.message, status=409)
    flash(_("Your changes to “%(title)s” are saved.", title=story.title), "success")
    return redirect(url_for(".moderate", story_id=story.id))


def _edit_conflict(story: Story, form):
    """Show the text as it is now next to what the moderator typed (kept in the form), and
    let them save on top of the current version if they still want to."""
    form.version.data = story.version
    form.version.raw_data = [str(story.version)]
    return _render_edit_page(story, form, conflict=True, status=409)


# --- the log -------------------------------------------------------------------------------------


@blueprint.get("/moderation/log")
@login_required
def moderation_log():
    require(rules.may_moderate(current_user))
    story_id = id_arg(request.args, "story")
    story = load_or_404(Story, story_id) if story_id is not None else None
    entries = queries.moderation_log(page_arg(request.args), story_id)
    return render_template("stories/moderation/log.html", entries=entries, story=story)
