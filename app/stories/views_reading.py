"""Placeholder: filled by a helper."""

from app.stories import blueprint  # noqa: F401
