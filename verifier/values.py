"""Comparing a claimed value with a template value: numbers by magnitude, enumerations and
names by normalized text, booleans in any spelling."""

from __future__ import annotations

import re
from typing import Any

_BOOL = {"true": True, "false": False, "enabled": True, "disabled": False, "yes": True, "no": False}


def as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", value):
        return float(value)
    return None


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _BOOL.get(value.strip().lower())
    return None


def canonical_text(value: Any) -> str:
    return re.sub(r"[\s_\-]", "", str(value)).lower()


def same_value(expected: Any, actual: Any) -> bool:
    """Whether a claimed value equals a template value."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        e, a = as_bool(expected), as_bool(actual)
        if e is not None and a is not None:
            return e == a
    e_num, a_num = as_number(expected), as_number(actual)
    if e_num is not None and a_num is not None:
        return abs(e_num - a_num) < 1e-9
    if isinstance(actual, list):
        return any(same_value(expected, item) for item in actual)
    if isinstance(expected, str) and isinstance(actual, str):
        if expected.strip() == actual.strip():
            return True
        return canonical_text(expected) == canonical_text(actual)
    return False
