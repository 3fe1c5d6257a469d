"""The voucher slip's QR code: the code alone (no address, no name), drawn inline by segno so
that the slip prints without a network and no outside service sees a code."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(code: str, title: str) -> Markup:
    # Level M survives a creased slip; 17 symbols make a small code a phone reads at arm's length.
    svg = segno.make(code, error="m").svg_inline(
        scale=4, title=title, svgclass="voucher-qr", border=2
    )
    return Markup(svg)  # noqa: S704  (segno's own markup; the title is escaped by segno)
