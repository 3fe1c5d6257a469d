"""The privacy officer's monthly review of the access log (/privacy/access-log).

It reads the log (app/access_log.py) and, to judge a view of a need against the viewer's
assignment, the pins' areas: so it sits in the top layer, and nothing imports it.
"""

from app.access_review import views  # noqa: F401  (registers the views)
from app.access_review.blueprint import blueprint

__all__ = ["blueprint"]
