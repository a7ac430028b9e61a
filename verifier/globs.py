"""Path globs as configuration files write them: ``lib/*.yml``, ``**/test/**``, ``*.json``.

``*`` and ``?`` stay within one path segment, ``**`` spans any number of segments, and a
pattern without a ``/`` matches a file's name in any folder (as in ``.gitignore``). Paths are
compared in POSIX form, relative to the task folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """The regular expression of one glob."""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.lstrip("/")
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append(r"(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(r".*")
            i += 2
        elif pattern[i] == "*":
            out.append(r"[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append(r"[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    body = "".join(out)
    if body.endswith("/"):  # "cdk.out/" means everything under the folder
        body += ".*"
    return re.compile(body + r"\Z", re.S)


def matches(path: str, pattern: str) -> bool:
    """True when the POSIX relative ``path`` matches the glob (or lies under a folder it names)."""
    rx = compile_glob(pattern)
    if rx.match(path):
        return True
    parts = path.split("/")
    return any(rx.match("/".join(parts[:n])) for n in range(1, len(parts)))


def matches_any(path: str, patterns: Iterable[str]) -> bool:
    """True when any glob matches ``path``."""
    return any(matches(path, p) for p in patterns)


def selected(path: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    """An artifact is loaded when some ``include`` glob matches (or none is given) and no ``exclude`` glob does."""
    if include and not matches_any(path, include):
        return False
    return not (exclude and matches_any(path, exclude))
