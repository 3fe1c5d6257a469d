"""Who may see and change alert subscriptions, built on app.permissions and the
organisations' rules. An organisation's alerts are its representatives' to manage and to read;
administrators get no exception (a digest is not theirs to steer)."""

from __future__ import annotations

from typing import Any

from app.alerts.models import AlertSubscription
from app.organisations.models import Organisation
from app.organisations.rules import is_representative_of
from app.permissions import signed_in


def may_manage_organisation_alerts(user: Any, organisation: Organisation) -> bool:
    return is_representative_of(user, organisation)


def may_manage_subscription(user: Any, subscription: AlertSubscription) -> bool:
    if not signed_in(user):
        return False
    if subscription.organisation is not None:
        return may_manage_organisation_alerts(user, subscription.organisation)
    return subscription.user_id == user.id
