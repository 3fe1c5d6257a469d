"""The city departments that answer ideas: administrators add and rename them, and deactivate
one that no longer takes ideas. A department is never deleted: the ideas it held and the answers
it gave keep naming it.

Services flush, never commit; a name already in use raises `DepartmentNameTaken`, whose message
the form shows at the field.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired

from app.extensions import db
from app.forms import at_most, strip
from app.ideas.models import Department, Idea, IdeaStatus

NAME_MAX = Department.name_ko.type.length  # 120


class DepartmentNameTaken(Exception):
    def __init__(self, field: str) -> None:
        self.field = field  # "name_ko" or "name_en"
        self.message = _l("Another department already has this name.")
        super().__init__(field)


# --- queries ------------------------------------------------------------------------------------


def list_departments() -> list[Department]:
    """Active ones first, then by Korean name."""
    return list(
        db.session.scalars(
            select(Department).order_by(Department.is_active.desc(), Department.name_ko)
        )
    )


def active_departments() -> list[Department]:
    """The departments an idea may be given to."""
    statement = select(Department).where(Department.is_active.is_(True))
    return list(db.session.scalars(statement.order_by(Department.name_ko)))


# --- changes ------------------------------------------------------------------------------------


def open_ideas_held() -> dict[int, int]:
    """For each department, how many unanswered ideas it holds."""
    statement = (
        select(Idea.department_id, func.count())
        .where(Idea.department_id.is_not(None), Idea.status != IdeaStatus.ANSWERED)
        .group_by(Idea.department_id)
    )
    return dict(db.session.execute(statement).all())


def create_department(name_ko: str, name_en: str) -> Department:
    department = Department(is_active=True)
    _name(department, name_ko, name_en)
    try:
        # Two administrators adding the same name at once: the unique index settles it.
        with db.session.begin_nested():
            db.session.add(department)
    except IntegrityError:
        raise DepartmentNameTaken("name_ko") from None
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
            raise DepartmentNameTaken(field)
    department.name_ko = name_ko
    department.name_en = name_en


# --- forms --------------------------------------------------------------------------------------


class DepartmentForm(FlaskForm):
    name_ko = StringField(
        _l("Name in Korean"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter the Korean name.")), at_most(NAME_MAX)],
    )
    name_en = StringField(
        _l("Name in English"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter the English name.")), at_most(NAME_MAX)],
    )


class EditDepartmentForm(DepartmentForm):
    is_active = BooleanField(_l("Active (ideas can be given to this department)"))
