"""Which files of a task folder are test files, in which language, and unit or integration.

A file is a test file when it sits under a ``test``, ``tests`` or ``__tests__`` folder or is named
like one (``*.test.*``, ``*.spec.*``, ``test_*.py``, ``*_test.py``, ``*_test.go``, ``*Test.java``).
Python and Go files count only when named as their runners collect them (pytest/unittest:
``test*.py``, ``*_test.py``; go: ``*_test.go``). Files under a test folder that are not named as
tests are kept only if they declare tests (the counter decides; see ``TestCandidate.named``).

The kind comes from the file name first (``*.unit.test.ts``, ``*.int.test.ts``,
``*_integration_test.py``, ``*IT.java``) and else from the folders (``unit``, ``integration``,
``integ``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from verifier import safe_files

JS_LANGUAGES = {
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
}
TEST_DIRS = {"test", "tests", "__tests__"}
SKIP_PARTS = {"node_modules", "cdk.out", ".git", ".terraform", "venv", ".venv", "site-packages", "__pycache__"}
UNIT_WORDS = {"unit", "units", "unittest", "unittests", "unit-tests", "unit_tests"}
INTEGRATION_WORDS = {
    "integration", "integrations", "integ", "int", "integration-tests", "integration_tests", "integ-tests",
    "integtests", "it",
}
_WORD_SPLIT = re.compile(r"[._\-\s]+")
_CAMEL = re.compile(r"[A-Z][a-z0-9]*|[a-z0-9]+")


@dataclass(frozen=True)
class TestCandidate:
    """A file that may hold tests."""

    __test__ = False

    path: Path
    rel: str
    language: str  # typescript, tsx, javascript, python, go, java
    kind: str  # unit, integration, unknown
    named: bool  # named as a test file (kept even when it declares no test)


def _language(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".d.ts") or lower.endswith(".d.mts") or lower.endswith(".d.cts"):
        return None
    suffix = Path(lower).suffix
    if suffix in JS_LANGUAGES:
        return JS_LANGUAGES[suffix]
    return {".py": "python", ".go": "go", ".java": "java"}.get(suffix)


def named_as_test(name: str, language: str) -> bool:
    """Whether the file name alone marks a test file for its language's usual runner."""
    lower = name.lower()
    if language == "python":
        return lower.startswith("test") or lower.endswith("_test.py")
    if language == "go":
        return lower.endswith("_test.go")
    if language == "java":
        stem = name[: -len(".java")]
        return stem.endswith(("Test", "Tests", "IT", "TestCase"))
    parts = lower.split(".")
    return "test" in parts[1:-1] or "spec" in parts[1:-1]


def _name_words(name: str, language: str) -> list[str]:
    stem = name.rsplit(".", 1)[0]
    if language == "java":
        words = [word.lower() for word in _CAMEL.findall(stem)]
        return words + ["it"] if stem.endswith("IT") else words
    return [word.lower() for word in _WORD_SPLIT.split(stem) if word]


def classify(rel: str, language: str, hints: tuple[str, ...] = ()) -> str:
    """``unit``, ``integration`` or ``unknown`` for a test file at ``rel`` (name first, then folders).

    ``hints`` are extra words from the file itself (Go build tags), used when name and folders
    say nothing.
    """
    parts = rel.split("/")
    words = set(_name_words(parts[-1], language))
    if language != "java":
        words.discard("it")  # "it" marks integration tests only as a Java suffix or a folder
    for candidate_words in (words, {part.lower() for part in parts[:-1]}, set(hints)):
        unit = bool(candidate_words & UNIT_WORDS)
        integration = bool(candidate_words & INTEGRATION_WORDS)
        if unit and not integration:
            return "unit"
        if integration and not unit:
            return "integration"
    return "unknown"


def find_test_files(root: Path, files: list[Path]) -> tuple[list[TestCandidate], list[tuple[str, str]]]:
    """Test file candidates among ``files`` (from ``safe_files.walk``) and the files left out.

    Compiled JavaScript twins of TypeScript tests (``x.test.js`` beside ``x.test.ts``) and files in
    virtual environments are left out.
    """
    venvs = {path.parent for path in files if path.name == "pyvenv.cfg"}
    present = {safe_files.relative(root, path) for path in files}
    found: list[TestCandidate] = []
    left_out: list[tuple[str, str]] = []
    for path in files:
        rel = safe_files.relative(root, path)
        parts = rel.split("/")
        if any(part in SKIP_PARTS for part in parts[:-1]) or any(venv in path.parents for venv in venvs):
            continue
        language = _language(parts[-1])
        if language is None:
            continue
        named = named_as_test(parts[-1], language)
        in_test_dir = any(part.lower() in TEST_DIRS for part in parts[:-1])
        if not named and (not in_test_dir or language in ("python", "go")):
            continue
        if language == "javascript":
            stem = rel.rsplit(".", 1)[0]
            twin = next((f"{stem}{ext}" for ext in (".ts", ".tsx", ".mts", ".cts") if f"{stem}{ext}" in present), None)
            if twin:
                left_out.append((rel, f"compiled twin of {twin}"))
                continue
        found.append(TestCandidate(path, rel, language, classify(rel, language), named))
    return found, left_out
