"""One results line per task (``--out`` JSONL) and the small digest of it the summary is built from.

A line is ``{"task", "status", "error", "seconds", "platform", "result"}``: ``result`` is the dict
``iac-verify check --format json`` prints (None unless the status is ``ok``), ``error`` one line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verifier.batch.families import family_of

STATUSES = ("ok", "error", "timeout", "no-report")
VERDICTS = ("supported", "contradicted", "unverifiable")
ERROR_WIDTH = 400


def one_line(text: object, width: int = ERROR_WIDTH) -> str:
    """``text`` with its whitespace collapsed onto one line, cut to ``width`` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def error_text(exc: BaseException) -> str:
    """An exception as one line: ``Type: message`` (just the message for the tool's own input errors)."""
    message = one_line(exc) if str(exc).strip() else ""
    if type(exc).__name__ == "InputError":
        return message or "input error"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def make_record(task: str, status: str, error: str | None, seconds: float, platform: str,
                result: dict[str, Any] | None) -> dict[str, Any]:
    """The JSON object of one results line."""
    return {"task": task, "status": status, "error": error, "seconds": round(seconds, 3), "platform": platform,
            "result": result}


def to_line(record: dict[str, Any]) -> str:
    """The record as one line of compact JSON (no newline)."""
    return json.dumps(record, default=str, separators=(",", ":"))


@dataclass
class Digest:
    """What the summary needs of one task: status, platform, seconds and claim verdicts per family."""

    task: str
    status: str
    platform: str
    seconds: float = 0.0
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    families: dict[str, dict[str, int]] = field(default_factory=dict)
    suppressed: int = 0
    gated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))  # claims the gate counts

    def failing(self, verdicts: tuple[str, ...]) -> bool:
        """True when a claim the gate counts (not suppressed, not below the task's minimum
        confidence) has one of ``verdicts``."""
        return any(self.gated.get(v, 0) for v in verdicts)


def digest_of(record: dict[str, Any]) -> Digest:
    """The digest of a results record (tolerant of records written by other versions)."""
    status = record.get("status") if record.get("status") in STATUSES else "error"
    seconds = record.get("seconds")
    digest = Digest(str(record.get("task")), status, str(record.get("platform") or "unknown"),
                    float(seconds) if isinstance(seconds, (int, float)) else 0.0)
    result = record.get("result")
    claims = result.get("claims") if isinstance(result, dict) else None
    for claim in claims if isinstance(claims, list) else []:
        if not isinstance(claim, dict) or claim.get("verdict") not in digest.verdicts:
            continue
        if claim.get("suppressed"):
            digest.suppressed += 1
            continue
        verdict = claim["verdict"]
        digest.verdicts[verdict] += 1
        if not claim.get("below_min_confidence"):
            digest.gated[verdict] += 1
        family = digest.families.setdefault(family_of(claim), dict.fromkeys(VERDICTS, 0))
        family[verdict] += 1
    return digest


def as_check_result(record: dict[str, Any], root: Path) -> dict[str, Any]:
    """The record in the shape the list renderers take: the check result, or ``{"task", "error"}``
    with the task folder as a path (``root`` joined with the record's relative path)."""
    if record.get("status") == "ok" and isinstance(record.get("result"), dict):
        return record["result"]
    reason = record.get("error") or {"no-report": "no report", "timeout": "timeout"}.get(str(record.get("status")), "error")
    return {"task": str(root / str(record.get("task") or ".")), "error": reason}
