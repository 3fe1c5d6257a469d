"""The readers' side of stories: the list, a story's page, the Atom feed, and reports.

A story nobody else may see does not exist for them: 404, never 403, which would confirm it.
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.actions import attempt, show_refusal
from app.areas.services import area_overview
from app.extensions import db, login_manager
from app.i18n import current_language
from app.lookups import current_person
from app.permissions import require, signed_in
from app.query_args import page_arg
from app.rate_limits import limit_posting
from app.sharing import DESCRIPTION_LENGTH, SharingCard
from app.stories import rules
from app.stories.blueprint import blueprint
from app.stories.categories import story_categories
from app.stories.markdown import excerpt
from app.stories.models import Story
from app.stories.reading.errors import AlreadyReported
from app.stories.reading.feed import build_feed
from app.stories.reading.forms import ReportForm, StoryFilterForm
from app.stories.reading.queries import (
    feed_stories,
    funded_project,
    help_given,
    list_stories,
    parse_story_filters,
    story_for_page,
)
from app.stories.reading.reports import report_story


@blueprint.app_template_global()
def story_excerpt(story: Story, length: int = 180) -> str:
    """A card's plain-text opening of the story (Jinja escapes it)."""
    return excerpt(story.body, length)


def _visible_story(story_id: int) -> Story:
    story = story_for_page(story_id)
    if story is None or not rules.may_view_story(current_user, story):
        abort(404)
    return story


# --- the list and the feed ----------------------------------------------------------------------


@blueprint.get("/stories")
def index():
    filters = parse_story_filters(request.args)
    page = list_stories(
        filters,
        page_arg(request.args),
        current_app.config["STORIES_PER_PAGE"],
    )
    return render_template(
        "stories/reading/index.html",
        page=page,
        filters=filters,
        filter_form=StoryFilterForm(filters, story_categories(filters.category), area_overview()),
    )


@blueprint.get("/stories/feed.atom")
def feed():
    body = build_feed(
        feed_stories(current_app.config["STORY_FEED_ENTRIES"]),
        title=_("Success stories · Hope Community Map"),
        subtitle=_("Help given and cooperation that worked, told by neighbours."),
        site_name=_("Hope Community Map"),
        language=current_language(),
    )
    response = Response(body, content_type="application/atom+xml; charset=utf-8")
    # The titles follow the reader's language (the header, or the session's choice).
    response.vary.update(("Accept-Language", "Cookie"))
    return response


# --- a story's page -----------------------------------------------------------------------------


def _sharing_card(story: Story) -> SharingCard | None:
    """A published story as a shared link shows it; nothing for a story not (or no longer)
    public, whose page only its author and the moderators open."""
    if not story.is_published:
        return None
    photo = story.photos[0] if story.photos else None
    return SharingCard(
        title=story.title,
        description=story_excerpt(story, DESCRIPTION_LENGTH),
        path=url_for(".show", story_id=story.id),
        image_path=(
            url_for(".photo", story_id=story.id, photo_id=photo.id) if photo is not None else None
        ),
    )


def _story_page(story: Story, report_form: ReportForm, status: int = 200):
    response = current_app.make_response(
        (
            render_template(
                "stories/reading/show.html",
                story=story,
                help_given=help_given(story),
                project=funded_project(story),
                report_form=report_form,
                sharing=_sharing_card(story),
            ),
            status,
        )
    )
    if not story.is_published:
        # Only the author and the moderators see it: no shared cache may keep a copy.
        response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.get("/stories/<int:story_id>")
def show(story_id: int):
    return _story_page(_visible_story(story_id), ReportForm())


# --- reports ------------------------------------------------------------------------------------


@blueprint.post("/stories/<int:story_id>/report")
@limit_posting
def report(story_id: int):
    if not signed_in(current_user):
        # Back to the story after logging in (this address answers POST only).
        flash(str(login_manager.login_message), login_manager.login_message_category)
        return redirect(url_for("accounts.login", next=url_for(".show", story_id=story_id)))
    story = _visible_story(story_id)
    me = current_person()
    if rules.has_reported(me, story):
        flash(str(AlreadyReported().message), "info")
        return redirect(url_for(".show", story_id=story.id))
    require(rules.may_report_story(me, story))
    form = ReportForm()
    if not form.validate_on_submit():
        # The page again, the reason as typed and the message at the field.
        return _story_page(story, form, 400)
    # The reading part of the request (the checks above) ends here: the report's transaction
    # must begin by taking hold of the story (see app.stories.reading.reports). A refusal is
    # rolled back at once, letting go of the story.
    db.session.commit()
    outcome = attempt(lambda: report_story(story, me, form.reason.data))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("Thank you. The moderators will read your report."), "success")
    return _back_to_story(story_id)


def _back_to_story(story_id: int):
    """The story's page, or the list when the reader may no longer open it (it was hidden)."""
    story = db.session.get(Story, story_id)
    if story is not None and rules.may_view_story(current_user, story):
        return redirect(url_for(".show", story_id=story_id))
    return redirect(url_for(".index"))
