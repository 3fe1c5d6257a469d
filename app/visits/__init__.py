"""Outreach visits and seasonal sweeps: a dong's staff plan ordered rounds of visits (printable
as a PDF), visitors record what they found on the day (later changes are amendments), and a
sweep imports a list of households to visit and shows its progress."""

from app.visits import round_views, sweep_views, views  # noqa: F401
from app.visits.blueprint import blueprint

__all__ = ["blueprint"]
