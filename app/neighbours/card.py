"""The card's QR code: the public check's address, drawn as inline SVG by segno (no external
service sees who is verified, and the page prints without a network)."""

from __future__ import annotations

import segno
from flask import url_for
from markupsafe import Markup

from app.neighbours.models import NeighbourAppointment
from app.sharing import absolute_url


def verification_url(appointment: NeighbourAppointment) -> str:
    """From SITE_URL, not the request: a card printed on an intranet address must still open
    the public site when a resident scans it."""
    return absolute_url(url_for("neighbours.verify", token=appointment.verification_token))


def qr_code(url: str) -> segno.QRCode:
    # Level M survives a worn or folded card; the address is short enough for a small code.
    return segno.make(url, error="m")


def qr_svg(url: str, title: str) -> Markup:
    svg = qr_code(url).svg_inline(scale=4, title=title, svgclass="neighbour-qr", border=2)
    return Markup(svg)  # noqa: S704  (segno's own markup; the title is escaped by segno)
