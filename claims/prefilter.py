"""Whether any pattern of a table can match a text, with one combined regular expression.

Extractors loop over tables of patterns (40 value keywords, 36 existence phrases, ...) for every
sentence, and most sentences match none of them. ``any_of(patterns)(text)`` answers "could one of
them match?" with a single search of ``(?:p1)|(?:p2)|...``: a combined search finds a match
exactly when one of the patterns matches somewhere, so skipping the loop when it finds none
changes nothing. Tables it cannot combine faithfully (mixed flags, back-references, named or
conditional groups) get a filter that always says yes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

# Constructs whose meaning depends on group numbers or names, which combining would shift.
_GROUP_DEPENDENT = re.compile(r"\\[1-9]|\(\?P[=<]|\(\?\(|\(\?<(?![=!])")


def _always(_text: str) -> bool:
    return True


@lru_cache(maxsize=64)
def _combined(patterns: tuple[re.Pattern[str], ...]) -> Callable[[str], bool]:
    flags = {p.flags for p in patterns}
    if not patterns or len(flags) != 1 or any(_GROUP_DEPENDENT.search(p.pattern) for p in patterns):
        return _always
    try:
        search = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags.pop()).search
    except re.error:  # e.g. a pattern with inline global flags
        return _always
    return lambda text: search(text) is not None


def any_of(patterns: Iterable[re.Pattern[str]]) -> Callable[[str], bool]:
    """A test that is False only when none of ``patterns`` matches anywhere in the text."""
    return _combined(tuple(patterns))
