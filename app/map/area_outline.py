"""An area's outline on a map, on the area's page (app.areas.extension_points).

The map shows the gu's or dong's boundary and nothing else: no pins are put into the page
(the figures and lists beside it are the page's content, and the map's list alternative).
The outline is simplified to about 10 m, which keeps a real gu's boundary to a few kilobytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app.areas.extension_points import page_section
from app.areas.models import Area
from app.geo import outline_geojson
from app.map.page import MapShell, map_shell
from app.pins.privacy import COORDINATE_DECIMALS

OUTLINE_SIMPLIFY_DEGREES = 0.0001  # about 10 m in Seoul


@dataclass(frozen=True)
class AreaOutline:
    shell: MapShell
    config: dict[str, Any]  # read by static/js/area_map.js


@page_section("map/_area_outline.html", order=10)
def outline_section(area: Area) -> AreaOutline:
    shell = map_shell()
    outline = {
        "type": "Feature",
        "properties": {"name": area.name},
        "geometry": outline_geojson(area.geom, OUTLINE_SIMPLIFY_DEGREES, COORDINATE_DECIMALS),
    }
    config = {
        "mapName": shell.map_name,
        "outline": outline,
        "messages": {"zoomIn": _("Zoom in"), "zoomOut": _("Zoom out")},
    }
    return AreaOutline(shell, config)
