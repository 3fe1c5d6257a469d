"""Donor businesses as a layer of /map (app.map.layers): one point per listed donor, at the
centre of its organisation's area (organisations have no point of their own), with its name,
area and pledges. Only donors of the public directory; never a facility, never a beneficiary."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.didimdol.blueprint import blueprint
from app.didimdol.directory import ListedDonor, listed_donors
from app.geo import from_db_geometry
from app.map_layers import MapLayer, register_layer

register_layer(
    MapLayer(
        key="didimdol-donors",
        label=_l("Didimdol donor businesses"),
        data_endpoint="didimdol.donor_places",
        list_endpoint="didimdol.directory",
        list_label=_l("Didimdol donor businesses, as a list"),
    )
)


def _feature(donor: ListedDonor) -> dict[str, Any] | None:
    area = donor.enrolment.organisation.area
    shape = from_db_geometry(area.geom) if area is not None else None
    if area is None or shape is None or shape.is_empty:
        return None  # no area, no place on the map: the directory still lists it
    centre = shape.representative_point()  # inside the area, unlike a concave area's centroid
    lines = [area.name]
    if donor.signboard_number:
        lines.append(_("Didimdol sharing shop No. %(number)s", number=donor.signboard_number))
    lines += [offer.pledge.unit for offer in donor.pledges]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(centre.x, 5), round(centre.y, 5)]},
        "properties": {
            "name": donor.enrolment.organisation.name,
            "lines": lines,
            "url": url_for("didimdol.directory", _anchor=f"donor-{donor.enrolment.id}"),
        },
    }


@blueprint.get("/didimdol/donors.geojson")
def donor_places():
    features = [f for f in map(_feature, listed_donors()) if f is not None]
    response = jsonify({"type": "FeatureCollection", "features": features})
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["FIGURES_CACHE_SECONDS"]
    return response
