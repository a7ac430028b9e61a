"""Read code coverage figures a task folder holds, each with the file it came from.

Formats: istanbul ``coverage-summary.json`` (``total.lines/statements/branches/functions.pct``),
coverage.py JSON (``totals.percent_covered`` as ``overall``, plus lines and branches), Cobertura
XML (``line-rate``/``branch-rate``, as written by coverage.py and istanbul's cobertura reporter),
``lcov.info`` (LF/LH, BRF/BRH, FNF/FNH summed over records; a kind with nothing found is left out)
and the ``coverage`` field of ``metadata.json`` (a number is ``overall``, a mapping is per kind).
Figures are listed in that order of trust: a tool's own summary before a hand-written number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verifier import safe_files
from verifier.process import sources
from verifier.process.xmlsafe import XmlRefused, parse_xml

KINDS = ("lines", "statements", "branches", "functions")
ALIASES = {
    "line": "lines", "lines": "lines", "statement": "statements", "statements": "statements", "stmts": "statements",
    "branch": "branches", "branches": "branches", "function": "functions", "functions": "functions",
    "funcs": "functions", "overall": "overall", "total": "overall", "percent": "overall",
}
ISTANBUL = {"coverage-summary.json"}
COVERAGE_PY = {"coverage.json", "cov.json"}
COBERTURA = {"coverage.xml", "cobertura-coverage.xml", "cobertura.xml", "cov.xml"}
LCOV = {"lcov.info"}
ORDER = ("istanbul-summary", "coverage.py-json", "cobertura", "lcov", "metadata")


@dataclass(frozen=True)
class CoverageFigure:
    """One coverage percentage of one kind from one file."""

    kind: str  # lines, statements, branches, functions, or overall
    percent: float
    path: str
    format: str  # istanbul-summary, coverage.py-json, cobertura, lcov, metadata
    covered: int | None = None
    total: int | None = None


@dataclass
class Coverage:
    """All coverage figures found, most trusted first."""

    figures: list[CoverageFigure] = field(default_factory=list)

    def get(self, kind: str) -> CoverageFigure | None:
        """The most trusted figure of ``kind`` (lines, statements, branches, functions, overall)."""
        return next((figure for figure in self.figures if figure.kind == kind), None)

    def by_kind(self) -> dict[str, list[CoverageFigure]]:
        grouped: dict[str, list[CoverageFigure]] = {}
        for figure in self.figures:
            grouped.setdefault(figure.kind, []).append(figure)
        return grouped


def read_coverage(root: Path, warnings: list[str], files: list[Path] | None = None) -> Coverage:
    """Coverage figures from every known report under ``root`` and from ``metadata.json``."""
    files = sources.report_files(root, safe_files.walk(root) if files is None else files)
    figures: list[CoverageFigure] = []
    for path in sorted(files):
        name = path.name.lower()
        rel = safe_files.relative(root, path)
        if name in ISTANBUL:
            data = sources.read_json(root, path, warnings)
            figures += istanbul_figures(data, rel, warnings)
        elif name in COVERAGE_PY:
            data = sources.read_json(root, path, warnings)
            figures += coverage_py_figures(data, rel)
        elif name in COBERTURA or name.endswith("cobertura.xml"):
            text = sources.read_text(root, path, warnings)
            if text is not None:
                try:
                    figures += cobertura_figures(parse_xml(text), rel)
                except XmlRefused as exc:
                    warnings.append(f"{rel}: {exc}")
        elif name in LCOV or name.endswith(".lcov"):
            text = sources.read_text(root, path, warnings)
            if text is not None:
                figures += lcov_figures(text, rel)
    metadata = root / "metadata.json"
    if metadata.is_file():
        figures += metadata_figures(sources.read_json(root, metadata, []), "metadata.json")
    figures.sort(key=lambda figure: ORDER.index(figure.format))
    return Coverage(figures)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%?\s*", value)
        return float(match.group(1)) if match else None
    return None


def _count(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def istanbul_figures(data: Any, rel: str, warnings: list[str]) -> list[CoverageFigure]:
    if data is None:
        return []
    total = data.get("total") if isinstance(data, dict) else None
    if not isinstance(total, dict):
        warnings.append(f"{rel}: no 'total' entry; not an istanbul coverage summary")
        return []
    figures = []
    for kind in KINDS:
        entry = total.get(kind)
        if not isinstance(entry, dict):
            continue
        percent = _number(entry.get("pct"))
        covered, count = _count(entry.get("covered")), _count(entry.get("total"))
        if percent is None and covered is not None and count:
            percent = covered * 100.0 / count
        if percent is not None:
            figures.append(CoverageFigure(kind, percent, rel, "istanbul-summary", covered, count))
    return figures


def coverage_py_figures(data: Any, rel: str) -> list[CoverageFigure]:
    totals = data.get("totals") if isinstance(data, dict) else None
    if not isinstance(totals, dict) or _number(totals.get("percent_covered")) is None:
        return []
    fmt = "coverage.py-json"
    figures = [CoverageFigure("overall", _number(totals["percent_covered"]) or 0.0, rel, fmt)]
    lines, statements = _count(totals.get("covered_lines")), _count(totals.get("num_statements"))
    if lines is not None and statements:
        figures.append(CoverageFigure("lines", lines * 100.0 / statements, rel, fmt, lines, statements))
    branches, branch_total = _count(totals.get("covered_branches")), _count(totals.get("num_branches"))
    if branches is not None and branch_total:
        figures.append(CoverageFigure("branches", branches * 100.0 / branch_total, rel, fmt, branches, branch_total))
    return figures


def cobertura_figures(root: Any, rel: str) -> list[CoverageFigure]:
    if root.tag != "coverage":
        return []
    figures = []
    for kind, rate, covered_key, valid_key in (
        ("lines", "line-rate", "lines-covered", "lines-valid"),
        ("branches", "branch-rate", "branches-covered", "branches-valid"),
    ):
        value = _number(root.get(rate))
        covered, valid = _count(root.get(covered_key)), _count(root.get(valid_key))
        if value is None or valid == 0:  # coverage.py writes branch-rate="0" when it did not measure branches
            continue
        figures.append(CoverageFigure(kind, value * 100.0, rel, "cobertura", covered, valid))
    return figures


def lcov_figures(text: str, rel: str) -> list[CoverageFigure]:
    sums = {key: 0 for key in ("LF", "LH", "BRF", "BRH", "FNF", "FNH")}
    for line in text.splitlines():
        key, _, value = line.strip().partition(":")
        if key in sums and value.strip().isdigit():
            sums[key] += int(value.strip())
    figures = []
    for kind, found, hit in (("lines", "LF", "LH"), ("branches", "BRF", "BRH"), ("functions", "FNF", "FNH")):
        if sums[found]:
            figures.append(CoverageFigure(kind, sums[hit] * 100.0 / sums[found], rel, "lcov", sums[hit], sums[found]))
    return figures


def metadata_figures(data: Any, rel: str) -> list[CoverageFigure]:
    if not isinstance(data, dict):
        return []
    figures = []
    value = data.get("coverage")
    if isinstance(value, dict):
        for key, item in value.items():
            kind = ALIASES.get(str(key).lower().replace("_pct", "").replace("_coverage", ""))
            percent = _number(item.get("pct") if isinstance(item, dict) else item)
            if kind is not None and percent is not None:
                figures.append(CoverageFigure(kind, percent, rel, "metadata"))
    elif _number(value) is not None:
        figures.append(CoverageFigure("overall", _number(value) or 0.0, rel, "metadata"))
    for key, item in data.items():
        if key != "coverage" and "coverage" in str(key).lower() and _number(item) is not None:
            figures.append(CoverageFigure("overall", _number(item) or 0.0, rel, "metadata"))
    return figures
