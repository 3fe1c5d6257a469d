"""Layers a higher feature adds to /map (Didimdol's donor businesses): each is a public GeoJSON
endpoint of places that name no person, and a list page with the same places for those who
cannot use the map. In the core, not in app.map: Didimdol sits beside the map in the
layers (neither imports the other), and both may import the core."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString


@dataclass(frozen=True)
class MapLayer:
    key: str  # ASCII, stable: a CSS class and the control's id
    label: LazyString  # the layer's name in the map's layer control
    data_endpoint: str  # a GET endpoint answering a GeoJSON FeatureCollection of points
    list_endpoint: str  # the page listing the same places
    list_label: LazyString  # the link to that page


_layers: dict[str, MapLayer] = {}


def register_layer(layer: MapLayer) -> None:
    _layers[layer.key] = layer


def map_layers() -> list[MapLayer]:
    return list(_layers.values())
