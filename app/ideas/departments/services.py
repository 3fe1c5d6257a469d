"""The city departments that answer ideas: administrators add and rename them, and deactivate
one that no longer takes ideas. A department is never deleted: the ideas it held and the answers
it gave keep naming it.

Services flush, never commit; a name already in use raises `DepartmentNameTaken`, whose message
the form shows at the field it names.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.ideas.departments.errors import DepartmentNameTaken
from app.ideas.models import Department


def create_department(name_ko: str, name_en: str) -> Department:
    department = Department(is_active=True)
    _name(department, name_ko, name_en)
    try:
        # Two administrators adding the same name at once: the unique index settles it.
        with db.session.begin_nested():
            db.session.add(department)
    except IntegrityError:
        raise DepartmentNameTaken(field="name_ko") from None
    return department


def update_department(department: Department, name_ko: str, name_en: str, active: bool) -> None:
    """Rename it, or (de)activate it. Ideas it holds keep it: an administrator reassigns them
    from the inbox if someone must still answer them."""
    _name(department, name_ko, name_en)
    department.is_active = active
    db.session.flush()


def _name(department: Department, name_ko: str, name_en: str) -> None:
    """Names are unique in each language, ignoring case and surrounding spaces: two desks
    called the same would make the inbox ambiguous."""
    name_ko, name_en = name_ko.strip(), name_en.strip()
    for field, column, value in (
        ("name_ko", Department.name_ko, name_ko),
        ("name_en", Department.name_en, name_en),
    ):
        taken = select(Department.id).where(func.lower(column) == value.lower())
        if department.id is not None:
            taken = taken.where(Department.id != department.id)
        if db.session.scalar(taken.limit(1)) is not None:
            raise DepartmentNameTaken(field=field)
    department.name_ko = name_ko
    department.name_en = name_en
