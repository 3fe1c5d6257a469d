"""The public list's total at scale, from the cluster counts the map keeps on every write.

The coarsest grid (app.map.clusters.CLUSTER_ZOOMS[0]) holds each listed pin once, so its
pin_cell_totals rows summed by status and kind are the list's total without a filter on
category or area, in a few dozen rows instead of a count over every pin. It still counts an
overdue need until `flask pins expire` reaches it: the list shows the figure as "about".
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.map.clusters import CLUSTER_ZOOMS
from app.map.models import PinCellTotal
from app.pins.extension_points import keeps_pin_totals
from app.pins.services import PinFilters


@keeps_pin_totals
def listed_pins_kept(filters: PinFilters) -> int | None:
    """The kept count for the filters, or None when the totals do not split that way."""
    if filters.category_id is not None or filters.area is not None:
        return None
    statement = select(func.coalesce(func.sum(PinCellTotal.pins), 0)).where(
        PinCellTotal.zoom == CLUSTER_ZOOMS[0],
        PinCellTotal.status.in_([status.value for status in filters.statuses]),
    )
    if filters.kind is not None:
        statement = statement.where(PinCellTotal.kind == filters.kind.value)
    return int(db.session.scalar(statement) or 0)
