"""The author's side of stories: writing one, editing it until it is published, withdrawing
it, the author's list, and the photos (served, removed).

A story nobody else may see does not exist for them: 404, never 403, which would confirm it.
"""

from __future__ import annotations

import functools

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.actions import attempt, show_refusal
from app.extensions import csrf, db
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.photos import content_type_of
from app.rate_limits import limit_posting
from app.stories import rules
from app.stories.blueprint import blueprint
from app.stories.campaigns.services import enter_story
from app.stories.models import Story, StoryPhoto
from app.stories.writing.forms import StoryForm
from app.stories.writing.queries import stories_of
from app.stories.writing.services import (
    add_photos,
    photo_files,
    remove_photo,
    submit_story,
    update_own_story,
    withdraw_story,
)
from app.submissions import attempt_once


def _visible_story(story_id: int) -> Story:
    return load_or_404(Story, story_id, rules.may_view_story)


def _to_story(story: Story):
    return redirect(url_for("stories.show", story_id=story.id))


def _takes_story_form(view):
    """A story form carries several photos: more than the site-wide request limit. The limit
    is raised for the request before anything reads the body, so the CSRF check (which reads
    it) runs here, before the login check as everywhere else, instead of before the view:
    these views are exempt from the global check only to run it themselves."""

    @functools.wraps(view)
    def checked(*args, **kwargs):
        config = current_app.config
        request.max_content_length = config["STORY_FORM_MAX_BYTES"]
        if config["WTF_CSRF_ENABLED"] and config["WTF_CSRF_CHECK_DEFAULT"]:
            csrf.protect()
        return view(*args, **kwargs)

    return csrf.exempt(checked)


# --- writing and editing ------------------------------------------------------------------------


@blueprint.route("/stories/new", methods=["GET", "POST"])
@limit_posting
@_takes_story_form
@login_required
def new():
    require(rules.may_submit_story(current_user))
    me = current_person()
    form = StoryForm(author=me)
    if form.validate_on_submit():
        files = photo_files()

        def send() -> Story:
            story = submit_story(me, form.details())
            if form.chosen_campaign is not None:
                enter_story(story, form.chosen_campaign, me)
            add_photos(story, form.new_photos(), files)  # last: files only when all is well
            return story

        outcome = attempt_once(form, Story, send, files=files)
        if not outcome.refused:
            flash(_("Thank you! A moderator will read your story before it appears."), "success")
            return _to_story(outcome.value)
        show_refusal(outcome.refusal, form)
    return render_template("stories/writing/form.html", form=form, story=None)


@blueprint.route("/stories/<int:story_id>/edit", methods=["GET", "POST"])
@_takes_story_form
@login_required
def edit(story_id: int):
    story = _visible_story(story_id)
    require(rules.is_author(current_user, story))
    me = current_person()
    if request.method == "GET" and not rules.may_edit_own_story(me, story):
        flash(_("This story can no longer be changed."), "error")
        return _to_story(story)
    form = StoryForm(author=me, story=story)
    conflict = False
    if form.validate_on_submit():
        files = photo_files()

        def save() -> None:
            update_own_story(story, me, form.details(), form.version_seen)
            add_photos(story, form.new_photos(), files)

        outcome = attempt(save, files=files)
        if not outcome.refused:
            flash(_("Your changes were saved. A moderator will read the story again."), "success")
            return _to_story(story)
        # A moderator saved in between (or published it): nothing of ours was kept.
        conflict = outcome.refusal.conflict
        if not conflict:
            show_refusal(outcome.refusal, form)
    if conflict:
        # What the author typed stays in the form; the story as it is now is shown above it,
        # and saving again (from this version) is a deliberate choice.
        db.session.refresh(story)
        form.version.data = str(story.version)
    return render_template(
        "stories/writing/form.html",
        form=form,
        story=story,
        conflict=conflict,
        editable=rules.may_edit_own_story(me, story),
    ), (409 if conflict else 200)


@blueprint.post("/stories/<int:story_id>/withdraw")
@login_required
def withdraw(story_id: int):
    story = _visible_story(story_id)
    require(rules.is_author(current_user, story))
    outcome = attempt(lambda: withdraw_story(story))
    if outcome.refused and outcome.refusal.conflict:
        flash(_("The story changed while you were withdrawing it. Please try again."), "error")
    elif outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("Your story was withdrawn: it no longer appears on the site."), "success")
    return redirect(url_for("stories.mine"))


@blueprint.get("/my/stories")
@login_required
def mine():
    return render_template("stories/writing/mine.html", stories=stories_of(current_person()))


# --- photos -------------------------------------------------------------------------------------


def _photo_of(story: Story, photo_id: int) -> StoryPhoto:
    return load_or_404(StoryPhoto, photo_id, lambda _user, photo: photo.story_id == story.id)


@blueprint.get("/stories/<int:story_id>/photos/<int:photo_id>")
def photo(story_id: int, photo_id: int):
    story = _visible_story(story_id)
    photo = _photo_of(story, photo_id)
    response = send_from_directory(
        current_app.config["UPLOAD_FOLDER"],
        photo.file_name,
        mimetype=content_type_of(photo.file_name),
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    if story.is_published:
        # Public, but checked again each time: an unpublished story's photo must not linger.
        response.headers["Cache-Control"] = "public, no-cache"
    else:
        response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.post("/stories/<int:story_id>/photos/<int:photo_id>/delete", endpoint="delete_photo")
@login_required
def delete_photo_view(story_id: int, photo_id: int):
    story = _visible_story(story_id)
    photo = _photo_of(story, photo_id)
    require(rules.may_remove_story_photo(current_user, story))
    files = photo_files()  # the file goes only once the row is gone for good
    outcome = attempt(lambda: remove_photo(story, photo, files), files=files)
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("The photo was removed."), "success")
    if rules.may_edit_own_story(current_user, story):
        return redirect(url_for("stories.edit", story_id=story.id, _anchor="photos"))
    return _to_story(story)
