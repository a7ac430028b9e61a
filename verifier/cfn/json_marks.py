"""Decode JSON with the C parser and give it cfn-lint's node types and marks in one cheap pass.

cfn-lint's JSON decoder (``cfnlint.decode.cfn_json``) is pure Python and counts lines with a
hand-written binary search per node. Here the standard C ``json`` parser produces the values and
a regular-expression pass over the text finds where each object, array and key starts and ends;
the nodes are cfn-lint's own (``dict_node``, ``list_node``, ``str_node`` keys, plain ``str``
values) with exactly the marks ``cfn_json`` computes. Anything unusual (invalid JSON, duplicate
keys, deep nesting, a token out of step) makes ``loads`` return ``None`` so the caller uses
cfn-lint's decoder and gets its exact result or error.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

# Brackets and strings (keys and values); in valid JSON nothing else holds these characters.
TOKEN = re.compile(r'[{}\[\]]|"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
MAX_DEPTH = 64  # deeper documents go to cfn-lint's decoder, whose own recursion limit then applies


class NodeTypes(NamedTuple):
    """cfn-lint's node classes and its ``Mark`` (taken from the loaded ``cfn_json`` module)."""

    dict_node: Any
    list_node: Any
    str_node: Any
    mark: Any


class _Fallback(Exception):
    """The fast pass cannot reproduce cfn-lint's decoder here."""


def newline_indexes(text: str) -> list[int]:
    """Positions of every ``\\n`` (what ``cfn_json.find_indexes`` computes character by character)."""
    return [m.start() for m in re.finditer("\n", text)]


def mark_pair(start: int, end: int, lines: list[int], offset: int, mark: Callable[[int, int], Any]) -> tuple[Any, Any]:
    """``cfn_json.get_beg_end_mark`` with ``bisect`` for its binary search (same arithmetic, quirks included)."""
    begin_line = bisect_right(lines, start)
    begin = mark(begin_line, start - (lines[begin_line - 1] if lines and begin_line else -1))
    below_end = bisect_right(lines, end)
    end_line = below_end - offset
    return begin, mark(end_line, end - (lines[end_line - 1] if lines and below_end else -1))


def loads(text: str, types: NodeTypes) -> Any | None:
    """The document ``cfn_json.loads(text)`` returns, or None when only cfn-lint's decoder can say."""
    try:
        value = json.loads(text, object_pairs_hook=tuple)
    except (ValueError, RecursionError):
        return None
    builder = _Builder(text, types)
    try:
        document = builder.build(value)
    except (_Fallback, StopIteration, RecursionError):
        return None
    return document if next(builder.tokens, None) is None else None


class _Builder:
    """Walks the parsed value in document order next to the text's tokens, making the nodes."""

    def __init__(self, text: str, types: NodeTypes) -> None:
        self.text = text
        self.types = types
        self.lines = newline_indexes(text)
        self.offset = 1 if len(self.lines) > 1 else 0
        self.tokens: Iterator[re.Match[str]] = TOKEN.finditer(text)

    def marks(self, start: int, end: int) -> tuple[Any, Any]:
        return mark_pair(start, end, self.lines, self.offset, self.types.mark)

    def expect(self, char: str) -> int:
        """Position of the next token, which must start with ``char``."""
        token = next(self.tokens)
        if token[0][0] != char:
            raise _Fallback
        return token.start()

    def build(self, value: Any, depth: int = 0) -> Any:
        if isinstance(value, tuple):
            return self.mapping(value, depth + 1)
        if isinstance(value, list):
            return self.sequence(value, depth + 1)
        if isinstance(value, str):
            self.expect('"')
        return value

    def mapping(self, pairs: tuple[tuple[str, Any], ...], depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _Fallback
        start = self.expect("{") + 1
        str_node, tokens, lines, offset, mark, new_str = self.types.str_node, self.tokens, self.lines, self.offset, self.types.mark, str.__new__
        items = []
        for key, value in pairs:
            token = next(tokens)
            if token[0][0] != '"':
                raise _Fallback
            begin = token.start()
            key_node = new_str(str_node, key)  # what str_node(key, ...) makes, without its slow __init__
            key_node.start_mark, key_node.end_mark = mark_pair(begin, begin + len(key), lines, offset, mark)
            if isinstance(value, (tuple, list)):
                value = self.build(value, depth)
            elif isinstance(value, str) and next(tokens)[0][0] != '"':
                raise _Fallback
            items.append((key_node, value))
        end = self.expect("}") + 1
        node = self.types.dict_node(items, *self.marks(start, end))
        if len(node) != len(items):  # duplicate keys: cfn-lint's decoder reports them
            raise _Fallback
        return node

    def sequence(self, values: list[Any], depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _Fallback
        start = self.expect("[") + 1
        items = [self.build(value, depth) for value in values]
        end = self.expect("]") + 1
        return self.types.list_node(items, *self.marks(start, end))
