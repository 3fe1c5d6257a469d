"""The `<int:…>` of every route: a database id, bounded like the id columns.

PostgreSQL's `integer` ends at 2^31 - 1: an id above it in an address used to reach the
database and fail there (500). With this converter it matches no route at all (404).
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)
