from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class TooManySubscriptions(DomainError):
    field = "areas"

    def __init__(self, limit: int) -> None:
        super().__init__(
            _l(
                "You already have %(limit)s alerts, the most allowed. Change or delete one "
                "of them instead.",
                limit=limit,
            )
        )
