"""The library entry point: check one task folder and return the JSON-ready result."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from claims import read_claims
from claims.vocabulary_extension import extended
from verifier import gate, globs, safe_files, suppress
from verifier.config import Config, ConfigError, discover
from verifier.engine import verify
from verifier.report_conflicts import conflict_warnings, find_conflicts
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


def configured_report(root: Path, candidates: tuple[str, ...]) -> Path | None:
    """The first file inside ``root`` that the configured report names/globs name, tried in order."""
    for pattern in candidates:
        if any(ch in pattern for ch in "*?["):
            found = [p for p in safe_files.walk(root) if globs.matches(safe_files.relative(root, p), pattern)]
        else:
            found = [root / pattern]
        for path in sorted(found):
            if path.is_file() and safe_files.inside(root, path):
                return path
    return None


def check_task(root: Path, report: str | Path | None = None, var_files: list[Path] | None = None, synth: bool = False,
               synth_timeout: float = 300, config: Config | None = None) -> dict[str, Any]:
    """Check every claim of the task's report; raises ``InputError`` when there is nothing to check.
    ``var_files`` are Terraform variable files (like ``terraform -var-file``). ``config`` holds the
    project settings (``verifier.config``); None looks for a configuration file in ``root``, then
    in the working directory (``Config()`` uses the defaults without looking)."""
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"{root}: not a folder")
    if config is None:
        try:
            config = discover(root)
        except ConfigError as exc:
            raise InputError(str(exc)) from None
    for var_file in var_files or []:
        if not Path(var_file).is_file():
            raise InputError(f"{var_file}: variable file not found")
    report_path = resolve_report(root, report)
    if report_path is None and config.report:
        report_path = configured_report(root, config.report)
        if report_path is None:
            raise InputError(f"{root}: no report found (looked for {', '.join(config.report)} as configured in {config.path})")
    task = load_task(root, report_path, var_files, synth, synth_timeout, include=config.include, exclude=config.exclude)
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
    warnings = [*config.warnings, *task.warnings]
    loaded = len(task.warnings)  # checks that read more files (tests, coverage, outputs) warn on the task
    directives, text = suppress.read_directives(text, report_name)  # the comments are blanked: no claim comes from them
    warnings.extend(directives.warnings)
    with extended(config.vocabulary):
        claims, parsed = read_claims(text, report_name)
        if parsed.truncated:
            warnings.append(f"{report_name}: only the first {len(parsed.lines)} lines were read")
        if not claims:
            warnings.append(f"{report_name}: no checkable claims found")
        findings = verify(claims, task, parsed, warnings)
    warnings.extend(w for w in task.warnings[loaded:] if w not in warnings)
    rows = [f.to_dict() for f in findings]
    conflicts = find_conflicts(claims, [row["evidence"].get("resource") for row in rows])
    for index, row in enumerate(rows):
        row["conflicts_with"] = conflicts.get(index, [])
    warnings.extend(conflict_warnings(claims, conflicts))
    suppress.apply(rows, directives, config.suppress, config.path)
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
        "gate": gate.evaluate(rows, config.fail_on, config.min_confidence),
        "config": config.path,
        "warnings": warnings,
    }


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Verdict counts of the claims that are not suppressed, overall and per scope (see ``verifier.gate``)."""
    return gate.summarize(rows)
