"""The map page, its pins API and the open-data exports."""

from flask import Flask
from flask.blueprints import BlueprintSetupState

from app import sessionless
from app.map import (  # noqa: F401  (views, an area page's map, the list's kept total)
    api,
    area_outline,
    exports,
    pin_list_totals,
    tile_api,
    views,
)
from app.map.blueprint import blueprint
from app.map.tiles import make_cache


@blueprint.record_once
def _serve_tiles(state: BlueprintSetupState) -> None:
    """Tiles are public answers for shared caches: no session, and a kept copy per version."""
    app = state.app
    assert isinstance(app, Flask)  # a blueprint is registered on the Flask app
    config = app.config
    sessionless.serve_without_session(app, tile_api.PREFIX)
    app.extensions[tile_api.CACHE_EXTENSION] = make_cache(
        config["MAP_TILE_CACHE"], config["MAP_TILE_CACHE_BYTES"], config["MAP_TILE_CACHE_SECONDS"]
    )


__all__ = ["blueprint"]
