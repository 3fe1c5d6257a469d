"""Why an administrator's change to an account was refused (see app.errors)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import DomainError


class AdminError(DomainError):
    message = _l("This cannot be done.")
    field = "role"


class CannotDemoteSelf(AdminError):
    message = _l("You cannot remove your own administrator role. Another administrator can do it.")


class CannotDeactivateSelf(AdminError):
    message = _l("You cannot deactivate your own account. Another administrator can do it.")


class AreasOnlyForStaff(AdminError):
    message = _l(
        "Only city staff and administrators are assigned areas. Untick the areas, or choose "
        "one of those roles."
    )
    field = "areas"
