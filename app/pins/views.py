"""Needs and offers as pages: the list, a pin's page, and the author's forms and actions.

Public pages are built from `public_pin()` (through `pin_card()`); the exact point and the
author's name are handed to a template only when `may_see_exact_location()` allows it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

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

from app.areas.services import area_overview
from app.extensions import db
from app.i18n import format_day
from app.matching.panels import panel_for
from app.permissions import is_author, may_edit_pin, may_renew_pin, require
from app.photos import PreparedPhoto, content_type_of, delete_photo, save_photo
from app.pins import blueprint
from app.pins.forms import PinFilterForm, PinForm
from app.pins.models import ACTIVE_STATUSES, Pin, PinKind, PinStatus
from app.pins.privacy import may_see_exact_location
from app.pins.services import (
    NotAllowedState,
    NotAMember,
    PinError,
    WrongCategory,
    create_pin,
    effective_status,
    exact_point,
    list_pins,
    may_view_pin,
    parse_pin_filters,
    pin_card,
    renew_need,
    update_pin,
    withdraw_pin,
)


def _me():
    return current_user._get_current_object()


def _visible_pin(pin_id: int) -> Pin:
    """The pin if this person may see it; otherwise it does not exist for them."""
    pin = db.session.get(Pin, pin_id)
    if pin is None or not may_view_pin(current_user, pin):
        abort(404)
    return pin


def _to_pin(pin: Pin):
    return redirect(url_for(".show", pin_id=pin.id))


# --- the list ----------------------------------------------------------------------------------


@blueprint.get("/pins")
def index():
    filters = parse_pin_filters(request.args)
    page = list_pins(filters, request.args.get("page", 1, type=int))
    return render_template(
        "pins/index.html",
        page=page,
        cards=[pin_card(pin) for pin in page.items],
        filters=filters,
        filter_form=PinFilterForm(filters, area_overview()),
    )


# --- a pin's page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrivateDetails:
    """What only the author and the area's staff see."""

    lon: float
    lat: float
    author_name: str


@blueprint.get("/pins/<int:pin_id>")
def show(pin_id: int):
    pin = _visible_pin(pin_id)
    private = None
    if may_see_exact_location(current_user, pin):
        lon, lat = exact_point(pin)
        private = PrivateDetails(lon=lon, lat=lat, author_name=pin.author.display_name)
    card = pin_card(pin)
    author = is_author(current_user, pin)
    panel = panel_for(pin, current_user)  # app.matching: the pin's match panel
    return render_template(
        "pins/show.html",
        card=card,
        private=private,
        is_author=author,
        may_change=author and card.public.status in ACTIVE_STATUSES,  # not when overdue
        may_renew=may_renew_pin(current_user, pin)
        and card.public.status in (PinStatus.OPEN, PinStatus.MATCHED, PinStatus.EXPIRED),
        panel=panel,
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
@login_required
def create():
    kind = _kind_from(request.args.get("kind"))
    if kind is None:
        return render_template("pins/choose_kind.html")
    me = _me()
    form = PinForm(kind=kind, author=me)
    if request.method == "GET" and request.args.get("category"):
        # "Offer help" links from a need's page carry its category; an unknown one is ignored.
        with contextlib.suppress(ValueError):
            form.category.data = form.category.coerce(request.args["category"])
    if form.validate_on_submit():
        try:
            pin = create_pin(me, form.details())
        except PinError as error:
            _show_at_field(form, error)
        else:
            _commit_with_photo(pin, form.prepared_photo)
            if kind == PinKind.NEED:
                flash(_("Your need is on the map, at an approximate place."), "success")
            else:
                flash(_("Your offer is on the map."), "success")
            return _to_pin(pin)
    return render_template("pins/form.html", form=form, kind=kind, pin_id=None)


def _kind_from(value: str | None) -> PinKind | None:
    return PinKind(value) if value in {k.value for k in PinKind} else None


@blueprint.route("/pins/<int:pin_id>/edit", methods=["GET", "POST"])
@login_required
def edit(pin_id: int):
    pin = _visible_pin(pin_id)
    require(may_edit_pin(current_user, pin))
    if effective_status(pin) not in ACTIVE_STATUSES:  # an overdue need is renewed first
        flash(_("This can no longer be changed."), "error")
        return _to_pin(pin)
    form = PinForm(kind=pin.kind, author=_me(), pin=pin)
    if form.validate_on_submit():
        try:
            update_pin(pin, _me(), form.details())
        except PinError as error:
            _show_at_field(form, error)
        else:
            _commit_with_photo(pin, form.prepared_photo, remove=form.wants_photo_removed)
            flash(_("Your changes were saved."), "success")
            return _to_pin(pin)
    return render_template(
        "pins/form.html", form=form, kind=pin.kind, pin_id=pin.id, photo=pin.photo is not None
    )


def _show_at_field(form: PinForm, error: PinError) -> None:
    """A rule the service checked (it may have changed since the form was drawn)."""
    if isinstance(error, WrongCategory):
        form.category.errors.append(_("Choose one of the listed categories."))
    elif isinstance(error, NotAMember) and form.organisation is not None:
        form.organisation.errors.append(_("Choose yourself or one of your organisations."))
    else:
        flash(_("This cannot be done now."), "error")


def _commit_with_photo(pin: Pin, new_photo: PreparedPhoto | None, remove: bool = False) -> None:
    """Commit the pin with its new photo. A photo file is written only once everything else
    is valid, and removed again if the commit fails; a replaced photo goes once committed."""
    old_photo = pin.photo
    written = None
    if new_photo is not None:
        written = save_photo(new_photo)
        pin.photo = written
    elif remove:
        pin.photo = None
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        delete_photo(written)
        raise
    if old_photo and old_photo != pin.photo:
        delete_photo(old_photo)


# --- the author's actions ----------------------------------------------------------------------


@blueprint.post("/pins/<int:pin_id>/withdraw")
@login_required
def withdraw(pin_id: int):
    pin = _visible_pin(pin_id)
    require(may_edit_pin(current_user, pin))
    try:
        withdraw_pin(pin)
    except NotAllowedState:
        flash(_("This can no longer be withdrawn."), "error")
        return _to_pin(pin)
    db.session.commit()
    if pin.kind == PinKind.NEED:
        flash(_("Your need was withdrawn: it no longer shows on the map."), "success")
    else:
        flash(_("Your offer was withdrawn: it no longer shows on the map."), "success")
    return _to_pin(pin)


@blueprint.post("/pins/<int:pin_id>/renew")
@login_required
def renew(pin_id: int):
    pin = _visible_pin(pin_id)
    require(may_renew_pin(current_user, pin))
    try:
        renew_need(pin)
    except NotAllowedState:
        flash(_("This need can no longer be renewed."), "error")
        return _to_pin(pin)
    db.session.commit()
    # format_day is the templates' `day` filter.
    flash(_("Your need stays on the map until %(day)s.", day=format_day(pin.expires_at)), "success")
    return _to_pin(pin)
