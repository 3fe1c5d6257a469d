"""The map page: folium's shell, the list's filters, and a way to the list itself."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.areas.finder import place_finder_config
from app.areas.models import Area
from app.areas.places import served_extent
from app.geo import from_db_geometry
from app.map.blueprint import blueprint
from app.map.clusters import CLUSTER_ZOOMS
from app.map.exports import open_data_files
from app.map.page import map_shell
from app.map_layers import map_layers
from app.pins.forms import PinFilterForm
from app.pins.services import PinFilters, parse_pin_filters


def pin_list_url(filters: PinFilters) -> str:
    """The list (app.pins) of the same pins."""
    args: dict[str, Any] = filters.as_args()  # url_for's query values are Any
    return url_for("pins.index", **args)


def area_bounds(area: Area | None) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the chosen area, for the map to show it first."""
    if area is None:
        return None
    min_lon, min_lat, max_lon, max_lat = from_db_geometry(area.geom).bounds
    return [[min_lat, min_lon], [max_lat, max_lon]]


def script_messages() -> dict[str, str]:
    """What map.js says, in the reader's language. `{n}` and `{name}` are filled in there."""
    return {
        "zoomIn": _("Zoom in"),
        "zoomOut": _("Zoom out"),
        "clusterOne": ngettext(
            "%(count)s pin here: select to zoom in",
            "%(count)s pins here: select to zoom in",
            1,
            count="{n}",
        ),
        "clusterOther": ngettext(
            "%(count)s pin here: select to zoom in",
            "%(count)s pins here: select to zoom in",
            2,
            count="{n}",
        ),
        "shownOne": ngettext(
            "%(count)s pin in this part of the map.",
            "%(count)s pins in this part of the map.",
            1,
            count="{n}",
        ),
        "shownOther": ngettext(
            "%(count)s pin in this part of the map.",
            "%(count)s pins in this part of the map.",
            2,
            count="{n}",
        ),
        "nothing": _("No pins with these filters in this part of the map."),
        # Each tile of the map holds at most MAP_TILE_MAX_POINTS pins.
        "truncated": _(
            "Not every pin here is shown: there are too many. Zoom in, or use the list."
        ),
        "failed": _("The pins could not be loaded. Please try again, or use the list."),
        "popupLoading": _("Loading…"),
        "popupFailed": _("This pin could not be loaded. It may have been withdrawn."),
        "openPin": _("Open this pin's page"),
        "approximate": _("Shown near its place, never at the exact point, to protect privacy."),
        "giver": _("From %(name)s", name="{name}"),
    }


@blueprint.get("/map")
def page():
    filters = parse_pin_filters(request.args)
    shell = map_shell()
    extent = served_extent()
    script_config = {
        "mapName": shell.map_name,
        "apiUrl": url_for("map.pins"),  # a pin's popup: /api/pins/<id>
        "tileUrl": url_for("map.tile", zoom=0, x=0, y=0).removesuffix("0/0/0"),
        "listUrl": pin_list_url(PinFilters()).split("?", 1)[0],
        "pointZoom": CLUSTER_ZOOMS[-1] + 1,
        "areaBounds": area_bounds(filters.area),
        # No chosen area: the map opens on every imported area, wherever the site serves.
        "servedBounds": extent.leaflet_bounds() if extent else None,
        "messages": script_messages(),
        "layers": [
            {"key": layer.key, "label": str(layer.label), "url": url_for(layer.data_endpoint)}
            for layer in map_layers()
        ],
    }
    return render_template(
        "map/page.html",
        shell=shell,
        # The list's own filter form (app.pins): the same fields, choices and defaults.
        filter_form=PinFilterForm(filters),
        list_url=pin_list_url(filters),
        script_config=script_config,
        finder=place_finder_config(),
        layers=map_layers(),
        open_data=open_data_files(),
    )
