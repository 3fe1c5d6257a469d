"""The administrators' forms for a department."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired

from app.forms import SiteForm, at_most, strip
from app.ideas.models import Department
from app.submissions import SubmittedOnce

NAME_MAX = Department.name_ko.type.length  # 120


class DepartmentForm(SubmittedOnce, SiteForm):
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
