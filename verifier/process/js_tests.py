"""Count Jest, Vitest, Mocha and node:test tests in a JavaScript or TypeScript file by parsing it.

Handled: ``test``/``it``/``specify`` and ``describe``/``suite``/``context`` with the modifiers
``.skip``, ``.only``, ``.todo``, ``.concurrent``, ``.sequential``, ``.failing``, ``.fails``,
``.skipIf(c)``/``.runIf(c)`` (counted as running), ``.each(table)``/``.for(table)`` (array
literal, a ``const`` bound to one, ``Object.entries/keys/values`` of an object literal, or a tagged
template table: substitutions divided by header columns, as jest-each does), ``xit``/``xtest``/
``xdescribe``, ``fit``/``fdescribe``; nested ``describe`` (``describe.each`` multiplies what it
holds); ``.only`` anywhere in a file marks the file's other tests skipped, as the runners do;
``for (... of LIST)`` and ``LIST.forEach/map(...)`` over a resolvable list multiply what they hold.

Not handled (the test is counted once and marked inexact): tables built at run time, tests
declared inside helper functions, ordinary ``for``/``while`` loops and ``if`` blocks, and renamed
or wrapped test functions (``const itIf = cond ? it : it.skip``), which are not recognised at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from verifier.process import treesitter
from verifier.process.model import TestCase

TEST_BASES = {"test": "", "it": "", "specify": "", "xit": "skip", "xtest": "skip", "fit": "only"}
DESCRIBE_BASES = {"describe": "", "suite": "", "context": "", "xdescribe": "skip", "fdescribe": "only"}
PASSIVE = {"concurrent", "sequential", "shuffle", "failing", "fails", "serial"}
TABLES = {"each", "for"}
CONDITIONS = {"skipIf", "runIf"}
FUNCTIONS = {
    "arrow_function", "function_expression", "function", "function_declaration", "generator_function",
    "generator_function_declaration", "method_definition",
}
LOOPS = {"for_statement", "while_statement", "do_statement"}
CONDITIONALS = {"if_statement", "ternary_expression", "switch_statement", "try_statement"}
WRAPPERS = {"as_expression", "satisfies_expression", "parenthesized_expression", "non_null_expression"}
_VITEST = re.compile(r"""(?:from\s*|require\(\s*)['"]vitest['"]""")
_NODE_TEST = re.compile(r"""(?:from\s*|require\(\s*)['"]node:test['"]""")
_MOCHA = re.compile(r"""(?:from\s*|require\(\s*)['"](?:mocha|chai)['"]""")


@dataclass(frozen=True)
class _Context:
    suite: tuple[str, ...] = ()
    multiplier: int = 1
    skipped: bool = False
    focused: bool = False
    exact: bool = True


@dataclass(frozen=True)
class _Api:
    role: str  # test or describe
    items: list[Any]  # the arguments of the final call
    skipped: bool
    focused: bool
    todo: bool
    rows: int
    exact: bool


@dataclass(frozen=True)
class _Found:
    name: str
    line: int
    suite: tuple[str, ...]
    count: int
    skipped: bool
    focused: bool
    todo: bool
    exact: bool


def framework_of(text: str) -> str:
    if _VITEST.search(text):
        return "vitest"
    if _NODE_TEST.search(text):
        return "node:test"
    if _MOCHA.search(text):
        return "mocha"
    return "jest"


def count_js_tests(text: str, language: str) -> tuple[list[TestCase], bool, str | None]:
    """Tests declared in ``text`` (``language``: typescript, tsx or javascript).

    Returns the tests, whether the file is focused (uses ``.only``) and the position of the first
    syntax error tree-sitter recovered from (None for a clean parse).
    """
    tree = treesitter.parse(language, text)
    root = tree.root_node
    consts = _constants(language, root)
    found: list[_Found] = []
    stack: list[tuple[Any, _Context]] = [(root, _Context())]
    while stack:
        node, ctx = stack.pop()
        kind = node.type
        if kind == "call_expression":
            api = _interpret(node, consts)
            if api is not None:
                _declare(api, node, ctx, found, stack)
                continue
            if _loop_call(node, ctx, consts, stack):
                continue
        elif kind == "for_in_statement":
            size = _size(node.child_by_field_name("right"), consts)
            body = node.child_by_field_name("body")
            if body is not None:
                inner = replace(ctx, multiplier=ctx.multiplier * size) if size is not None else replace(ctx, exact=False)
                stack.append((body, inner))
            continue
        elif kind in LOOPS or kind in FUNCTIONS or kind in CONDITIONALS:
            ctx = replace(ctx, exact=False)
        stack.extend((child, ctx) for child in reversed(node.children))
    focused = any(item.focused and not item.skipped for item in found)
    tests = []
    for item in sorted(found, key=lambda item: item.line):
        skipped = item.count if item.skipped or (focused and not item.focused and not item.todo) else 0
        todo = item.count if item.todo and not skipped else 0
        tests.append(TestCase(item.name, item.line, item.suite, item.count, skipped, todo, item.exact))
    return tests, focused, treesitter.first_error(root)


def _declare(api: _Api, node: Any, ctx: _Context, found: list[_Found], stack: list[tuple[Any, _Context]]) -> None:
    title = _title(api.items[0])
    if api.role == "test":
        found.append(
            _Found(
                title,
                treesitter.line_of(node),
                ctx.suite,
                ctx.multiplier * api.rows,
                ctx.skipped or api.skipped,
                ctx.focused or api.focused,
                api.todo or len(api.items) < 2,  # no callback: todo (vitest); jest refuses it
                ctx.exact and api.exact,
            )
        )
        return
    inner = _Context(
        (*ctx.suite, title),
        ctx.multiplier * api.rows,
        ctx.skipped or api.skipped,
        ctx.focused or api.focused,
        ctx.exact and api.exact,
    )
    for item in reversed(api.items[1:]):
        body = item.child_by_field_name("body") if item.type in FUNCTIONS else None
        stack.append((body if body is not None else item, inner))


def _flatten(call: Any) -> tuple[str, list[tuple[str, Any]], Any] | None:
    """``test.skip.each(t)("x", fn)`` -> ("test", [("prop", "skip"), ("prop", "each"), ("call", t)], args)."""
    steps: list[tuple[str, Any]] = []
    node = call.child_by_field_name("function")
    while node is not None:
        if node.type == "identifier":
            steps.reverse()
            return treesitter.text_of(node), steps, call.child_by_field_name("arguments")
        if node.type == "member_expression":
            steps.append(("prop", treesitter.text_of(node.child_by_field_name("property"))))
            node = node.child_by_field_name("object")
        elif node.type == "call_expression":
            steps.append(("call", node.child_by_field_name("arguments")))
            node = node.child_by_field_name("function")
        else:
            return None
    return None


def _interpret(call: Any, consts: dict[str, Any]) -> _Api | None:
    flat = _flatten(call)
    if flat is None:
        return None
    base, steps, args = flat
    if base in TEST_BASES:
        role, mode = "test", TEST_BASES[base]
    elif base in DESCRIBE_BASES:
        role, mode = "describe", DESCRIBE_BASES[base]
    else:
        return None
    skipped, focused, todo, rows, exact = mode == "skip", mode == "only", False, 1, True
    index = 0
    while index < len(steps):
        kind, value = steps[index]
        if kind != "prop":
            return None  # a call that no .each / .skipIf introduced: not a declaration
        if value in TABLES or value in CONDITIONS:
            if index + 1 >= len(steps) or steps[index + 1][0] != "call" or steps[index + 1][1] is None:
                return None
            if value in TABLES:
                count, known = _table_rows(steps[index + 1][1], consts)
                rows *= count
                exact = exact and known
            index += 1
        elif value == "skip":
            skipped = True
        elif value == "only":
            focused = True
        elif value == "todo":
            todo = True
        elif value not in PASSIVE:
            return None
        index += 1
    if args is None or args.type != "arguments":
        return None
    items = treesitter.named_args(args)
    if not items:
        return None
    return _Api(role, items, skipped, focused, todo, rows, exact)


def _table_rows(args: Any, consts: dict[str, Any]) -> tuple[int, bool]:
    """Rows of an ``.each`` table: (rows, known exactly)."""
    if args.type == "template_string":
        substitutions = sum(1 for child in args.named_children if child.type == "template_substitution")
        raw = treesitter.text_of(args)[1:]
        header = re.sub(r"\s", "", raw.split("${", 1)[0])
        columns = len(header.split("|")) if header else 0
        if not columns or not substitutions:
            return 0, False
        return -(-substitutions // columns), substitutions % columns == 0
    items = treesitter.named_args(args)
    size = _size(items[0], consts) if items else None
    if size is None:
        return 1, False
    return size, size > 0


def _constants(language: str, root: Any) -> dict[str, Any]:
    """``const NAME = value`` bindings whose name is bound only once in the file."""
    bound: dict[str, Any] = {}
    seen: set[str] = set()
    for node in treesitter.find_all(language, root, "variable_declarator"):
        name = node.child_by_field_name("name")
        if name is None or name.type != "identifier":
            continue
        key = treesitter.text_of(name)
        declaration = node.parent
        is_const = declaration is not None and declaration.type == "lexical_declaration" and (
            treesitter.text_of(declaration.child_by_field_name("kind")) == "const"
        )
        if key in seen or not is_const:
            bound.pop(key, None)
        else:
            bound[key] = node.child_by_field_name("value")
        seen.add(key)
    return bound


def _size(node: Any, consts: dict[str, Any], depth: int = 0) -> int | None:
    """Number of elements of a list the source spells out, or None."""
    while node is not None and node.type in WRAPPERS:
        inner = treesitter.named_args(node)
        node = inner[0] if inner else None
    if node is None or depth > 8:
        return None
    if node.type == "array":
        items = treesitter.named_args(node)
        return None if any(item.type == "spread_element" for item in items) else len(items)
    if node.type == "object":
        items = treesitter.named_args(node)
        return None if any(item.type == "spread_element" for item in items) else len(items)
    if node.type == "identifier":
        return _size(consts.get(treesitter.text_of(node)), consts, depth + 1)
    if node.type == "call_expression":
        function = node.child_by_field_name("function")
        if treesitter.text_of(function) in ("Object.entries", "Object.keys", "Object.values"):
            args = treesitter.named_args(node.child_by_field_name("arguments"))
            if len(args) == 1:
                return _size(args[0], consts, depth + 1)
    return None


def _loop_call(node: Any, ctx: _Context, consts: dict[str, Any], stack: list[tuple[Any, _Context]]) -> bool:
    """``LIST.forEach(cb)`` / ``LIST.map(cb)``: walk the callback body once per element."""
    function = node.child_by_field_name("function")
    if function is None or function.type != "member_expression":
        return False
    if treesitter.text_of(function.child_by_field_name("property")) not in ("forEach", "map", "flatMap"):
        return False
    args = node.child_by_field_name("arguments")
    items = treesitter.named_args(args) if args is not None else []
    if not items or items[0].type not in FUNCTIONS:
        return False
    size = _size(function.child_by_field_name("object"), consts)
    inner = replace(ctx, multiplier=ctx.multiplier * size) if size is not None else replace(ctx, exact=False)
    body = items[0].child_by_field_name("body")
    if body is not None:
        stack.append((body, inner))
    stack.append((function.child_by_field_name("object"), ctx))
    return True


def _title(node: Any) -> str:
    text = treesitter.text_of(node)
    if node.type in ("string", "template_string") and len(text) >= 2:
        return text[1:-1]
    return text
