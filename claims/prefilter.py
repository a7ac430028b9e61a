"""Whether any pattern of a table can match a text, with one combined regular expression.

Extractors loop over tables of patterns (40 value keywords, 36 existence phrases, ...) for every
sentence, and most sentences match none of them. ``any_of(patterns)(text)`` answers "could one of
them match?" with a single search of ``(?:p1)|(?:p2)|...``: a combined search finds a match
exactly when one of the patterns matches somewhere, so skipping the loop when it finds none
changes nothing. Patterns of one shape (``\\b(?:a|b)\\b``, ``(?<![\\w.])(?:a|b)(?![\\w])``) are merged
into one group, ``\\b(?:a|b|c|d)\\b``, which matches where one of them does and is searched much
faster (the shared lookaround is tried once per position). Case-insensitive tables whose patterns
name no upper-case letter are searched in ASCII sentences (most of them) as lower-cased text
without ``re.IGNORECASE``, several times faster and the same answer. Tables it cannot combine
faithfully (mixed flags, back-references, named or conditional groups) get a filter that always
says yes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

# Constructs whose meaning depends on group numbers or names, which combining would shift.
_GROUP_DEPENDENT = re.compile(r"\\[1-9]|\(\?P[=<]|\(\?\(|\(\?<(?![=!])")
# Escapes that mean the same with and without IGNORECASE (classes, escaped punctuation); any
# other (``\\x41``, ``\\N{...}``, ``\\t``) keeps a table on the case-insensitive search.
_CASELESS_ESCAPE = re.compile(r"\\[bBwWdDsS]|\\[^\w\s]")
_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]+[:)]")  # (?i), (?-i:...): case handling changed inside
# Shapes ``before(?:alternatives)after`` whose alternatives can be pooled across patterns.
SHAPES = ((r"\b", r"\b"), (r"(?<![\w.])", r"(?![\w])"))


def _always(_text: str) -> bool:
    return True


@lru_cache(maxsize=64)
def _combined(patterns: tuple[re.Pattern[str], ...]) -> Callable[[str], bool]:
    flags = {p.flags for p in patterns}
    if not patterns or len(flags) != 1 or any(_GROUP_DEPENDENT.search(p.pattern) for p in patterns):
        return _always
    flag = flags.pop()
    combined = "|".join(f"(?:{part})" for part in _pooled(patterns))
    try:
        search = re.compile(combined, flag).search
    except re.error:  # e.g. a pattern with inline global flags
        return _always
    if not flag & re.IGNORECASE or not all(_lower_case_only(p.pattern) for p in patterns):
        return lambda text: search(text) is not None
    search_lower = re.compile(combined, flag & ~re.IGNORECASE).search
    return lambda text: (search_lower(text.lower()) if text.isascii() else search(text)) is not None


def _lower_case_only(pattern: str) -> bool:
    """No upper-case letter and no escape but classes and punctuation (and no inline flags): on ASCII
    text, ignoring case is then the same as matching the lower-cased text."""
    rest = _CASELESS_ESCAPE.sub("", pattern)
    return "\\" not in rest and not _INLINE_FLAGS.search(pattern) and not any("A" <= char <= "Z" for char in rest)


def _pooled(patterns: tuple[re.Pattern[str], ...]) -> list[str]:
    """The patterns with those of one shape merged: ``before(?:a|b)after`` + ``before(?:c)after`` ->
    ``before(?:a|b|c)after`` (a match of the merged one is a match of one of them, and back)."""
    pools: dict[tuple[str, str], list[str]] = {}
    rest = []
    for pattern in patterns:
        inner = next(((shape, middle) for shape in SHAPES if (middle := _middle(pattern.pattern, *shape)) is not None), None)
        if inner is None:
            rest.append(pattern.pattern)
        else:
            pools.setdefault(inner[0], []).append(inner[1])
    return [f"{before}(?:{'|'.join(middles)}){after}" for (before, after), middles in pools.items()] + rest


def _middle(pattern: str, before: str, after: str) -> str | None:
    """``X`` when ``pattern`` is ``before(?:X)after`` with ``X`` a complete expression of its own."""
    head, tail = before + "(?:", ")" + after
    if not (pattern.startswith(head) and pattern.endswith(tail)) or len(pattern) < len(head) + len(tail):
        return None
    middle = pattern[len(head) : len(pattern) - len(tail)]
    try:
        re.compile(middle)  # balanced: the group opened after ``before`` is the one closed before ``after``
    except re.error:
        return None
    return middle


def any_of(patterns: Iterable[re.Pattern[str]]) -> Callable[[str], bool]:
    """A test that is False only when none of ``patterns`` matches anywhere in the text."""
    return _combined(tuple(patterns))
