"""A match's own page: its private thread, what the need's author shares with the helper, and
the thank-you given with the fulfilment (the fulfil button itself is in app.matching.views)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.actions import attempt, show_refusal
from app.extensions import db
from app.lookups import current_person, load_or_404
from app.matching import rules
from app.matching.blueprint import blueprint
from app.matching.models import Match
from app.matching.threads.forms import FulfilForm, MessageForm, ShareForm
from app.matching.threads.models import MatchMessage, SharedContact
from app.matching.threads.page import match_page
from app.matching.threads.services import mark_read, post_message, share_contact, withdraw_share
from app.permissions import require
from app.rate_limits import limit_posting
from app.submissions import attempt_once
from app.transactions import writes


def _match(match_id: int) -> Match:
    return load_or_404(Match, match_id, rules.may_read_thread)


def _page(match: Match, status: int = 200, **forms):
    me = current_person()
    page = match_page(match, me)
    # The access log of what was shown is kept before the page is drawn, and whatever the
    # read marker's attempt below does (a refusal there rolls back).
    db.session.commit()
    # The page is drawn: the viewer has read the thread this far. A twin request that set the
    # marker first is no failure (the marker only moves forward).
    attempt(lambda: mark_read(match, me, page.messages))
    return render_template(
        "matching/threads/show.html",
        page=page,
        message_form=forms.get("message_form") or MessageForm(formdata=None),
        share_form=forms.get("share_form") or ShareForm(formdata=None),
        fulfil_form=forms.get("fulfil_form") or FulfilForm(formdata=None),
    ), status


def _to_page(match: Match, anchor: str):
    return redirect(url_for("matching.show", match_id=match.id, _anchor=anchor))


@blueprint.get("/matches/<int:match_id>")
@writes  # the read marker, and the log of the helper's view of what was shared
@login_required
def show(match_id: int):
    return _page(_match(match_id))


@blueprint.post("/matches/<int:match_id>/messages")
@limit_posting
@login_required
def post(match_id: int):
    match = _match(match_id)
    me = current_person()
    require(rules.may_post_message(me, match))
    form = MessageForm()
    if not form.validate():
        return _page(match, 400, message_form=form)
    outcome = attempt_once(form, MatchMessage, lambda: post_message(match, me, form.body.data))
    if outcome.refused:
        show_refusal(outcome.refusal, form)
        return _page(match, 400, message_form=form)
    flash(_("Your message was sent."), "success")
    return _to_page(match, "thread")


@blueprint.post("/matches/<int:match_id>/share")
@login_required
def share(match_id: int):
    match = _match(match_id)
    me = current_person()
    require(rules.may_share_contact(me, match))
    form = ShareForm()
    if not form.validate():
        return _page(match, 400, share_form=form)
    outcome = attempt_once(
        form,
        SharedContact,
        lambda: share_contact(match, me, bool(form.share_place.data), form.phone.data),
    )
    if outcome.refused:
        show_refusal(outcome.refusal, form)
        return _page(match, 400, share_form=form)
    flash(_("Shared with the helper only. You can withdraw it at any time."), "success")
    return _to_page(match, "shared")


@blueprint.post("/matches/<int:match_id>/share/withdraw")
@login_required
def withdraw(match_id: int):
    match = _match(match_id)
    require(rules.may_share_contact(current_person(), match))
    outcome = attempt(lambda: withdraw_share(match))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("Withdrawn: the helper no longer sees it."), "success")
    return _to_page(match, "shared")


def page_after_bad_fulfil(match: Match, form: FulfilForm):
    """For app.matching.views: a thank-you too long is answered at its field."""
    return _page(match, 400, fulfil_form=form)
