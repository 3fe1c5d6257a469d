"""Matches: propose, accept, decline, cancel, mark fulfilled (all POST), and "your matches".

The forms live in the matching panel of a pin's page (app/templates/matching/_panel.html) and
on /matches; each sends back where it came from in `next`.
"""

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.actions import attempt, show_refusal
from app.i18n import safe_next_url
from app.lookups import current_person, load_or_404
from app.matching import rules
from app.matching.blueprint import blueprint
from app.matching.forms import MESSAGE_LENGTH, ProposeForm
from app.matching.models import Match
from app.matching.panels import my_matches
from app.matching.services import (
    accept_match,
    cancel_proposal,
    decline_match,
    fulfil_match,
    propose_match,
)
from app.matching.threads.forms import FulfilForm
from app.matching.threads.views import page_after_bad_fulfil
from app.permissions import require
from app.pins.models import Pin, PinKind
from app.rate_limits import limit_posting


def _back():
    return redirect(safe_next_url(request.form.get("next"), url_for(".mine")))


def _pin(pin_id: int | None, kind: PinKind) -> Pin:
    if not pin_id:
        abort(404)
    return load_or_404(Pin, pin_id, lambda _visitor, pin: pin.kind == kind)


@blueprint.get("/matches")
@login_required
def mine():
    return render_template("matching/mine.html", matches=my_matches(current_person()))


@blueprint.post("/matches")
@limit_posting
@login_required
def propose():
    form = ProposeForm()
    if not form.validate():
        if form.message.errors:
            flash(
                _("The message can have at most %(count)s characters.", count=MESSAGE_LENGTH),
                "error",
            )
        else:
            flash(_("Choose an offer to propose."), "error")
        return _back()
    need = _pin(form.need_id.data, PinKind.NEED)
    offer = _pin(form.offer_id.data, PinKind.OFFER)
    me = current_person()
    require(rules.may_propose(me, need, offer))
    outcome = attempt(lambda: propose_match(need, offer, me, form.message.data))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("Your proposal was sent. The other side will accept or decline it."), "success")
    return _back()


def _change(match_id: int, allowed: Callable, change: Callable, done: str, then: str | None = None):
    """`then`: where to go once done (else back where the form came from)."""
    match = load_or_404(Match, match_id)
    me = current_person()
    require(allowed(me, match))
    outcome = attempt(lambda: change(match, me))
    if outcome.refused:
        show_refusal(outcome.refusal)
        return _back()
    flash(done, "success")
    return redirect(then) if then else _back()


@blueprint.post("/matches/<int:match_id>/accept")
@login_required
def accept(match_id: int):
    # Straight to the conversation: "arrange it together" needs a place to do so.
    return _change(
        match_id,
        rules.may_decide,
        accept_match,
        _("Accepted. Arrange the help together in the conversation below."),
        then=url_for(".show", match_id=match_id, _anchor="thread"),
    )


@blueprint.post("/matches/<int:match_id>/decline")
@login_required
def decline(match_id: int):
    return _change(match_id, rules.may_decide, decline_match, _("The proposal was declined."))


@blueprint.post("/matches/<int:match_id>/cancel")
@login_required
def cancel(match_id: int):
    return _change(match_id, rules.may_cancel, cancel_proposal, _("Your proposal was withdrawn."))


@blueprint.post("/matches/<int:match_id>/fulfil")
@login_required
def fulfil(match_id: int):
    form = FulfilForm()
    if not form.validate():
        match = load_or_404(Match, match_id)  # as `_change` answers: 403 to others
        require(rules.may_fulfil(current_person(), match))
        return page_after_bad_fulfil(match, form)

    def fulfil_with_thanks(match: Match, person) -> None:
        thanks = form.thank_you.data if rules.may_thank(person, match) else None
        fulfil_match(match, thank_you=thanks, by=person)

    return _change(
        match_id,
        rules.may_fulfil,
        fulfil_with_thanks,
        _("Marked as fulfilled. Thank you for helping a neighbour."),
    )
