"""The notification settings form: one radio group per group of kinds the person can get."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired

from app.forms import SiteForm
from app.notifications.models import Delivery
from app.notifications.preferences import DELIVERY_LABELS, KindGroup

CHOOSE_ONE = _l("Choose how these notifications reach you.")


class NotificationSettingsForm(SiteForm):
    """Fields are added per person (`settings_form`): named by each group's key."""

    def choices(self, groups: list[KindGroup]) -> dict[str, Delivery]:
        return {group.key: Delivery(self[group.key].data) for group in groups}


def settings_form(
    groups: list[KindGroup], current: dict[str, Delivery], **kwargs
) -> NotificationSettingsForm:
    """A form class made for this person's groups (a resident has no contest group)."""

    class PersonSettingsForm(NotificationSettingsForm):
        pass

    for group in groups:
        setattr(
            PersonSettingsForm,
            group.key,
            RadioField(
                group.label,
                choices=[SelectChoice(d.value, label) for d, label in DELIVERY_LABELS.items()],
                default=current[group.key].value,
                # A made-up value gets the same plain message as none at all.
                validators=[
                    InputRequired(message=CHOOSE_ONE),
                    AnyOf([d.value for d in Delivery], message=CHOOSE_ONE),
                ],
                validate_choice=False,
            ),
        )
    return PersonSettingsForm(**kwargs)
