"""Data shapes for counted tests: one declared test, one test file, and the whole inventory.

A declared test may run several times (``test.each``, ``@pytest.mark.parametrize``, a loop over a
literal list): ``count`` is how many cases it runs, ``skipped``/``todo`` how many of those do not
run, and ``exact`` is False when the count depends on data only known when the tests run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("unit", "integration", "unknown")


@dataclass(frozen=True)
class TestCase:
    """One test declaration as written in a file."""

    __test__ = False  # not a pytest test class

    name: str
    line: int
    suite: tuple[str, ...] = ()  # enclosing describe titles or class names, outermost first
    count: int = 1  # cases this declaration runs
    skipped: int = 0  # of ``count``, cases marked skipped (or left out by ``.only`` elsewhere)
    todo: int = 0  # of ``count``, cases declared as todo
    exact: bool = True  # False when the count depends on run-time data

    @property
    def full_name(self) -> str:
        return " ".join((*self.suite, self.name))


@dataclass
class TestFile:
    """The tests counted in one file."""

    __test__ = False

    path: str  # relative to the task folder, with forward slashes
    language: str  # typescript, javascript, python, go, java
    framework: str  # jest, vitest, pytest, unittest, go, junit
    kind: str  # unit, integration or unknown
    tests: list[TestCase] = field(default_factory=list)
    error: str | None = None  # a syntax error found while parsing (counts may be incomplete)
    focused: bool = False  # the file uses .only / fit / fdescribe, so other tests are skipped

    @property
    def count(self) -> int:
        return sum(test.count for test in self.tests)

    @property
    def skipped(self) -> int:
        return sum(test.skipped for test in self.tests)

    @property
    def todo(self) -> int:
        return sum(test.todo for test in self.tests)

    @property
    def exact(self) -> bool:
        return self.error is None and all(test.exact for test in self.tests)


@dataclass(frozen=True)
class Totals:
    """Counts summed over a set of files."""

    files: int = 0
    total: int = 0
    skipped: int = 0
    todo: int = 0
    exact: bool = True

    @property
    def runnable(self) -> int:
        """Cases that would run: total less skipped and todo."""
        return self.total - self.skipped - self.todo


@dataclass
class TestInventory:
    """Every test file found in a task folder and what it declares."""

    __test__ = False

    files: list[TestFile] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) not counted

    def totals(self, kind: str | None = None) -> Totals:
        """Totals over all files, or over the files of one kind (unit, integration, unknown)."""
        chosen = [f for f in self.files if kind is None or f.kind == kind]
        return Totals(
            files=len(chosen),
            total=sum(f.count for f in chosen),
            skipped=sum(f.skipped for f in chosen),
            todo=sum(f.todo for f in chosen),
            exact=all(f.exact for f in chosen),
        )

    @property
    def by_kind(self) -> dict[str, Totals]:
        """Totals per kind plus ``"all"``."""
        result = {kind: self.totals(kind) for kind in KINDS}
        result["all"] = self.totals()
        return result

    def file(self, path: str) -> TestFile | None:
        for test_file in self.files:
            if test_file.path == path:
                return test_file
        return None
