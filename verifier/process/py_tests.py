"""Count pytest and unittest tests in a Python file by parsing it with ``ast``.

Handled: module-level ``def test*``/``async def test*``; methods ``test*`` of ``Test*`` classes
without ``__init__`` (nested ones too, ``__test__ = False`` honoured) and of ``unittest.TestCase``
subclasses (also through bases defined in the same file, whose test methods are inherited);
``@pytest.mark.parametrize`` with a literal argvalues list or tuple (or a module-level name bound
once to one), stacked decorators multiplying, class-level and ``pytestmark`` parametrize,
``pytest.param(..., marks=pytest.mark.skip)`` entries, an empty argvalues list (one skipped case,
as pytest does); ``@pytest.mark.skip``, ``@unittest.skip`` on tests and classes, ``pytestmark``
skip marks and a top-level ``pytest.skip(allow_module_level=True)``.

Not handled: ``skipif``/``skipUnless`` conditions (counted as running), fixture ``params``,
argvalues computed at run time (counted once, inexact), tests imported from other modules,
``subTest`` (pytest counts the method once too) and pytest options that change collection names.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from verifier.process.model import TestCase

TESTCASE_BASES = ("TestCase", "IsolatedAsyncioTestCase", "AsyncTestCase", "TransactionTestCase")
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class _Cases:
    """How many cases a set of marks produces and how many of them are skipped."""

    count: int = 1
    skipped: int = 0
    exact: bool = True

    def times(self, other: _Cases) -> _Cases:
        count = self.count * other.count
        running = (self.count - self.skipped) * (other.count - other.skipped)
        return _Cases(count, count - running, self.exact and other.exact)

    def skip_all(self) -> _Cases:
        return _Cases(self.count, self.count, self.exact)


def count_python_tests(text: str, filename: str) -> tuple[list[TestCase], str]:
    """Tests declared in ``text`` and the framework (``pytest`` or ``unittest``).

    Raises ``SyntaxError`` (or ``ValueError`` for NUL bytes) when the file does not parse.
    """
    module = ast.parse(text, filename=filename)
    reader = _Reader(module)
    return reader.read()


def _dotted(node: ast.AST) -> str:
    """``pytest.mark.skip`` for an attribute chain, the call's function for a call, else ""."""
    if isinstance(node, ast.Call):
        node = node.func
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def _is_skip(mark: ast.AST) -> bool:
    name = _dotted(mark)
    return name.endswith("mark.skip") or name in ("unittest.skip", "skip")


def _is_parametrize(mark: ast.AST) -> bool:
    return isinstance(mark, ast.Call) and (_dotted(mark).endswith("mark.parametrize") or _dotted(mark) == "parametrize")


class _Reader:
    def __init__(self, module: ast.Module) -> None:
        self.module = module
        self.bindings = self._module_bindings()
        self.classes = {node.name: node for node in module.body if isinstance(node, ast.ClassDef)}
        self.tests: list[TestCase] = []
        self.unittest_tests = 0

    def _module_bindings(self) -> dict[str, ast.expr]:
        bound: dict[str, ast.expr] = {}
        seen: set[str] = set()
        for node in self.module.body:
            targets: list[ast.expr] = []
            value: ast.expr | None = None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            for target in targets:
                if isinstance(target, ast.Name):
                    if target.id in seen:
                        bound.pop(target.id, None)
                    elif value is not None:
                        bound[target.id] = value
                    seen.add(target.id)
        return bound

    def read(self) -> tuple[list[TestCase], str]:
        module_cases = self._marks(self._pytestmark(self.module.body))
        if self._module_level_skip():
            module_cases = module_cases.skip_all()
        for node in self.module.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                self._add(node, (), module_cases.times(self._marks(node.decorator_list)))
            elif isinstance(node, ast.ClassDef):
                self._read_class(node, (), module_cases, set())
        self.tests.sort(key=lambda test: test.line)
        framework = "unittest" if self.unittest_tests and self.unittest_tests == len(self.tests) else "pytest"
        return self.tests, framework

    def _module_level_skip(self) -> bool:
        for node in self.module.body:
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                call = node.value
                if _dotted(call) == "pytest.skip" and any(
                    kw.arg == "allow_module_level" and isinstance(kw.value, ast.Constant) and kw.value.value is True
                    for kw in call.keywords
                ):
                    return True
        return False

    @staticmethod
    def _pytestmark(body: list[ast.stmt]) -> list[ast.expr]:
        marks: list[ast.expr] = []
        for node in body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets):
                value = node.value
                marks = list(value.elts) if isinstance(value, (ast.List, ast.Tuple)) else [value]
        return marks

    def _is_testcase(self, cls: ast.ClassDef, seen: frozenset[str] = frozenset()) -> bool:
        for base in cls.bases:
            name = _dotted(base)
            if name.split(".")[-1] in TESTCASE_BASES:
                return True
            local = self.classes.get(name)
            if local is not None and local.name not in seen and self._is_testcase(local, seen | {cls.name}):
                return True
        return False

    def _methods(self, cls: ast.ClassDef, seen: frozenset[str] = frozenset()) -> dict[str, FunctionNode]:
        """Methods by name, inherited ones from same-file bases first, own ones overriding them."""
        methods: dict[str, FunctionNode] = {}
        for base in reversed(cls.bases):
            local = self.classes.get(_dotted(base))
            if local is not None and local.name not in seen and local is not cls:
                methods.update(self._methods(local, seen | {cls.name}))
        for node in cls.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                methods[node.name] = node
        return methods

    def _read_class(self, cls: ast.ClassDef, suite: tuple[str, ...], outer: _Cases, seen: set[int]) -> None:
        if id(cls) in seen:
            return
        seen.add(id(cls))
        is_testcase = self._is_testcase(cls)
        opted_out = any(
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__test__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and not node.value.value
            for node in cls.body
        )
        methods = self._methods(cls)
        if opted_out or not (is_testcase or (cls.name.startswith("Test") and "__init__" not in methods)):
            return
        class_marks = list(cls.decorator_list) + self._pytestmark(cls.body)
        cases = outer.times(self._marks(class_marks, parametrize=not is_testcase))
        path = (*suite, cls.name)
        for name, method in methods.items():
            if name.startswith("test"):
                self._add(method, path, cases.times(self._marks(method.decorator_list, parametrize=not is_testcase)))
                if is_testcase:
                    self.unittest_tests += 1
        if not is_testcase:
            for node in cls.body:
                if isinstance(node, ast.ClassDef):
                    self._read_class(node, path, cases, seen)

    def _add(self, node: FunctionNode, suite: tuple[str, ...], cases: _Cases) -> None:
        self.tests.append(TestCase(node.name, node.lineno, suite, cases.count, cases.skipped, 0, cases.exact))

    def _marks(self, marks: list[ast.expr], parametrize: bool = True) -> _Cases:
        cases = _Cases()
        for mark in marks:
            if _is_skip(mark):
                cases = cases.skip_all()
            elif parametrize and _is_parametrize(mark):
                cases = cases.times(self._parametrize(mark))  # type: ignore[arg-type]
        return cases

    def _parametrize(self, call: ast.Call) -> _Cases:
        values: ast.expr | None = call.args[1] if len(call.args) > 1 else None
        for keyword in call.keywords:
            if keyword.arg == "argvalues":
                values = keyword.value
        if isinstance(values, ast.Name):
            values = self.bindings.get(values.id)
        if not isinstance(values, (ast.List, ast.Tuple)) or any(isinstance(v, ast.Starred) for v in values.elts):
            return _Cases(1, 0, False)
        if not values.elts:
            return _Cases(1, 1, True)  # pytest runs one skipped case for an empty parameter set
        skipped = sum(1 for value in values.elts if self._param_skipped(value))
        return _Cases(len(values.elts), skipped, True)

    @staticmethod
    def _param_skipped(value: ast.expr) -> bool:
        if not (isinstance(value, ast.Call) and _dotted(value).split(".")[-1] == "param"):
            return False
        for keyword in value.keywords:
            if keyword.arg == "marks":
                marks = keyword.value.elts if isinstance(keyword.value, (ast.List, ast.Tuple)) else [keyword.value]
                return any(_is_skip(mark) for mark in marks)
        return False
