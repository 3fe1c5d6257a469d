"""Translated names for the domain's enum values: a registry that each feature feeds.

Each feature's `labels.py` registers the names of its enums' values (lazy strings, so each
reader gets their own language). Templates write `{{ story.status|label }}`; Python code
calls `label(value)`; a form's choices use the feature's own mapping.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, TypeVar

from flask import Flask

E = TypeVar("E", bound=enum.Enum)

_NAMES: dict[type[enum.Enum], Mapping[Any, Any]] = {}


def register(enum_class: type[E], names: Mapping[E, Any]) -> Mapping[E, Any]:
    """Every value of the enum needs a name: a new state must not show up blank."""
    missing = [member for member in enum_class if member not in names]
    if missing:
        raise ValueError(f"{enum_class.__name__} has no label for {missing}")
    _NAMES[enum_class] = names
    return names


def label(value: enum.Enum) -> str:
    """The value's name in the reader's language."""
    return str(_NAMES[type(value)][value])


def install_label_filter(app: Flask) -> None:
    app.add_template_filter(label, "label")
