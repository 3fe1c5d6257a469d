"""The staff map of open reports at their exact points, for the staff of their areas only. It
sits above app.reports (the reports and their points) and app.map (folium's shell)."""

from app.staff_map import views  # noqa: F401  (registers them)
from app.staff_map.blueprint import blueprint

__all__ = ["blueprint"]
