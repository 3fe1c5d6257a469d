"""Story campaigns: the public pages, the moderators' campaign form and winners, and the
author entering a story."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.actions import attempt, show_refusal
from app.lookups import current_person, load_or_404
from app.permissions import require
from app.stories import rules
from app.stories.blueprint import blueprint
from app.stories.campaigns import queries, services
from app.stories.campaigns.forms import CampaignForm, EnterCampaignForm, WinnerForm
from app.stories.markdown import excerpt
from app.stories.models import CampaignEntry, Story, StoryCampaign
from app.submissions import attempt_once


def _to_campaign(campaign: StoryCampaign):
    return redirect(url_for(".campaign", campaign_id=campaign.id))


@dataclass(frozen=True)
class StoryCampaignPanel:
    """What the story page shows about campaigns: where the author may still enter the story,
    and what it won."""

    enterable: list[StoryCampaign]
    won: list[StoryCampaign]


@blueprint.app_template_global()
def story_campaign_panel(story: Story) -> StoryCampaignPanel:
    """For `stories/campaigns/_campaign_entry.html`, included in a page rendered elsewhere."""
    enterable = (
        queries.enterable_campaigns(current_user, story)
        if rules.is_author(current_user, story)
        else []
    )
    return StoryCampaignPanel(enterable=enterable, won=queries.campaigns_won(story))


# --- public pages ------------------------------------------------------------------------------


@blueprint.get("/stories/campaigns", endpoint="campaigns")
def campaigns_page():
    return render_template(
        "stories/campaigns/campaigns.html",
        overview=queries.campaign_overview(),
        campaign_status=queries.campaign_status,
    )


@blueprint.get("/stories/campaigns/<int:campaign_id>")
def campaign(campaign_id: int):
    campaign = load_or_404(StoryCampaign, campaign_id)
    moderator = rules.may_manage_campaigns(current_user)
    return render_template(
        "stories/campaigns/campaign.html",
        campaign=campaign,
        status=queries.campaign_status(campaign),
        entries=queries.published_entries(campaign),
        unpublished_count=queries.unpublished_entry_count(campaign) if moderator else None,
        moderator=moderator,
        excerpt=excerpt,
    )


# --- moderators: the campaign form -------------------------------------------------------------


def _save_campaign(form: CampaignForm, campaign: StoryCampaign | None):
    """Create or update from a valid form; None (and the message at its field) if refused."""
    me = current_person()

    def save() -> StoryCampaign:
        if campaign is None:
            return services.create_campaign(me, form.details())
        services.update_campaign(campaign, me, form.details())
        return campaign

    outcome = attempt_once(form, StoryCampaign, save) if campaign is None else attempt(save)
    if outcome.refused:
        show_refusal(outcome.refusal, form)
        return None
    return outcome.value


@blueprint.route("/moderation/campaigns/new", methods=["GET", "POST"])
@login_required
def new_campaign():
    require(rules.may_manage_campaigns(current_user))
    form = CampaignForm()
    if form.validate_on_submit() and (saved := _save_campaign(form, None)) is not None:
        flash(_("The campaign “%(title)s” was created.", title=saved.title), "success")
        return _to_campaign(saved)
    return render_template("stories/campaigns/campaign_form.html", form=form, campaign=None)


@blueprint.route("/moderation/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@login_required
def edit_campaign(campaign_id: int):
    # Moderators only, checked before the look-up: nobody else learns which ids exist.
    require(rules.may_manage_campaigns(current_user))
    campaign = load_or_404(StoryCampaign, campaign_id)
    form = CampaignForm(obj=campaign)
    if form.validate_on_submit() and _save_campaign(form, campaign) is not None:
        flash(_("Your changes were saved."), "success")
        return _to_campaign(campaign)
    return render_template("stories/campaigns/campaign_form.html", form=form, campaign=campaign)


@blueprint.post("/moderation/campaigns/<int:campaign_id>/entries/<int:entry_id>/winner")
@login_required
def mark_winner(campaign_id: int, entry_id: int):
    require(rules.may_manage_campaigns(current_user))
    campaign = load_or_404(StoryCampaign, campaign_id)
    entry = load_or_404(CampaignEntry, entry_id, lambda _user, e: e.campaign_id == campaign.id)
    form = WinnerForm()
    if not form.validate():
        flash(_("The request could not be understood. Please try again."), "error")
        return _to_campaign(campaign)
    title = entry.story.title
    outcome = attempt(lambda: services.set_winner(entry, current_person(), form.marks_winner))
    if outcome.refused:
        show_refusal(outcome.refusal)
        return _to_campaign(campaign)
    changed = outcome.value
    if changed and form.marks_winner:
        flash(_("“%(title)s” is now a winner; its author has been told.", title=title), "success")
    elif changed:
        flash(_("“%(title)s” is no longer a winner.", title=title), "success")
    return _to_campaign(campaign)


# --- authors: entering a story -----------------------------------------------------------------


@blueprint.post("/stories/<int:story_id>/campaigns")
@login_required
def enter_campaign(story_id: int):
    # A story the person may not even see is not there for them (404 confirms nothing).
    story = load_or_404(Story, story_id, rules.may_view_story)
    require(rules.is_author(current_user, story))
    form = EnterCampaignForm()
    if not form.validate():
        flash(_("Choose a campaign."), "error")
        return redirect(url_for(".show", story_id=story.id))
    campaign = load_or_404(StoryCampaign, form.campaign_id.data)
    outcome = attempt(lambda: services.enter_story(story, campaign, current_person()))
    if outcome.refused:
        show_refusal(outcome.refusal)
        return redirect(url_for(".show", story_id=story.id))
    if story.is_published:
        message = _("Your story was entered into “%(campaign)s”.", campaign=campaign.title)
    else:
        message = _(
            "Your story was entered into “%(campaign)s”. It appears on the campaign page once "
            "a moderator has published it.",
            campaign=campaign.title,
        )
    flash(message, "success")
    return redirect(url_for(".show", story_id=story.id))
