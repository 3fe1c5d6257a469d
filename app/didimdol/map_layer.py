"""Donor businesses as a layer of /map (app.map.layers): one point per listed donor, at the
shop's own place where it set one (the place its pledges' offer pins stand at,
app.didimdol.pledge_pins), else inside its organisation's area, with its name, area and
pledges. Only donors of the public directory; never a facility, never a beneficiary."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.areas.models import Area
from app.didimdol.blueprint import blueprint
from app.didimdol.directory import ListedDonor, listed_donors
from app.didimdol.pin_models import DonorPlace
from app.extensions import db
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


Spot = tuple[float, float]


def _area_spot(area: Area | None, known: dict[int, Spot | None]) -> Spot | None:
    """A point inside the area (unlike a concave area's centroid), each area's shape read once."""
    if area is None:
        return None
    if area.id not in known:
        shape = from_db_geometry(area.geom)
        inside = None if shape is None or shape.is_empty else shape.representative_point()
        known[area.id] = (inside.x, inside.y) if inside is not None else None
    return known[area.id]


def _feature(
    donor: ListedDonor, shops: dict[int, Spot], areas: dict[int, Spot | None]
) -> dict[str, Any] | None:
    area = donor.enrolment.organisation.area
    spot = shops.get(donor.enrolment.id) or _area_spot(area, areas)
    if spot is None:
        return None  # no place and no area: the directory still lists it
    lines = [area.name] if area is not None else []
    if donor.signboard_number:
        lines.append(_("Didimdol sharing shop No. %(number)s", number=donor.signboard_number))
    lines += [offer.pledge.unit for offer in donor.pledges]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(spot[0], 5), round(spot[1], 5)]},
        "properties": {
            "name": donor.enrolment.organisation.name,
            "lines": lines,
            "url": url_for("didimdol.directory", _anchor=f"donor-{donor.enrolment.id}"),
        },
    }


@blueprint.get("/didimdol/donors.geojson")
def donor_places():
    shops = {p.enrolment_id: (p.lon, p.lat) for p in db.session.scalars(select(DonorPlace))}
    areas: dict[int, Spot | None] = {}
    features = [
        feature
        for feature in (_feature(donor, shops, areas) for donor in listed_donors())
        if feature is not None
    ]
    response = jsonify({"type": "FeatureCollection", "features": features})
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["FIGURES_CACHE_SECONDS"]
    return response
