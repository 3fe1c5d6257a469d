"""Needs and offers as pages: the list, a pin's page, and the author's forms and actions.

Public pages are built from `public_pin()` (through `pin_card()`); the exact point and the
author's name are handed to a template only when `may_see_exact_location()` allows it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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

from app.access_log import record_view
from app.actions import FileChanges, attempt, show_refusal
from app.areas.finder import place_finder_config
from app.consents.queries import consent_panel
from app.i18n import format_day, safe_next_url
from app.lookups import current_person, load_or_404
from app.paging import MAX_NUMBERED_PAGE, parse_cursor
from app.permissions import require
from app.photos import PreparedPhoto, content_type_of, delete_photo, save_photo
from app.pins import rules
from app.pins.blueprint import blueprint
from app.pins.consent_records import NEED
from app.pins.extension_points import page_panel_for
from app.pins.forms import PinFilterForm, PinForm
from app.pins.listing import list_pins
from app.pins.models import NeedConsent, Pin, PinKind, PinStatus
from app.pins.picker import picker_start
from app.pins.privacy import PublicPin, with_authors_text
from app.pins.services import (
    create_pin,
    exact_point,
    parse_pin_filters,
    pin_card,
    pin_cards,
    renew_need,
    update_pin,
    withdraw_pin,
)
from app.query_args import enum_arg, id_arg, page_arg
from app.rate_limits import limit_posting
from app.sharing import SharingCard
from app.submissions import attempt_once


def _visible_pin(pin_id: int) -> Pin:
    """The pin if this person may see it; otherwise it does not exist for them."""
    return load_or_404(Pin, pin_id, rules.may_view_pin)


def _to_pin(pin: Pin):
    return redirect(url_for(".show", pin_id=pin.id))


def _back_or_to_pin(pin: Pin):
    """After an action: back to the page it was taken from (a person's page, /my), else the
    pin's page. Only a path on this site is followed."""
    return redirect(safe_next_url(request.form.get("next"), url_for(".show", pin_id=pin.id)))


# --- the list ----------------------------------------------------------------------------------


@blueprint.get("/pins")
def index():
    filters = parse_pin_filters(request.args)
    number = page_arg(request.args)
    if number > MAX_NUMBERED_PAGE:
        # Skipping to page 500 would read 10,000 rows to throw them away: the numbered pages
        # stop at the bound, and the "Next" links go on from there by cursor.
        flash(
            _(
                "Pages can be opened by number up to page %(last)d. Go on from there with "
                "“Next”, or narrow the list with the filters.",
                last=MAX_NUMBERED_PAGE,
            ),
            "info",
        )
        return redirect(url_for(".index", page=MAX_NUMBERED_PAGE, **filters.as_args()))
    page = list_pins(
        filters,
        number,
        after=parse_cursor(request.args.get("after")),
        before=parse_cursor(request.args.get("before")),
    )
    return render_template(
        "pins/index.html",
        page=page,
        cards=pin_cards(page.pins),
        filters=filters,
        filter_form=PinFilterForm(filters),
    )


# --- a pin's page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrivateDetails:
    """What only the author and the area's staff see."""

    lon: float
    lat: float
    author_name: str
    consent: NeedConsent | None  # a need posted for someone else (rules.may_see_consent)


def _sharing_card(public: PublicPin) -> SharingCard | None:
    """From `public_pin()` only: never the author, the exact place, or withheld words. An
    "I can help" offer has no public page, so nothing to share. Endpoints are named in full:
    other blueprints draw this page too (a refused "I can help" answers with it)."""
    if not public.listed:
        return None
    return SharingCard(
        title=public.title,
        description=public.description or public.title,
        path=url_for("pins.show", pin_id=public.id),
        image_path=url_for("pins.photo", pin_id=public.id) if public.has_photo else None,
    )


@blueprint.get("/pins/<int:pin_id>")
def show(pin_id: int):
    pin = _visible_pin(pin_id)
    private = None
    if rules.may_see_exact_location(current_user, pin):
        # Staff of the area see the point and the author: logged before it is shown (PIPA).
        record_view("need", pin.id, person_id=pin.author_id)
        lon, lat = exact_point(pin)
        consent = pin.consent if rules.may_see_consent(current_user, pin) else None
        private = PrivateDetails(
            lon=lon, lat=lat, author_name=pin.author.display_name, consent=consent
        )
    card = pin_card(pin)
    # What a shared link shows is what the public sees, whoever shares it (the author too).
    sharing = _sharing_card(card.public)
    words_not_public = card.public.text_withheld and rules.may_read_need_text(current_user, pin)
    if words_not_public:
        card = replace(card, public=with_authors_text(card.public, pin))
    author = rules.is_author(current_user, pin)
    panel = page_panel_for(pin, current_user)  # matching's panel (app.pins.extension_points)
    # The consent history: the area's staff and the author only (app.consents.queries).
    consents = consent_panel(NEED, pin, current_user) if pin.kind == PinKind.NEED else None
    return render_template(
        "pins/show.html",
        card=card,
        private=private,
        is_author=author,
        may_change=rules.may_change_now(current_user, pin),  # not when overdue
        may_renew=rules.may_renew_now(current_user, pin),
        panel=panel,
        consents=consents,
        words_not_public=words_not_public,
        sharing=sharing,
        # "I can help" (app.matching) is for people signed in: a visitor is asked to log in
        # and is brought back here.
        log_in_to_help=(
            not current_user.is_authenticated
            and pin.kind == PinKind.NEED
            and pin.current_status() == PinStatus.OPEN
        ),
    )


@blueprint.get("/pins/<int:pin_id>/photo")
def photo(pin_id: int):
    pin = _visible_pin(pin_id)
    if not pin.photo:
        abort(404)
    response = send_from_directory(
        current_app.config["UPLOAD_FOLDER"],
        pin.photo,
        mimetype=content_type_of(pin.photo),
        max_age=0,  # a withdrawn pin's photo must not live on in caches
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# --- the author's forms ------------------------------------------------------------------------


@blueprint.route("/pins/new", methods=["GET", "POST"])
@limit_posting
@login_required
def create():
    kind = enum_arg(request.args, "kind", PinKind)
    if kind is None:
        return render_template("pins/choose_kind.html")
    me = current_person()
    form = PinForm(kind=kind, author=me)
    # "Offer help" links from a need's page carry its category; an unknown one is ignored.
    category_id = id_arg(request.args, "category") if request.method == "GET" else None
    if category_id is not None:
        form.category.data = category_id
    if form.validate_on_submit():
        files = FileChanges(remove=delete_photo)
        outcome = attempt_once(
            form,
            Pin,
            lambda: _with_photo(create_pin(me, form.details()), form.prepared_photo, files),
            files=files,
        )
        if outcome.refused:
            # A rule the service checked (it may have changed since the form was drawn).
            show_refusal(outcome.refusal, form)
        else:
            pin = outcome.value
            if kind == PinKind.NEED:
                flash(_("Your need is on the map, at an approximate place."), "success")
            else:
                flash(_("Your offer is on the map."), "success")
            return _to_pin(pin)
    return _form_page(form, kind, pin_id=None)


@blueprint.route("/pins/<int:pin_id>/edit", methods=["GET", "POST"])
@login_required
def edit(pin_id: int):
    pin = _visible_pin(pin_id)
    require(rules.may_edit_pin(current_user, pin))
    if not rules.may_change_now(current_user, pin):  # an overdue need is renewed first
        flash(_("This can no longer be changed."), "error")
        return _to_pin(pin)
    form = PinForm(kind=pin.kind, author=current_person(), pin=pin)
    if form.validate_on_submit():
        files = FileChanges(remove=delete_photo)

        def save_changes() -> Pin:
            update_pin(pin, current_person(), form.details())
            return _with_photo(pin, form.prepared_photo, files, form.wants_photo_removed)

        outcome = attempt(save_changes, files=files)
        if outcome.refused:
            # A rule the service checked (it may have changed since the form was drawn).
            show_refusal(outcome.refusal, form)
        else:
            flash(_("Your changes were saved."), "success")
            return _to_pin(pin)
    return _form_page(form, pin.kind, pin_id=pin.id, photo=pin.photo is not None)


def _form_page(form: PinForm, kind: PinKind, pin_id: int | None, photo: bool = False) -> str:
    start = picker_start(current_person())
    return render_template(
        "pins/form.html",
        form=form,
        kind=kind,
        pin_id=pin_id,
        photo=photo,
        finder=place_finder_config(),
        start_bounds=start.leaflet_bounds() if start else None,
    )


def _with_photo(
    pin: Pin, new_photo: PreparedPhoto | None, files: FileChanges, remove: bool = False
) -> Pin:
    """Write a new photo only once everything else is valid; the old one goes once the
    change is committed, and a new one goes again if the commit fails (`files`)."""
    if new_photo is not None:
        files.drop(pin.photo)
        pin.photo = files.wrote(save_photo(new_photo))
    elif remove:
        files.drop(pin.photo)
        pin.photo = None
    return pin


# --- the author's actions ----------------------------------------------------------------------


@blueprint.post("/pins/<int:pin_id>/withdraw")
@login_required
def withdraw(pin_id: int):
    pin = _visible_pin(pin_id)
    require(rules.may_edit_pin(current_user, pin))
    outcome = attempt(lambda: withdraw_pin(pin))
    if outcome.refused:
        show_refusal(outcome.refusal)
        return _back_or_to_pin(pin)
    if pin.kind == PinKind.NEED:
        flash(_("Your need was withdrawn: it no longer shows on the map."), "success")
    else:
        flash(_("Your offer was withdrawn: it no longer shows on the map."), "success")
    return _back_or_to_pin(pin)


@blueprint.post("/pins/<int:pin_id>/renew")
@login_required
def renew(pin_id: int):
    pin = _visible_pin(pin_id)
    require(rules.may_renew_pin(current_user, pin))
    outcome = attempt(lambda: renew_need(pin))
    if outcome.refused:
        show_refusal(outcome.refusal)
        return _back_or_to_pin(pin)
    # format_day is the templates' `day` filter.
    flash(_("Your need stays on the map until %(day)s.", day=format_day(pin.expires_at)), "success")
    return _back_or_to_pin(pin)
