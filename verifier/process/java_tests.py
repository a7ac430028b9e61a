"""Count JUnit (4 and 5) and TestNG test methods in a Java file by parsing it.

Handled: ``@Test`` (any package), ``@RepeatedTest(n)``, ``@ParameterizedTest`` with
``@ValueSource``/``@CsvSource`` (array literal or text block) and ``@EnumSource(names = {...})``
counted from their literal values, ``@Disabled``/``@Ignore`` on the method or an enclosing class,
TestNG ``@Test(enabled = false)``, ``@Nested`` classes. Other argument sources (``@MethodSource``,
``@CsvFileSource``, ...) and ``@TestFactory``/``@TestTemplate`` count once, inexact.
"""

from __future__ import annotations

from typing import Any

from verifier.process import treesitter
from verifier.process.model import TestCase

PLAIN = {"Test"}
DYNAMIC = {"TestFactory", "TestTemplate"}
DISABLED = {"Disabled", "Ignore"}
SOURCES = {"ValueSource", "CsvSource", "EnumSource"}


def count_java_tests(text: str) -> tuple[list[TestCase], str | None]:
    """Test methods in ``text`` and the first syntax error (or None)."""
    root = treesitter.parse("java", text).root_node
    tests: list[TestCase] = []
    for node in treesitter.find_all("java", root, "method_declaration"):
        annotations = _annotations(node)
        names = set(annotations)
        if not names & (PLAIN | DYNAMIC | {"ParameterizedTest", "RepeatedTest"}):
            continue
        count, exact = 1, True
        if "ParameterizedTest" in names:
            count, exact = _parameter_count(annotations)
        elif "RepeatedTest" in names:
            value = _single_value(annotations["RepeatedTest"])
            count, exact = (int(value), True) if value is not None and value.isdigit() else (1, False)
        elif names & DYNAMIC:
            exact = False
        suite, class_disabled = _enclosing(node)
        disabled = class_disabled or bool(names & DISABLED) or _testng_disabled(annotations.get("Test"))
        name = treesitter.text_of(node.child_by_field_name("name"))
        tests.append(TestCase(name, treesitter.line_of(node), suite, count, count if disabled else 0, 0, exact))
    tests.sort(key=lambda test: test.line)
    return tests, treesitter.first_error(root)


def _annotations(node: Any) -> dict[str, Any]:
    """Annotations on a declaration by simple name -> the annotation node."""
    found: dict[str, Any] = {}
    for child in node.children:
        if child.type != "modifiers":
            continue
        for item in child.named_children:
            if item.type in ("marker_annotation", "annotation"):
                found[treesitter.text_of(item.child_by_field_name("name")).rsplit(".", 1)[-1]] = item
    return found


def _enclosing(node: Any) -> tuple[tuple[str, ...], bool]:
    names: list[str] = []
    disabled = False
    parent = node.parent
    while parent is not None:
        if parent.type in ("class_declaration", "enum_declaration", "record_declaration"):
            names.append(treesitter.text_of(parent.child_by_field_name("name")))
            disabled = disabled or bool(set(_annotations(parent)) & DISABLED)
        parent = parent.parent
    return tuple(reversed(names)), disabled


def _arguments(annotation: Any) -> list[Any]:
    args = annotation.child_by_field_name("arguments")
    return treesitter.named_args(args) if args is not None else []


def _pairs(annotation: Any) -> dict[str, Any]:
    """``key = value`` pairs; a lone value is filed under ``value``."""
    pairs: dict[str, Any] = {}
    for arg in _arguments(annotation):
        if arg.type == "element_value_pair":
            pairs[treesitter.text_of(arg.child_by_field_name("key"))] = arg.child_by_field_name("value")
        else:
            pairs["value"] = arg
    return pairs


def _single_value(annotation: Any) -> str | None:
    value = _pairs(annotation).get("value")
    return treesitter.text_of(value).replace("_", "") if value is not None else None


def _elements(value: Any) -> int:
    if value.type == "element_value_array_initializer":
        return len(treesitter.named_args(value))
    return 1


def _parameter_count(annotations: dict[str, Any]) -> tuple[int, bool]:
    total, exact = 0, True
    for source, annotation in annotations.items():
        if source not in SOURCES and not source.endswith("Source"):
            continue
        pairs = _pairs(annotation)
        if source == "ValueSource" and len(pairs) == 1:
            total += _elements(next(iter(pairs.values())))
        elif source == "CsvSource" and "value" in pairs:
            total += _elements(pairs["value"])
        elif source == "CsvSource" and "textBlock" in pairs:
            body = treesitter.text_of(pairs["textBlock"]).strip('"')
            total += sum(1 for line in body.splitlines() if line.strip() and not line.strip().startswith("#"))
        elif source == "EnumSource" and "names" in pairs and "mode" not in pairs:
            total += _elements(pairs["names"])
        else:
            total, exact = total + 1, False
    if total == 0:
        return 1, False
    return total, exact


def _testng_disabled(annotation: Any) -> bool:
    if annotation is None or annotation.type != "annotation":
        return False
    enabled = _pairs(annotation).get("enabled")
    return enabled is not None and treesitter.text_of(enabled) == "false"
