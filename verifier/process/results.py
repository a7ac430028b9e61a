"""Read test results files a task folder may hold: JUnit XML, Jest/Vitest JSON, pytest-json-report.

Files are picked by name (``junit*.xml``, ``test-results.json``, ``*report*.json``, ...) and then
recognised by content; a file that looks like neither is ignored silently, one that is broken
gives a warning. XML is parsed with ``xmlsafe`` (no entity expansion).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verifier import safe_files
from verifier.process import sources
from verifier.process.xmlsafe import XmlRefused, parse_xml

NAME_WORDS = ("junit", "test", "result", "report", "jest", "vitest", "surefire")
RESULT_DIRS = {"test-results", "test-reports", "surefire-reports", "failsafe-reports", "reports"}
NOT_RESULTS = {"package.json", "package-lock.json", "tsconfig.json", "metadata.json", "cdk.json", "coverage-summary.json"}


@dataclass(frozen=True)
class TestResults:
    """Outcome counts read from one results file."""

    __test__ = False

    path: str
    format: str  # junit-xml, jest-json, pytest-json
    tests: int
    passed: int
    failed: int
    errors: int = 0
    skipped: int = 0
    todo: int = 0
    suites: int | None = None
    broken_suites: int = 0  # suites that failed to run at all (jest numRuntimeErrorTestSuites)


def _candidate(rel: str) -> bool:
    parts = rel.lower().split("/")
    name = parts[-1]
    if not name.endswith((".xml", ".json")) or name in NOT_RESULTS or name.startswith("tsconfig"):
        return False
    return any(word in name for word in NAME_WORDS) or any(part in RESULT_DIRS for part in parts[:-1])


def read_results(root: Path, warnings: list[str], files: list[Path] | None = None) -> list[TestResults]:
    """Every recognised results file under ``root``, in path order."""
    files = sources.report_files(root, safe_files.walk(root) if files is None else files)
    found: list[TestResults] = []
    for path in sorted(files):
        rel = safe_files.relative(root, path)
        if not _candidate(rel):
            continue
        if rel.lower().endswith(".xml"):
            text = sources.read_text(root, path, warnings)
            if text is None:
                continue
            try:
                element = parse_xml(text)
            except XmlRefused as exc:
                warnings.append(f"{rel}: {exc}")
                continue
            result = junit_counts(element, rel)
        else:
            data = sources.read_json(root, path, warnings)
            result = json_counts(data, rel) if data is not None else None
        if result is not None:
            found.append(result)
    return found


def _int(value: Any) -> int:
    try:
        return max(0, int(float(value)))
    except (TypeError, ValueError, OverflowError):
        return 0


def junit_counts(root: Any, rel: str) -> TestResults | None:
    """Counts from a parsed JUnit XML document, None when it is not one."""
    if root.tag not in ("testsuites", "testsuite"):
        return None
    suites = [root] if root.tag == "testsuite" else []
    suites += [suite for suite in root.iter("testsuite") if suite is not root]
    leaves = [suite for suite in suites if suite.find("testsuite") is None]
    cases = list(root.iter("testcase"))
    if cases:
        failed = sum(1 for case in cases if case.find("failure") is not None)
        errors = sum(1 for case in cases if case.find("failure") is None and case.find("error") is not None)
        skipped = sum(1 for case in cases if case.find("skipped") is not None)
        tests = len(cases)
    else:
        holders = [root] if root.get("tests") is not None else leaves
        tests = sum(_int(holder.get("tests")) for holder in holders)
        failed = sum(_int(holder.get("failures")) for holder in holders)
        errors = sum(_int(holder.get("errors")) for holder in holders)
        skipped = sum(_int(holder.get("skipped", holder.get("disabled"))) for holder in holders)
    passed = max(0, tests - failed - errors - skipped)
    return TestResults(rel, "junit-xml", tests, passed, failed, errors, skipped, 0, len(leaves))


def json_counts(data: Any, rel: str) -> TestResults | None:
    """Counts from Jest/Vitest ``--json`` output or pytest-json-report, None for other JSON."""
    if not isinstance(data, dict):
        return None
    if "numTotalTests" in data:
        return TestResults(
            rel,
            "jest-json",
            _int(data.get("numTotalTests")),
            _int(data.get("numPassedTests")),
            _int(data.get("numFailedTests")),
            0,
            _int(data.get("numPendingTests")),
            _int(data.get("numTodoTests")),
            _int(data["numTotalTestSuites"]) if "numTotalTestSuites" in data else None,
            _int(data.get("numRuntimeErrorTestSuites")),
        )
    summary = data.get("summary")
    if isinstance(summary, dict) and "total" in summary and ("tests" in data or "collected" in summary):
        return TestResults(
            rel,
            "pytest-json",
            _int(summary.get("total")),
            _int(summary.get("passed")),
            _int(summary.get("failed")),
            _int(summary.get("error")),
            _int(summary.get("skipped")),
        )
    return None
