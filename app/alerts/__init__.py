"""Area and category alerts: people and organisations follow new needs or offers in chosen
dongs (or whole gu) and categories, and get one digest a day (app.alerts.digest)."""

from app.alerts import views  # noqa: F401  (registers the views and the organisation's section)
from app.alerts.blueprint import blueprint

__all__ = ["blueprint"]
