"""Why a change to a department is refused."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class DepartmentNameTaken(DomainError):
    """Raised with the field whose name is taken: `name_ko` or `name_en`."""

    message = _l("Another department already has this name.")
