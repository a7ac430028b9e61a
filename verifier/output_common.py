"""Shared wording for the CI renderers (SARIF, JUnit, Markdown): values, places, paths, clean text."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

# Characters XML 1.0 cannot hold (NUL and other C0 controls, lone surrogates, U+FFFE/U+FFFF); also
# dropped from Markdown and SARIF text, where they only confuse viewers.
INVALID_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SCOPE_WORDS = {"final": "final code", "model": "model's answer", "process": "process", "report": "the report itself"}
VERDICTS = ("supported", "contradicted", "unverifiable")
NO_EVIDENCE = {"file": None, "line": None, "resource": None, "path": None, "note": None}


def clean(text: Any) -> str:
    """``text`` as a string without characters XML cannot hold."""
    return INVALID_CHARS.sub("", "" if text is None else str(text))


def one_line(text: Any, width: int | None = None) -> str:
    """Clean ``text``, collapse its whitespace and cut it to ``width`` characters (with an ellipsis)."""
    flat = " ".join(clean(text).split())
    return flat if width is None or len(flat) <= width else flat[: max(width - 1, 0)] + "…"


def value_text(value: Any, unit: str | None = None) -> str:
    """A claim or code value as short text: scalars as written, lists and maps as compact JSON."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dict, list, tuple)):
        text = json.dumps(_cleaned(value), default=str, ensure_ascii=False, separators=(", ", ": "))
    else:
        text = clean(value)
    return f"{text} {unit}" if unit else text


def _cleaned(value: Any) -> Any:
    """``value`` with the strings inside it cleaned (so JSON text shows no ``\\u0000`` escapes)."""
    if isinstance(value, dict):
        return {clean(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_cleaned(v) for v in value]
    return clean(value) if isinstance(value, str) else value


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def expected_text(claim: dict[str, Any]) -> str:
    """What the report claims; a negative claim about a value reads "not X" (as in the text view)."""
    expected = claim.get("expected")
    if isinstance(expected, bool):  # "a dashboard exists", "no wildcard": the concept says what is on or off
        return f"{claim.get('concept')} = {value_text(expected)}"
    text = value_text(expected, claim.get("unit") if _numeric(expected) else None)
    return text if claim.get("polarity", True) else f"not {text}"


def actual_text(claim: dict[str, Any]) -> str:
    """What the code has; a number is in the claim's unit (checks compare in canonical units)."""
    actual = claim.get("actual")
    return value_text(actual, claim.get("unit") if _numeric(actual) else None)


def evidence_place(evidence: dict[str, Any] | None) -> str:
    """``file:line resource.path (note)`` for one evidence entry; "" when it names nothing."""
    evidence = evidence or NO_EVIDENCE
    loc = ""
    if evidence.get("file"):
        loc = f"{evidence['file']}:{evidence['line']}" if evidence.get("line") else str(evidence["file"])
    what = ".".join(str(p) for p in (evidence.get("resource"), evidence.get("path")) if p)
    note = f"({evidence['note']})" if evidence.get("note") else ""
    return one_line(" ".join(p for p in (loc, what, note) if p))


def all_evidence(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """Every evidence entry of a claim (``evidence_all``, else the single ``evidence``) that names something."""
    entries = claim.get("evidence_all") or [claim.get("evidence") or NO_EVIDENCE]
    return [e for e in entries if isinstance(e, dict) and any(e.get(k) for k in NO_EVIDENCE)]


def is_error(result: dict[str, Any]) -> bool:
    """A task that could not be checked: ``{"task": ..., "error": "one line"}`` (no claims)."""
    return bool(result.get("error"))


def claims_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [] if is_error(result) else list(result.get("claims") or [])


def counts(result: dict[str, Any]) -> dict[str, int]:
    """Claims per verdict, counted from the claims themselves."""
    tally = dict.fromkeys(VERDICTS, 0)
    for claim in claims_of(result):
        if claim.get("verdict") in tally:
            tally[claim["verdict"]] += 1
    return tally


def default_base(results: list[dict[str, Any]]) -> Path:
    """The folder paths are made relative to when the caller names none: the one task's folder,
    or the deepest folder holding every task."""
    folders = [os.path.abspath(str(r.get("task") or ".")) for r in results] or [os.path.abspath(".")]
    return Path(folders[0] if len(folders) == 1 else os.path.commonpath(folders))


def relative_path(result: dict[str, Any], file: str, base: Path) -> tuple[str, bool]:
    """``file`` (relative to the result's task folder, or absolute) as a POSIX path relative to
    ``base``; the flag is False when it lies outside ``base`` and the path is absolute instead."""
    path = Path(file)
    if not path.is_absolute():
        path = Path(str(result.get("task") or ".")) / path
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.path.abspath(base))
    if relative == ".." or relative.startswith(".." + os.sep):
        return Path(absolute).as_posix(), False
    return Path(relative).as_posix(), True


def task_label(result: dict[str, Any], base: Path) -> str:
    """The task folder relative to ``base``; the folder as the caller named it when it is ``base``."""
    label = relative_path(result, ".", base)[0]
    return one_line(result.get("task")) or label if label == "." else label


def report_label(result: dict[str, Any], base: Path) -> str:
    """The report's path relative to ``base``."""
    return relative_path(result, str(result.get("report") or "report"), base)[0]
