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
from app.map.kept_tiles import KeptTiles
from app.map.region_versions import RegionVersions
from app.map.tiles import make_cache, tile_cache_url


@blueprint.record_once
def _serve_tiles(state: BlueprintSetupState) -> None:
    """Tiles are public answers for shared caches: no session, and a kept copy per version."""
    app = state.app
    assert isinstance(app, Flask)  # a blueprint is registered on the Flask app
    config = app.config
    sessionless.serve_without_session(app, tile_api.PREFIX)
    versions = RegionVersions(config["MAP_REGION_VERSIONS_SECONDS"])
    app.extensions[tile_api.REGION_VERSIONS_EXTENSION] = versions
    app.extensions[tile_api.CACHE_EXTENSION] = make_cache(
        tile_cache_url(config["MAP_TILE_CACHE"], config["CACHE_URL"]),
        config["MAP_TILE_CACHE_BYTES"],
        config["MAP_TILE_CACHE_SECONDS"],
    )
    # Kept answers go out before Flask's hooks (app.map.kept_tiles).
    app.wsgi_app = KeptTiles(  # type: ignore[method-assign]
        app.wsgi_app,
        prefix=tile_api.PREFIX,
        versions=versions,
        cache=lambda: app.extensions.get(tile_api.CACHE_EXTENSION),
        key_for=tile_api.tile_key,
    )


__all__ = ["blueprint"]
