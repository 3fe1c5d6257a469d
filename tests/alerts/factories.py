"""Areas, categories and alerts the alert tests share: a gu with two dongs side by side, a
dong of another gu, and subscriptions made through the service as the form would."""

from __future__ import annotations

from types import SimpleNamespace

from app.alerts.services import AlertChoice, add_subscription
from app.areas.models import AreaLevel
from tests.factories import make_area, make_category

# Each dong is about 4 km across: a pin at its middle has its public cell inside it too.
WEST = (126.90, 37.50, 126.95, 37.55)
EAST = (126.95, 37.50, 127.00, 37.55)
ELSEWHERE = (127.10, 37.50, 127.15, 37.55)


def middle(bounds: tuple[float, float, float, float]) -> dict[str, float]:
    return {"lon": (bounds[0] + bounds[2]) / 2, "lat": (bounds[1] + bounds[3]) / 2}


def make_places() -> SimpleNamespace:
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.00, 37.55))
    other_gu = make_area(level=AreaLevel.GU, bounds=ELSEWHERE)
    return SimpleNamespace(
        gu=gu,
        west=make_area(bounds=WEST, parent=gu),
        east=make_area(bounds=EAST, parent=gu),
        elsewhere=make_area(bounds=ELSEWHERE, parent=other_gu),
        food=make_category(name_en="Food", name_ko="식료품"),
        heating=make_category(name_en="Heating", name_ko="난방"),
    )


def subscribe(person, areas, categories=(), *, needs=True, offers=False, organisation=None):
    choice = AlertChoice(
        needs=needs,
        offers=offers,
        area_ids=[area.id for area in areas],
        category_ids=[category.id for category in categories],
    )
    return add_subscription(person, choice, organisation)
