"""Consent records (PIPA): dated, per purpose, withdrawable; checks fail closed, and an override
records its legal basis and a second staff member's approval. Any feature holding a person's
record registers its kind of subject (app.consents.subjects) and asks app.consents.services."""

from app.consents import views  # noqa: F401  (registers the views)
from app.consents.blueprint import blueprint

__all__ = ["blueprint"]
