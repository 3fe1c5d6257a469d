"""The fixed map views every measurement uses: centres across Seoul, a 1280 x 800 px window.

A view's bounding box follows from its centre and zoom in Web Mercator (256 px tiles), the
projection Leaflet uses, so each zoom level asks for what a real browser window would show.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from load import HOT_SPOTS, METRES_PER_DEGREE, SEOUL_BOX

VIEWPORT_PX = (1280, 800)
TILE_PX = 256


@dataclass(frozen=True)
class Viewport:
    centre: tuple[float, float]  # lon, lat
    zoom: int
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    def query(self, **filters: str) -> str:
        """The /api/pins query string for this view."""
        bbox = ",".join(f"{v:.6f}" for v in self.bbox)
        extra = "".join(f"&{k}={v}" for k, v in filters.items() if v)
        return f"/api/pins?bbox={bbox}&zoom={self.zoom}{extra}"


def world_pixels(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    size = TILE_PX * (1 << zoom)
    sin_lat = math.sin(math.radians(lat))
    y = 0.5 - math.log((1 + sin_lat) / (1 - sin_lat)) / (4 * math.pi)
    return (lon + 180.0) / 360.0 * size, y * size


def lon_lat(px: float, py: float, zoom: int) -> tuple[float, float]:
    size = TILE_PX * (1 << zoom)
    lon = px / size * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / size))))
    return lon, lat


def bbox_around(lon: float, lat: float, zoom: int) -> tuple[float, float, float, float]:
    width, height = VIEWPORT_PX
    px, py = world_pixels(lon, lat, zoom)
    west, north = lon_lat(px - width / 2, py - height / 2, zoom)
    east, south = lon_lat(px + width / 2, py + height / 2, zoom)
    return west, south, east, north


def centres(count: int = 20, seed: int = 7) -> list[tuple[float, float]]:
    """Half of them near the busy districts (where people look), half anywhere in the box."""
    rng = random.Random(seed)
    min_lon, min_lat, max_lon, max_lat = SEOUL_BOX
    points = []
    for i in range(count):
        if i % 2 == 0:
            lon0, lat0, _weight, sigma = HOT_SPOTS[(i // 2) % len(HOT_SPOTS)]
            lat = lat0 + rng.gauss(0, sigma / 2) / METRES_PER_DEGREE
            lon = lon0 + rng.gauss(0, sigma / 2) / (
                METRES_PER_DEGREE * math.cos(math.radians(lat0))
            )
        else:
            lon = rng.uniform(min_lon + 0.03, max_lon - 0.03)
            lat = rng.uniform(min_lat + 0.02, max_lat - 0.02)
        points.append((round(lon, 5), round(lat, 5)))
    return points


def viewports(zoom: int, count: int = 20) -> list[Viewport]:
    return [Viewport((lon, lat), zoom, bbox_around(lon, lat, zoom)) for lon, lat in centres(count)]
