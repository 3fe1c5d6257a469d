"""Placeholder: filled by a helper."""

from app.ideas import blueprint  # noqa: F401
