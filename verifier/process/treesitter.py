"""Lazy access to tree-sitter parsers and small helpers over their syntax trees.

Nothing is imported until a parser is asked for, so a task folder without JavaScript, Go or Java
tests never loads tree-sitter. Walks are iterative: a deeply nested file cannot exhaust the stack.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from functools import cache
from typing import Any

_GRAMMARS = {
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "javascript": ("tree_sitter_javascript", "language"),
    "go": ("tree_sitter_go", "language"),
    "java": ("tree_sitter_java", "language"),
}


class GrammarMissing(Exception):
    """tree-sitter or the grammar package for a language is not installed."""


@cache
def parser_for(language: str) -> Any:
    """A tree-sitter parser for ``language`` (a key of ``_GRAMMARS``)."""
    module_name, function = _GRAMMARS[language]
    try:
        tree_sitter = importlib.import_module("tree_sitter")
        grammar = importlib.import_module(module_name)
    except ImportError as exc:
        raise GrammarMissing(f"{exc.name or module_name} is not installed") from None
    try:
        return tree_sitter.Parser(tree_sitter.Language(getattr(grammar, function)()))
    except (ValueError, TypeError, AttributeError) as exc:  # e.g. a grammar built for another tree-sitter ABI
        raise GrammarMissing(f"{module_name} cannot be loaded ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from None


@cache
def _query(language: str, node_type: str) -> Any:
    tree_sitter = importlib.import_module("tree_sitter")
    return tree_sitter.Query(parser_for(language).language, f"({node_type}) @found")


def find_all(language: str, node: Any, node_type: str) -> list[Any]:
    """Every ``node_type`` node under ``node``, found by a tree-sitter query (fast, no Python walk)."""
    tree_sitter = importlib.import_module("tree_sitter")
    found = tree_sitter.QueryCursor(_query(language, node_type)).captures(node).get("found", [])
    return sorted(found, key=lambda item: item.start_byte)


def parse(language: str, text: str) -> Any:
    """The syntax tree of ``text``."""
    return parser_for(language).parse(text.encode("utf-8", errors="replace"))


def text_of(node: Any) -> str:
    return node.text.decode("utf-8", errors="replace") if node is not None and node.text is not None else ""


def line_of(node: Any) -> int:
    return node.start_point[0] + 1


def named_args(node: Any) -> list[Any]:
    """Named children without comments (argument lists, arrays, objects)."""
    return [child for child in node.named_children if child.type != "comment"]


def descendants(node: Any) -> Iterator[Any]:
    """Every node under ``node`` (itself included), depth first, without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def first_error(root: Any) -> str | None:
    """``"line N"`` of the first syntax error tree-sitter recovered from, or None."""
    if not root.has_error:
        return None
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            return f"line {line_of(node)}"
        stack.extend(reversed([child for child in node.children if child.has_error or child.is_missing]))
    return "unknown position"
