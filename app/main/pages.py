"""The site's own information pages: privacy policy, terms, help and contact.

Their words live in the templates (templates/main/pages/), translated like every other string;
the views only name the operator and the support address, which an operator sets in the
configuration (SITE_OPERATOR, SUPPORT_EMAIL) and which the pages admit to when unset.
"""

from flask import current_app, render_template

from app.main.blueprint import blueprint


def _render(template: str, **context):
    return render_template(
        f"main/pages/{template}",
        site_operator=current_app.config["SITE_OPERATOR"],
        support_email=current_app.config["SUPPORT_EMAIL"],
        **context,
    )


@blueprint.get("/privacy")
def privacy():
    config = current_app.config
    return _render(
        "privacy.html",
        need_lifetime_days=config["NEED_LIFETIME_DAYS"],
        registration_link_hours=config["REGISTRATION_LINK_HOURS"],
        remember_days=config["REMEMBER_COOKIE_DURATION"].days,
        grid_metres=config["PIN_GRID_METRES"],
        text_min_neighbours=config["NEED_TEXT_MIN_NEIGHBOURS"],
    )


@blueprint.get("/terms")
def terms():
    return _render("terms.html")


@blueprint.get("/help")
def help_page():
    return _render("help.html")


@blueprint.get("/contact")
def contact():
    return _render("contact.html")
