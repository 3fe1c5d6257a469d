from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SearchField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from app.accounts.labels import ROLE_LABELS
from app.accounts.models import Role
from app.areas.services import AreaOverview
from app.forms import SiteForm, area_checkbox_groups, at_most, enum_choices, optional_enum, strip
from app.organisations.labels import ORGANISATION_STATUS_LABELS


class UserFilterForm(SiteForm):
    """The user list's filters, read from the query string."""

    class Meta:
        csrf = False

    q = SearchField(_l("Email or name"), filters=[strip])
    role = SelectField(_l("Role"), coerce=optional_enum(Role))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = enum_choices(ROLE_LABELS, _l("All roles"))


class UserRoleForm(SiteForm):
    role = SelectField(
        _l("Role"),
        coerce=optional_enum(Role),
        validators=[DataRequired(message=_l("Choose one of the listed roles."))],
        invalid_value_message=_l("Choose one of the listed roles."),
    )
    # Rendered as grouped checkboxes by the template; the choices here validate the ids.
    areas = SelectMultipleField(
        _l("Areas this staff member works in"),
        coerce=int,
        invalid_value_message=_l("Choose from the listed areas."),
        invalid_choice_message=_l("Choose from the listed areas."),
    )

    # Staff without an area see no exact place and no author: rarely what is meant, so the
    # administrator confirms it (the box is shown once the form asks).
    without_areas = BooleanField(_l("Yes, make them staff without an area for now"))

    def __init__(self, *args, areas_to_choose: AreaOverview, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [SelectChoice(r.value, text) for r, text in ROLE_LABELS.items()]
        self.area_groups = area_checkbox_groups(areas_to_choose)
        self.areas.choices = [
            SelectChoice(str(area.id)) for _, group in self.area_groups for area in group
        ]

    @property
    def asks_for_staff_without_areas(self) -> bool:
        return self.role.data == Role.STAFF and not self.areas.data

    def validate_areas(self, field: SelectMultipleField) -> None:
        if not field.errors and self.asks_for_staff_without_areas and not self.without_areas.data:
            raise ValidationError(
                _l(
                    "Staff without an area see no exact place and no author of a need. "
                    "Choose their areas, or confirm below that they have none for now."
                )
            )


class RejectionForm(SiteForm):
    reason = TextAreaField(
        _l("Reason"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Say why, so the organisation can correct it.")),
            at_most(1000),
        ],
    )


REVIEW_ALL = "all"


class ReviewFilterForm(SiteForm):
    """Which organisations the administrators' queue shows."""

    class Meta:
        csrf = False

    status = SelectField(_l("Show"), default="pending")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [
            SelectChoice(s.value, text) for s, text in ORGANISATION_STATUS_LABELS.items()
        ] + [SelectChoice(REVIEW_ALL, _l("All organisations"))]
