"""Facts about how a task was tested and deployed, for checking "process" claims in a report.

``read_process_facts`` gathers, from one task folder: the tests declared (counted by parsing, per
file and per kind: unit, integration, unknown), test results files, coverage figures and
deployment outputs. It walks the folder once and loads tree-sitter only when there are JavaScript,
TypeScript, Go or Java test files. Linting (cfn-lint, terraform fmt) runs only on request: see
``verifier.process.lint``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from verifier import safe_files
from verifier.process.coverage import Coverage, CoverageFigure, read_coverage
from verifier.process.model import TestCase, TestFile, TestInventory, Totals
from verifier.process.outputs import OutputValue, read_outputs
from verifier.process.results import TestResults, read_results
from verifier.process.test_counts import count_tests

WALK_LIMIT = 5000

__all__ = [
    "Coverage",
    "CoverageFigure",
    "OutputValue",
    "ProcessFacts",
    "TestCase",
    "TestFile",
    "TestInventory",
    "TestResults",
    "Totals",
    "read_process_facts",
]


@dataclass
class ProcessFacts:
    """Everything read from one task folder about its tests, coverage and deployment."""

    tests: TestInventory = field(default_factory=TestInventory)
    results: list[TestResults] = field(default_factory=list)
    coverage: Coverage = field(default_factory=Coverage)
    outputs: dict[str, OutputValue] = field(default_factory=dict)


def read_process_facts(root: Path, warnings: list[str]) -> ProcessFacts:
    """Read tests, results, coverage and outputs of the task folder ``root``; problems go to ``warnings``."""
    root = Path(root)
    if not root.is_dir():
        warnings.append(f"{root}: not a folder; no process facts read")
        return ProcessFacts()
    files = safe_files.walk(root, max_files=WALK_LIMIT)
    if len(files) >= WALK_LIMIT:
        warnings.append(f"more than {WALK_LIMIT} files in the task folder; tests and reports past them are not read")
    return ProcessFacts(
        tests=count_tests(root, warnings, files),
        results=read_results(root, warnings, files),
        coverage=read_coverage(root, warnings, files),
        outputs=read_outputs(root, warnings),
    )
