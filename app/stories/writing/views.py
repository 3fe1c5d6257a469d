"""The author's side of stories: writing one, editing it until it is published, withdrawing
it, the author's list, and the photos (served, removed).

A story nobody else may see does not exist for them: 404, never 403, which would confirm it.
"""

from __future__ import annotations

import functools

from flask import (
    abort,
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
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import csrf, db
from app.permissions import require
from app.photos import content_type_of, delete_photo
from app.rate_limits import limit_posting
from app.stories import rules
from app.stories.blueprint import blueprint
from app.stories.campaigns.services import CampaignError, enter_story
from app.stories.models import Story, StoryPhoto
from app.stories.writing.forms import StoryForm
from app.stories.writing.queries import stories_of
from app.stories.writing.services import (
    NotAllowedState,
    StoryError,
    add_photos,
    remove_photo,
    submit_story,
    update_own_story,
    withdraw_story,
)


def _me():
    return current_user._get_current_object()


def _visible_story(story_id: int) -> Story:
    story = db.session.get(Story, story_id)
    if story is None or not rules.may_view_story(current_user, story):
        abort(404)
    return story


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


def _show_at_field(form: StoryForm, error: StoryError | CampaignError) -> None:
    field = form.campaign if isinstance(error, CampaignError) else None
    if isinstance(error, StoryError) and error.field:
        field = getattr(form, error.field, None)
    if field is None:
        flash(error.message, "error")
    elif field is form.photos:
        form.photos.errors = [*form.photo_errors, error.message]
    else:
        field.errors = [*field.errors, error.message]


def _commit(written: list[str]) -> None:
    """Commit; the photo files just written go again if the commit fails."""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        for name in written:
            delete_photo(name)
        raise


# --- writing and editing ------------------------------------------------------------------------


@blueprint.route("/stories/new", methods=["GET", "POST"])
@limit_posting
@_takes_story_form
@login_required
def new():
    require(rules.may_submit_story(current_user))
    me = _me()
    form = StoryForm(author=me)
    if form.validate_on_submit():
        try:
            story = submit_story(me, form.details())
            if form.chosen_campaign is not None:
                enter_story(story, form.chosen_campaign, me)
            written = add_photos(story, form.new_photos())  # last: files only when all is well
        except (StoryError, CampaignError) as error:
            db.session.rollback()
            _show_at_field(form, error)
        else:
            _commit(written)
            flash(_("Thank you! A moderator will read your story before it appears."), "success")
            return _to_story(story)
    return render_template("stories/writing/form.html", form=form, story=None)


@blueprint.route("/stories/<int:story_id>/edit", methods=["GET", "POST"])
@_takes_story_form
@login_required
def edit(story_id: int):
    story = _visible_story(story_id)
    require(rules.is_author(current_user, story))
    me = _me()
    if request.method == "GET" and not rules.may_edit_own_story(me, story):
        flash(_("This story can no longer be changed."), "error")
        return _to_story(story)
    form = StoryForm(author=me, story=story)
    conflict = False
    if form.validate_on_submit():
        conflict = form.version_seen != story.version or not rules.may_edit_own_story(me, story)
        if not conflict:
            try:
                if _save_changes(story, me, form):
                    flash(
                        _("Your changes were saved. A moderator will read the story again."),
                        "success",
                    )
                    return _to_story(story)
            except StaleDataError:  # a moderator saved between our read and our write
                db.session.rollback()
                conflict = True
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


def _save_changes(story: Story, me, form: StoryForm) -> bool:
    """Save the author's changes and new photos; False when a rule sent the form back.
    Raises StaleDataError when a moderator saved the story in between."""
    try:
        update_own_story(story, me, form.details())
        written = add_photos(story, form.new_photos())
    except StoryError as error:
        db.session.rollback()
        _show_at_field(form, error)
        return False
    _commit(written)
    return True


@blueprint.post("/stories/<int:story_id>/withdraw")
@login_required
def withdraw(story_id: int):
    story = _visible_story(story_id)
    require(rules.is_author(current_user, story))
    try:
        withdraw_story(story)
        db.session.commit()
    except NotAllowedState as error:
        flash(error.message, "error")
    except StaleDataError:
        db.session.rollback()
        flash(_("The story changed while you were withdrawing it. Please try again."), "error")
    else:
        flash(_("Your story was withdrawn: it no longer appears on the site."), "success")
    return redirect(url_for("stories.mine"))


@blueprint.get("/my/stories")
@login_required
def mine():
    return render_template("stories/writing/mine.html", stories=stories_of(_me()))


# --- photos -------------------------------------------------------------------------------------


def _photo_of(story: Story, photo_id: int) -> StoryPhoto:
    photo = db.session.get(StoryPhoto, photo_id)
    if photo is None or photo.story_id != story.id:
        abort(404)
    return photo


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
    file_name = remove_photo(story, photo)
    db.session.commit()
    delete_photo(file_name)  # only once the row is gone for good
    flash(_("The photo was removed."), "success")
    if rules.may_edit_own_story(current_user, story):
        return redirect(url_for("stories.edit", story_id=story.id, _anchor="photos"))
    return _to_story(story)
