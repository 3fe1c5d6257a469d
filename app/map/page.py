"""The map's shell, built by folium: the Leaflet map and its tiles, and no pins at all.

Pins are loaded by the browser for the visible area (app.map.api, static/js/map.js), so the
page is the same size whether there are ten pins or a million.

folium writes a stand-alone HTML document; the page takes only three things from it, so that
it fits the site's Content Security Policy (scripts need the response's nonce; styles must be
files from our origin) and references no CDN:
- the links to Leaflet and markercluster, which point at our vendored copies (`default_js`/
  `default_css` replaced), and are checked to be same-origin;
- the id of the map's container, which the template writes itself (with an accessible name);
- the script that creates the map, which the template puts in a <script> with the nonce.
folium's inline <style> blocks (full-window sizing for a stand-alone page), its viewport meta
(which forbids zooming the page) and its L_NO_TOUCH script (Leaflet's defaults) are left out;
the container's size is in static/css/site.css.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import folium
from branca.element import CssLink, Figure, JavascriptLink
from flask import current_app, url_for
from markupsafe import Markup

# The minified builds the packages ship (leaflet.js is Leaflet's; -src.js files are for reading).
LEAFLET_JS = "leaflet/leaflet.js"
MARKERCLUSTER_JS = "leaflet.markercluster/leaflet.markercluster.js"
STYLESHEETS = (
    "leaflet/leaflet.css",
    "leaflet.markercluster/MarkerCluster.css",
    "leaflet.markercluster/MarkerCluster.Default.css",
)


@dataclass(frozen=True)
class ShellSettings:
    """Everything the shell depends on (hashable: one rendering is reused per settings)."""

    tile_url: str
    attribution: str
    centre: tuple[float, float]  # (lat, lon), as folium takes it
    start_zoom: int
    min_zoom: int
    max_zoom: int
    scripts: tuple[tuple[str, str], ...]  # (name, URL) for folium's default_js
    stylesheets: tuple[tuple[str, str], ...]  # (name, URL) for folium's default_css


@dataclass(frozen=True)
class MapShell:
    map_name: str  # the Leaflet map's variable in `script`, and its container's id
    stylesheets: tuple[str, ...]  # URLs, for <link>s in the page's <head>
    libraries: tuple[str, ...]  # URLs, for <script src>s before `script`
    script: Markup  # JavaScript (no <script> tags): the template adds them, with the nonce


def current_settings() -> ShellSettings:
    config = current_app.config

    def vendor(path: str) -> str:
        return url_for("static", filename=f"{config['VENDOR_STATIC']}/{path}")

    return ShellSettings(
        tile_url=config["MAP_TILE_URL"],
        attribution=config["MAP_TILE_ATTRIBUTION"],
        centre=tuple(config["MAP_CENTER"]),
        start_zoom=config["MAP_START_ZOOM"],
        min_zoom=config["MAP_MIN_ZOOM"],
        max_zoom=config["MAP_MAX_ZOOM"],
        scripts=(("leaflet", vendor(LEAFLET_JS)), ("markercluster", vendor(MARKERCLUSTER_JS))),
        stylesheets=tuple((path, vendor(path)) for path in STYLESHEETS),
    )


def map_shell() -> MapShell:
    return render_shell(current_settings())


class ForeignAsset(ValueError):
    """folium asked for a file from somewhere other than our own static folder."""


@lru_cache(maxsize=8)
def render_shell(settings: ShellSettings) -> MapShell:
    community_map = folium.Map(
        location=settings.centre,
        zoom_start=settings.start_zoom,
        tiles=settings.tile_url,
        attr=settings.attribution,
        min_zoom=settings.min_zoom,  # the tile layer's limits...
        max_zoom=settings.max_zoom,
        zoom_control=False,  # map.js adds one with translated button names
        minZoom=settings.min_zoom,  # ...and the map's: markercluster needs a maxZoom
        maxZoom=settings.max_zoom,
    )
    # Our copies instead of folium's CDN defaults (jQuery, Bootstrap, awesome-markers are
    # not used at all). Instance lists: folium's add_js_link would change the class's.
    community_map.default_js = list(settings.scripts)
    community_map.default_css = list(settings.stylesheets)

    figure = community_map.get_root()
    assert isinstance(figure, Figure)  # a folium Map's root is always a branca Figure
    figure.render()
    links = list(figure.header._children.values())
    return MapShell(
        map_name=community_map.get_name(),
        stylesheets=tuple(_own(link.url) for link in links if isinstance(link, CssLink)),
        libraries=tuple(_own(link.url) for link in links if isinstance(link, JavascriptLink)),
        # folium's own output from our settings: it writes every value with its JSON
        # filter, which escapes <, > and & (so no "</script>" can come out of a setting).
        script=Markup(figure.script.render().strip()),  # noqa: S704
    )


def _own(url: str) -> str:
    """Only files from our origin: the page must work without the internet."""
    if not url.startswith("/") or url.startswith("//"):
        raise ForeignAsset(url)
    return url
