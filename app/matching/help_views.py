""" "I can help" on a need's page (app.matching.helping): one POST, answered with the match's
conversation, or with the need's page and the message's error at its field."""

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.actions import show_refusal
from app.lookups import current_person, load_or_404
from app.matching import rules
from app.matching.blueprint import blueprint
from app.matching.forms import HelpForm
from app.matching.helping import offer_help
from app.matching.models import Match
from app.permissions import require
from app.pins.models import Pin, PinKind
from app.pins.rules import may_view_pin
from app.pins.views import show as need_page
from app.rate_limits import limit_posting
from app.submissions import attempt_once


def _visible_need(viewer, pin: Pin) -> bool:
    return pin.kind == PinKind.NEED and may_view_pin(viewer, pin)


@blueprint.post("/pins/<int:pin_id>/help")
@limit_posting
@login_required
def offer_help_for(pin_id: int):
    need = load_or_404(
        Pin, pin_id, lambda viewer, pin: pin.kind == PinKind.NEED and may_view_pin(viewer, pin)
    )
    me = current_person()
    require(rules.may_offer_help(me, need))
    form = HelpForm()
    if form.validate():
        outcome = attempt_once(form, Match, lambda: offer_help(need, me, form.message.data))
        if not outcome.refused:
            flash(
                _("Your message was sent. The person in need will accept or decline your help."),
                "success",
            )
            return redirect(url_for(".show", match_id=outcome.value.id, _anchor="thread"))
        show_refusal(outcome.refusal, form)
    g.help_form = form  # the need's page draws its matching panel with this form and its errors
    return need_page(need.id), 400
