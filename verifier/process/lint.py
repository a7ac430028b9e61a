"""Run linters on request: cfn-lint on a CloudFormation template, ``terraform fmt -check``.

Nothing runs when the package is imported: cfn-lint (about a second to import) is loaded inside
``cfn_lint_errors`` and terraform is called only when its binary is on PATH.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from verifier import safe_files

TERRAFORM_TIMEOUT = 60


class LintFinding(NamedTuple):
    """One cfn-lint match: rule id (E3002), severity (error, warning, informational), line, message."""

    rule_id: str
    severity: str
    line: int
    message: str


@dataclass(frozen=True)
class FmtCheck:
    """Result of ``terraform fmt -check -recursive``: ok, and the files it would reformat."""

    ok: bool
    files: list[str] = field(default_factory=list)
    returncode: int = 0


def cfn_lint_errors(
    template_path: Path,
    root: Path | None = None,
    warnings: list[str] | None = None,
    regions: list[str] | None = None,
) -> list[LintFinding] | None:
    """cfn-lint's findings for one template (default rules, ``regions`` or us-east-1).

    The template is read through ``safe_files`` inside ``root`` (default: its folder). Returns None
    (with a warning) when the template cannot be read or cfn-lint is missing or fails.
    """
    sink: list[str] = warnings if warnings is not None else []
    base = root if root is not None else template_path.parent
    try:
        text = safe_files.read_text(base, template_path)
    except safe_files.FileRefused as exc:
        sink.append(f"{exc}; not linted")
        return None
    rel = safe_files.relative(base, template_path)
    try:
        import cfnlint.api  # noqa: F401 - about a second: only now that a claim needs it
    except ImportError:
        sink.append(f"{rel}: cfn-lint is not installed; not linted")
        return None
    try:
        return list(_findings(text, tuple(regions) if regions else None))
    except Exception as exc:  # cfn-lint is third-party code on untrusted input: any crash is a warning
        sink.append(f"{rel}: cfn-lint failed ({type(exc).__name__}); not linted")
        return None


@lru_cache(maxsize=32)
def _findings(text: str, regions: tuple[str, ...] | None) -> tuple[LintFinding, ...]:
    """The sorted findings for a template text (shared by every claim and task linting the same text)."""
    findings = [
        LintFinding(str(match.rule.id), str(getattr(match.rule, "severity", "") or ""), int(match.linenumber or 0), str(match.message))
        for match in _lint(text, list(regions) if regions else None)
    ]
    return tuple(sorted(findings, key=lambda finding: (finding.line, finding.rule_id)))


def _lint(text: str, regions: list[str] | None) -> list[Any]:
    """What ``cfnlint.api.lint(text, regions=regions)`` returns, with the rules loaded once per process.

    ``lint`` builds a ``Runner`` per call, which imports and instantiates all 300 rules again
    (a third of a second); cfn-lint's own command line lints many templates with one rule set.
    """
    from cfnlint.api import REGION_PRIMARY, ConfigMixIn, Runner, decode_str, run_template_by_data

    template, errors = decode_str(text)
    if errors:
        return errors
    if template is None:
        return []
    config = ConfigMixIn(regions=regions or [REGION_PRIMARY])
    if config.registry_schemas or config.override_spec:  # a configuration that patches schemas: as lint does
        return list(Runner(config).validate_template(template))
    key = (tuple(config.append_rules), repr(config.custom_rules))  # what a Runner loads its rules from
    with _RULES_LOCK:  # rules keep per-run state: one run at a time when threads share them
        if key not in _RULES:
            _memoize_dataclass_fields()
            _RULES[key] = Runner(config).rules
        return list(run_template_by_data(template, config, _RULES[key]))


_RULES: dict[tuple[tuple[str, ...], str], Any] = {}  # rule sets loaded so far (one, unless configured otherwise)
_RULES_LOCK = threading.Lock()


_FIELDS: dict[type, tuple[dataclasses.Field[Any], ...]] = {}
# cfn-lint modules whose ``evolve`` asks ``dataclasses.fields(SomeClass)`` for every schema node
_FIELDS_USERS = ("cfnlint.context.context", "cfnlint.jsonschema.validators")


def _fields(class_or_instance: Any) -> tuple[dataclasses.Field[Any], ...]:
    """``dataclasses.fields``, remembered per class (a class's fields do not change once it exists)."""
    if not isinstance(class_or_instance, type):
        return dataclasses.fields(class_or_instance)
    found = _FIELDS.get(class_or_instance)
    if found is None:
        found = _FIELDS[class_or_instance] = dataclasses.fields(class_or_instance)
    return found


def _memoize_dataclass_fields() -> None:
    """cfn-lint's validator and context ``evolve`` methods recompute a class's dataclass fields
    hundreds of thousands of times per template (about a tenth of lint time); give the modules
    that call it the memoized ``_fields``, which returns the same fields. Nothing else changes."""
    for name in _FIELDS_USERS:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "fields", None) is dataclasses.fields:
            module.fields = _fields  # type: ignore[attr-defined]


def terraform_fmt_check(directory: Path, warnings: list[str] | None = None) -> FmtCheck | None:
    """``terraform fmt -check -recursive`` in ``directory``; None when terraform is not installed."""
    binary = shutil.which("terraform")
    if binary is None:
        return None
    sink: list[str] = warnings if warnings is not None else []
    try:
        completed = subprocess.run(
            [binary, "fmt", "-check", "-recursive", "-no-color"],
            cwd=directory,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",  # it echoes lines of the files, which need not be UTF-8
            timeout=TERRAFORM_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        sink.append(f"terraform fmt -check did not finish in {TERRAFORM_TIMEOUT} s")
        return None
    except OSError as exc:
        sink.append(f"terraform fmt -check could not run ({exc.strerror or exc})")
        return None
    files = [line.strip() for line in completed.stdout.splitlines() if line.strip()]
    if completed.returncode not in (0, 3) and not files:
        first = (completed.stderr.strip().splitlines() or ["no message"])[0]
        sink.append(f"terraform fmt -check failed (exit {completed.returncode}): {first}")
        return None
    return FmtCheck(completed.returncode == 0, files, completed.returncode)
