"""The library entry point: check one task folder and return the JSON-ready result."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from claims import read_claims
from verifier import safe_files
from verifier.engine import verify
from verifier.task import load_task

VERSION = "0.1.0"


class InputError(Exception):
    """A usage or input problem that stops the check (message is one line)."""


def resolve_report(root: Path, report: str | Path | None) -> Path | None:
    """The report path the caller asked for: absolute, relative to the working folder, or to ``root``."""
    if report is None:
        return None
    path = Path(report)
    if path.is_absolute() or path.exists():
        return path
    return root / path


def report_root(root: Path, report_path: Path, explicit: bool) -> Path:
    """The folder a report read is confined to.

    A report found in the task folder, or named by the caller with a path inside it, must resolve
    inside the task folder: a symlink there must not lead the read elsewhere. Only a report the
    caller names explicitly at a path outside the task folder is the caller's own file, read
    from its folder.
    """
    if explicit and not _lexically_inside(root, report_path):
        return report_path.parent
    return root


def _lexically_inside(root: Path, path: Path) -> bool:
    """True when ``path`` as written (absolute, symlinks not followed) lies under ``root``."""
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
        return True
    except ValueError:
        return False


def check_task(root: Path, report: str | Path | None = None, var_files: list[Path] | None = None, synth: bool = False,
               synth_timeout: float = 300) -> dict[str, Any]:
    """Check every claim of the task's report; raises ``InputError`` when there is nothing to check.
    ``var_files`` are Terraform variable files (like ``terraform -var-file``)."""
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"{root}: not a folder")
    for var_file in var_files or []:
        if not Path(var_file).is_file():
            raise InputError(f"{var_file}: variable file not found")
    task = load_task(root, resolve_report(root, report), var_files, synth, synth_timeout)
    if task.report_path is None:
        raise InputError(f"{root}: no report found (looked for lib/MODEL_FAILURES.md); give one with --report")
    report_path = task.report_path
    if not report_path.is_file():
        raise InputError(f"{report_path}: report not found")
    report_name = safe_files.relative(root, report_path) if safe_files.inside(root, report_path) else str(report_path)
    try:
        text = safe_files.read_text(report_root(root, report_path, explicit=report is not None), report_path)
    except safe_files.FileRefused as exc:
        raise InputError(str(exc)) from None
    warnings = list(task.warnings)
    claims, parsed = read_claims(text, report_name)
    if parsed.truncated:
        warnings.append(f"{report_name}: only the first {len(parsed.lines)} lines were read")
    if not claims:
        warnings.append(f"{report_name}: no checkable claims found")
    findings = verify(claims, task, parsed, warnings)
    rows = [f.to_dict() for f in findings]
    return {
        "tool": "iac-verify",
        "version": VERSION,
        "task": str(root),
        "report": report_name,
        "artifacts": {
            "final": [t.file for t in task.final.templates],
            "model": sorted({t.file for t in task.model.templates}),
            "twins": task.final.twins,
            "region": task.region,
        },
        "claims": rows,
        "summary": summarize(rows),
        "warnings": warnings,
    }


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {"supported": 0, "contradicted": 0, "unverifiable": 0}
    by_scope: dict[str, dict[str, int]] = {}
    for row in rows:
        counts[row["verdict"]] += 1
        scope = by_scope.setdefault(row["scope"], {"supported": 0, "contradicted": 0, "unverifiable": 0})
        scope[row["verdict"]] += 1
    return {"claims": len(rows), **counts, "by_scope": by_scope}
