from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from app.alerts.models import AlertSubscription
from app.alerts.services import AlertChoice
from app.areas.services import AreaOverview
from app.categories.models import Category
from app.forms import SiteForm, area_checkbox_groups
from app.submissions import SubmittedOnce

NEEDS, OFFERS = "needs", "offers"


class SubscriptionForm(SubmittedOnce, SiteForm):
    """Rendered as groups of checkboxes; the choices here validate what comes back."""

    kinds = SelectMultipleField(
        _l("Tell me about"),
        validators=[DataRequired(message=_l("Choose new needs, new offers or both."))],
        invalid_choice_message=_l("Choose new needs, new offers or both."),
    )
    areas = SelectMultipleField(
        _l("Neighbourhoods"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose at least one dong or gu."))],
        invalid_value_message=_l("Choose from the listed areas."),
        invalid_choice_message=_l("Choose from the listed areas."),
    )
    categories = SelectMultipleField(
        _l("Categories"),
        coerce=int,
        invalid_value_message=_l("Choose from the listed categories."),
        invalid_choice_message=_l("Choose from the listed categories."),
    )

    def __init__(
        self,
        *args,
        areas_to_choose: AreaOverview,
        categories_to_choose: list[Category],
        subscription: AlertSubscription | None = None,
        **kwargs,
    ):
        if subscription is not None:
            kwargs.setdefault("kinds", [k for k, on in _kinds(subscription) if on])
            kwargs.setdefault("areas", [area.id for area in subscription.areas])
            kwargs.setdefault("categories", [c.id for c in subscription.categories])
        super().__init__(*args, **kwargs)
        self.kinds.choices = [
            SelectChoice(NEEDS, _l("New needs (people asking for help)")),
            SelectChoice(OFFERS, _l("New offers (help and goods offered)")),
        ]
        self.area_groups = area_checkbox_groups(areas_to_choose)
        self.areas.choices = [
            SelectChoice(str(area.id)) for _, group in self.area_groups for area in group
        ]
        self.category_list = categories_to_choose
        self.categories.choices = [SelectChoice(str(c.id), c.name) for c in categories_to_choose]

    def choice(self) -> AlertChoice:
        kinds = set(self.kinds.data or ())
        return AlertChoice(
            needs=NEEDS in kinds,
            offers=OFFERS in kinds,
            area_ids=list(self.areas.data or ()),
            category_ids=list(self.categories.data or ()),
        )


def _kinds(subscription: AlertSubscription) -> list[tuple[str, bool]]:
    return [(NEEDS, subscription.needs), (OFFERS, subscription.offers)]
