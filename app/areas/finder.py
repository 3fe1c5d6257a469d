"""The place finder's settings for its template and script (static/js/place-finder.js): the
search's address and what the script says, in the reader's language."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.areas.places import SEARCH_MAX_LENGTH


def place_finder_config() -> dict[str, object]:
    return {
        "searchUrl": url_for("areas.search"),
        "maxLength": SEARCH_MAX_LENGTH,
        "messages": {
            # `{n}`, `{name}` are filled in by the script.
            "foundOne": ngettext("%(count)s area found.", "%(count)s areas found.", 1, count="{n}"),
            "foundOther": ngettext(
                "%(count)s area found.", "%(count)s areas found.", 2, count="{n}"
            ),
            "nothing": _("No served area has this name. Try another spelling, or Korean."),
            "failed": _("The search did not work. Please try again."),
            "shown": _("The map shows %(name)s.", name="{name}"),
            "locating": _("Finding your location…"),
            "located": _("The map shows your location."),
            "refused": _(
                "Your location was not shared with this site. Search for your neighbourhood "
                "or choose the place on the map instead."
            ),
            "unavailable": _(
                "Your location could not be found. Search for your neighbourhood or choose the "
                "place on the map instead."
            ),
        },
    }
