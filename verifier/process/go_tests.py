"""Count Go tests (``func TestXxx(t *testing.T)``) in a ``*_test.go`` file by parsing it.

Handled: top-level test functions as ``go test`` finds them (``Test`` followed by nothing or a
non-lowercase letter, one ``*testing.T`` parameter, ``testing`` imported under any name or with a
dot), testify-style suite methods ``func (s *Suite) TestXxx()``, an unconditional ``t.Skip*`` call
in the function body (skipped), and the words of ``//go:build`` / ``// +build`` lines (returned as
hints, e.g. ``integration``). Subtests (``t.Run``) are not counted: ``go test`` reports the top-level
functions.
"""

from __future__ import annotations

import re
from typing import Any

from verifier.process import treesitter
from verifier.process.model import TestCase

SKIPS = {"Skip", "Skipf", "SkipNow"}
_BUILD = re.compile(r"^//\s*(?:go:build|\+build)\s+(.*)$")


def is_test_name(name: str) -> bool:
    return name.startswith("Test") and (len(name) == 4 or not name[4].islower())


def count_go_tests(text: str) -> tuple[list[TestCase], tuple[str, ...], str | None]:
    """Tests in ``text``, words from build constraints, and the first syntax error (or None)."""
    root = treesitter.parse("go", text).root_node
    alias = _testing_alias(root)
    hints: list[str] = []
    tests: list[TestCase] = []
    for node in root.named_children:
        if node.type == "comment":
            match = _BUILD.match(treesitter.text_of(node))
            if match:
                hints.extend(word.lower() for word in re.findall(r"[A-Za-z0-9_]+", match.group(1)))
            continue
        name = treesitter.text_of(node.child_by_field_name("name"))
        if not is_test_name(name):
            continue
        params = [p for p in treesitter.named_args(node.child_by_field_name("parameters")) if p.type == "parameter_declaration"]
        if node.type == "function_declaration" and alias is not None:
            if len(params) != 1 or not _is_testing_t(params[0].child_by_field_name("type"), alias):
                continue
            param = params[0].child_by_field_name("name")
            skipped = _skips(node.child_by_field_name("body"), treesitter.text_of(param) if param else None)
            tests.append(TestCase(name, treesitter.line_of(node), (), 1, int(skipped)))
        elif node.type == "method_declaration" and not params:
            receiver = node.child_by_field_name("receiver")
            receiver_type = receiver.named_children[0].child_by_field_name("type") if receiver and receiver.named_children else None
            suite = treesitter.text_of(receiver_type).lstrip("*") if receiver_type is not None else ""
            tests.append(TestCase(name, treesitter.line_of(node), (suite,) if suite else (), 1, 0))
    return tests, tuple(hints), treesitter.first_error(root)


def _testing_alias(root: Any) -> str | None:
    """The name ``testing`` is imported under (``"."`` for a dot import), None if not imported."""
    for node in treesitter.descendants(root):
        if node.type == "import_spec" and treesitter.text_of(node.child_by_field_name("path")).strip('"`') == "testing":
            name = node.child_by_field_name("name")
            return treesitter.text_of(name) if name is not None else "testing"
        if node.type in ("function_declaration", "method_declaration"):
            break
    return None


def _is_testing_t(node: Any, alias: str) -> bool:
    if node is None or node.type != "pointer_type" or not node.named_children:
        return False
    inner = node.named_children[0]
    if alias == ".":
        return inner.type == "type_identifier" and treesitter.text_of(inner) == "T"
    return (
        inner.type == "qualified_type"
        and treesitter.text_of(inner.child_by_field_name("package")) == alias
        and treesitter.text_of(inner.child_by_field_name("name")) == "T"
    )


def _skips(body: Any, param: str | None) -> bool:
    """Whether the body calls ``t.Skip*`` as one of its own statements (not under an ``if``)."""
    if body is None or param is None:
        return False
    statements = body.named_children
    if statements and statements[0].type == "statement_list":
        statements = statements[0].named_children
    for statement in statements:
        if statement.type != "expression_statement" or not statement.named_children:
            continue
        call = statement.named_children[0]
        function = call.child_by_field_name("function") if call.type == "call_expression" else None
        if (
            function is not None
            and function.type == "selector_expression"
            and treesitter.text_of(function.child_by_field_name("operand")) == param
            and treesitter.text_of(function.child_by_field_name("field")) in SKIPS
        ):
            return True
    return False
