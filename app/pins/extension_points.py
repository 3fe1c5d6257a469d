"""What other features add to pins, so that pins imports none of them.

Matching builds on pins: a withdrawn pin's open matches end, a pin's page shows the matching
panel, and the giver of an agreed match reads the need's own words. The map keeps counts of
pins per cell, which the list reads as its total at scale. Pins calls whatever was
registered here instead of importing matching, so the dependency runs one way
(matching -> pins) and the import-layer contract can hold it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.pins.models import Pin

WithdrawnHandler = Callable[[Pin], None]
PanelBuilder = Callable[[Pin, Any], Any]
TextReaderCheck = Callable[[Pin, Any], bool]
KeptTotal = Callable[[Any], int | None]

_withdrawn_handlers: list[WithdrawnHandler] = []
_page_panels: list[PanelBuilder] = []
_text_reader_checks: list[TextReaderCheck] = []
_kept_totals: list[KeptTotal] = []


def when_withdrawn(handler: WithdrawnHandler) -> WithdrawnHandler:
    """Call `handler(pin)` inside the transaction that withdraws a pin."""
    if handler not in _withdrawn_handlers:
        _withdrawn_handlers.append(handler)
    return handler


def pin_withdrawn(pin: Pin) -> None:
    for handler in _withdrawn_handlers:
        handler(pin)


def page_panel(builder: PanelBuilder) -> PanelBuilder:
    """`builder(pin, viewer)` gives a panel for the pin's page, or None."""
    if builder not in _page_panels:
        _page_panels.append(builder)
    return builder


def page_panel_for(pin: Pin, viewer: Any) -> Any:
    """The first panel any feature has for this pin and viewer (matching's, today)."""
    for builder in _page_panels:
        panel = builder(pin, viewer)
        if panel is not None:
            return panel
    return None


def reads_need_text(check: TextReaderCheck) -> TextReaderCheck:
    """`check(need, viewer)` is True for someone else who may read a need's own words."""
    if check not in _text_reader_checks:
        _text_reader_checks.append(check)
    return check


def is_other_text_reader(need: Pin, viewer: Any) -> bool:
    return any(check(need, viewer) for check in _text_reader_checks)


def keeps_pin_totals(counter: KeptTotal) -> KeptTotal:
    """`counter(filters)` gives a kept count of the public pins matching app.pins.services'
    PinFilters (search words aside), or None when it keeps none for them. The list shows it,
    as "about", instead of counting a large table on every request (app.pins.listing)."""
    if counter not in _kept_totals:
        _kept_totals.append(counter)
    return counter


def kept_pin_total(filters: Any) -> int | None:
    for counter in _kept_totals:
        total = counter(filters)
        if total is not None:
            return total
    return None
