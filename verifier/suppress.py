"""Suppressions: ``<!-- iac-verify: ... -->`` comments in the report and ``suppress`` entries of the configuration.

Inline forms (one comment per line, outside fenced code):

- ``<!-- iac-verify: ignore -->`` on a line: the claims of that line;
- ``<!-- iac-verify: ignore-next-line -->``: the claims of the next line;
- ``<!-- iac-verify: disable -->`` ... ``<!-- iac-verify: enable -->``: the claims of the lines
  from one to the other (to the end of the report when not enabled again).

Each may carry a reason: ``<!-- iac-verify: ignore: the model's answer was never deployed -->``.
``read_directives`` also returns the report text with the directives blanked out (same lines and
columns), so a comment never becomes a claim itself. A suppressed claim stays in the result with
``suppressed: true``, ``suppressed_by`` and ``suppressed_reason``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from verifier import globs
from verifier.config import Suppression

BODY = re.compile(r"\s*iac-verify\s*:\s*([\w-]*)(?:\s*[:\s]\s*(.*?))?\s*", re.I | re.S)  # inside <!-- -->
MAX_BODY = 600
MAX_WARNINGS = 20
FENCE = re.compile(r"^\s*(?:>\s*)*(`{3,}|~{3,})")
KINDS = ("ignore", "ignore-next-line", "disable", "enable")


@dataclass
class Directives:
    """The report's inline suppressions: report line -> (directive line, reason)."""

    report: str
    lines: dict[int, tuple[int, str | None]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def for_line(self, line: int) -> tuple[int, str | None] | None:
        return self.lines.get(line)


def read_directives(text: str, report: str) -> tuple[Directives, str]:
    """The directives of a report and its text with them blanked (spaces: lines and columns stay put)."""
    directives = Directives(report)
    out_lines: list[str] = []
    fence: str | None = None
    region: tuple[int, str | None] | None = None  # open disable: (its line, reason)
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):  # numbered as the report reader numbers them
        line = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        ending = raw[len(line):]
        opening = FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            out_lines.append(raw)
            _cover(directives, number, region)
            continue
        if opening:
            fence = opening.group(1)
        found = _comments(line) if "iac-verify" in line.lower() else []
        for m_start, m_end, m in found:
            kind, reason = m.group(1).lower(), (m.group(2) or "").strip() or None
            if kind == "ignore":
                directives.lines.setdefault(number, (number, reason))
                if len(found) == 1 and not line[:m_start].strip() and not line[m_end:].strip():
                    directives.warnings.append(f"{report}:{number}: 'iac-verify: ignore' on a line of its own suppresses nothing; use ignore-next-line")
            elif kind == "ignore-next-line":
                directives.lines.setdefault(number + 1, (number, reason))
            elif kind == "disable":
                region = region or (number, reason)
            elif kind == "enable":
                if region is None:
                    directives.warnings.append(f"{report}:{number}: 'iac-verify: enable' without a 'disable' before it")
                _cover(directives, number, region)
                region = None
            else:
                directives.warnings.append(f"{report}:{number}: unknown directive 'iac-verify: {kind}' (one of {', '.join(KINDS)})")
        _cover(directives, number, region)
        out_lines.append(_blank(line, found) + ending)
    if len(directives.warnings) > MAX_WARNINGS:
        extra = len(directives.warnings) - MAX_WARNINGS
        directives.warnings[MAX_WARNINGS:] = [f"{report}: {extra} more problems with iac-verify directives"]
    return directives, "".join(out_lines)


def _cover(directives: Directives, number: int, region: tuple[int, str | None] | None) -> None:
    if region is not None:
        directives.lines.setdefault(number, region)


def _comments(line: str) -> list[tuple[int, int, re.Match[str]]]:
    """The directives of a line: (start, end, body match) of each ``<!-- iac-verify: ... -->`` comment.
    A comment ends at the first ``-->`` (as in HTML), so a hostile line is read in linear time."""
    found = []
    position = 0
    while (start := line.find("<!--", position)) >= 0:
        end = line.find("-->", start + 4)
        if end < 0:
            break
        position = end + 3
        body = line[start + 4:end]
        if len(body) <= MAX_BODY and (m := BODY.fullmatch(body)):
            found.append((start, position, m))
    return found


def _blank(line: str, found: list[tuple[int, int, re.Match[str]]]) -> str:
    """The line with its directives replaced by spaces (the rest keeps its columns)."""
    if not found:
        return line
    parts, position = [], 0
    for start, end, _m in found:
        parts += [line[position:start], " " * (end - start)]
        position = end
    parts.append(line[position:])
    return "".join(parts).rstrip()


def config_match(row: dict[str, Any], entry: Suppression) -> bool:
    """True when the claim matches every selector the entry gives."""
    if entry.report is not None and not (globs.matches(str(row.get("report") or ""), entry.report)
                                         or fnmatchcase(str(row.get("report") or ""), entry.report)):
        return False
    if entry.lines and row.get("line") not in entry.lines:
        return False
    if entry.concept is not None and not fnmatchcase(str(row.get("concept") or ""), entry.concept):
        return False
    if entry.check is not None and str(row.get("check") or "").upper() != entry.check.upper():
        return False
    return entry.quote is None or entry.quote.lower() in str(row.get("quote") or "").lower()


def apply(rows: list[dict[str, Any]], directives: Directives | None, entries: tuple[Suppression, ...] = (),
          config_path: str | None = None) -> int:
    """Mark suppressed claims (inline directives first, then config entries); return how many."""
    marked = 0
    for row in rows:
        row.update(suppressed=False, suppressed_by=None, suppressed_reason=None)
        inline = directives.for_line(row.get("line") or 0) if directives is not None and row.get("report") == directives.report else None
        if inline is not None:
            row.update(suppressed=True, suppressed_by=f"{row['report']}:{inline[0]}", suppressed_reason=inline[1])
        else:
            entry = next((e for e in entries if config_match(row, e)), None)
            if entry is None:
                continue
            row.update(suppressed=True, suppressed_by=f"{config_path or 'config'}: {entry.origin.split(': ', 1)[-1]}",
                       suppressed_reason=entry.reason)
        marked += 1
    return marked
