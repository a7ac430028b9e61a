"""Count the tests a task folder declares, per file and per kind (unit, integration, unknown).

Each test file found by ``discovery`` is read through ``safe_files`` and parsed by the counter of
its language; tree-sitter is loaded only when a JavaScript, TypeScript, Go or Java test file is
there. A file that cannot be read or parsed becomes a one-line warning and the others are still
counted.
"""

from __future__ import annotations

from pathlib import Path

from verifier import safe_files
from verifier.process import discovery
from verifier.process.discovery import TestCandidate
from verifier.process.model import TestFile, TestInventory


def count_tests(root: Path, warnings: list[str], files: list[Path] | None = None) -> TestInventory:
    """Every test file under ``root`` with its tests. ``files`` is a ``safe_files.walk`` result to reuse."""
    if files is None:
        files = safe_files.walk(root)
    candidates, left_out = discovery.find_test_files(root, files)
    inventory = TestInventory(left_out=left_out)
    missing: dict[str, int] = {}
    for candidate in candidates:
        try:
            text = safe_files.read_text(root, candidate.path)
        except safe_files.FileRefused as exc:
            warnings.append(f"{exc}; its tests are not counted")
            continue
        try:
            result = count_file_text(candidate, text, warnings)
        except _GrammarMissing as exc:
            missing[str(exc)] = missing.get(str(exc), 0) + 1
            continue
        if result.tests or candidate.named:
            inventory.files.append(result)
    for reason, number in missing.items():
        warnings.append(f"{reason}: {number} possible test file(s) not counted")
    return inventory


class _GrammarMissing(Exception):
    pass


def count_file_text(candidate: TestCandidate, text: str, warnings: list[str]) -> TestFile:
    """Count the tests of one candidate whose text is already read."""
    language = candidate.language
    if language == "python":
        return _python(candidate, text, warnings)
    from verifier.process import treesitter

    try:
        if language == "go":
            from verifier.process.go_tests import count_go_tests

            tests, hints, error = count_go_tests(text)
            kind = candidate.kind if candidate.kind != "unknown" else discovery.classify(candidate.rel, "go", hints)
            result = TestFile(candidate.rel, "go", "go", kind, tests)
        elif language == "java":
            from verifier.process.java_tests import count_java_tests

            tests, error = count_java_tests(text)
            result = TestFile(candidate.rel, "java", "junit", candidate.kind, tests)
        else:
            from verifier.process.js_tests import count_js_tests, framework_of

            tests, focused, error = count_js_tests(text, language)
            shown = "javascript" if language == "javascript" else "typescript"
            result = TestFile(candidate.rel, shown, framework_of(text), candidate.kind, tests, focused=focused)
    except treesitter.GrammarMissing as exc:
        raise _GrammarMissing(f"{exc} (needed for {language} tests)") from None
    except RecursionError:
        warnings.append(f"{candidate.rel}: nested too deeply to parse; its tests are not counted")
        return TestFile(candidate.rel, language, "", candidate.kind, [], error="nested too deeply")
    if error is not None:
        result.error = f"syntax error at {error}"
        if result.tests or candidate.named:
            warnings.append(f"{candidate.rel}: syntax error at {error}; tests counted from what parsed")
    return result


def _python(candidate: TestCandidate, text: str, warnings: list[str]) -> TestFile:
    from verifier.process.py_tests import count_python_tests

    try:
        tests, framework = count_python_tests(text, candidate.rel)
    except SyntaxError as exc:
        where = f"line {exc.lineno}" if exc.lineno else "unknown position"
        message = (exc.msg or "invalid syntax").splitlines()[0]
        warnings.append(f"{candidate.rel}: syntax error at {where} ({message}); its tests are not counted")
        return TestFile(candidate.rel, "python", "pytest", candidate.kind, [], error=f"syntax error at {where}")
    except (ValueError, RecursionError, MemoryError) as exc:
        warnings.append(f"{candidate.rel}: cannot parse ({type(exc).__name__}); its tests are not counted")
        return TestFile(candidate.rel, "python", "pytest", candidate.kind, [], error=type(exc).__name__)
    return TestFile(candidate.rel, "python", framework, candidate.kind, tests)
