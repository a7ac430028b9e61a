"""Expand a block into its instances and its body into a native value tree with lines.

``expansion`` reads ``count`` / ``for_each`` (one item per instance, with the ``count.index`` or
``each.key``/``each.value`` names to evaluate it with). ``count = 0`` or an empty ``for_each``
still yields one inactive representative, like a CloudFormation resource whose Condition is
false; an unknown count yields one representative of unknown activity. ``body_values`` turns a
block body into nested Python data: attributes by name, nested blocks as lists of dicts (one
dict per block, ``dynamic`` blocks expanded), with the line of every path it can place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from verifier.hcl_meta import META_ARGUMENTS, META_BLOCKS
from verifier.model import Path, Unresolved
from verifier.terraform import hcl_ast as ast
from verifier.terraform.evaluate import Evaluator
from verifier.terraform.functions import to_text
from verifier.terraform.values import Reference, UnknownKey, finalize, is_unknown

MAX_INSTANCES = 1000


@dataclass
class Expansion:
    items: list[tuple[Any, dict[str, Any]]]  # (instance key or None, names to evaluate with)
    known: bool = True  # False: count/for_each not known statically (one representative item)
    empty: bool = False  # True: zero instances (one inactive representative item)
    mode: str = "single"  # "single" | "count" | "for_each"

    @property
    def keys(self) -> tuple[Any, ...] | None:
        if self.mode == "single" or not self.known or self.empty:
            return () if self.empty else None
        return tuple(key for key, _ in self.items)


def expansion(body: ast.Body, evaluator: Evaluator, names: dict[str, Any] | None = None) -> Expansion:
    """The instances a resource, data or module block stands for."""
    names = names or {}
    if "count" in body.attributes:
        value = evaluator.evaluate(body.attributes["count"].expr, names)
        if is_unknown(value) or isinstance(value, bool) or not isinstance(value, (int, float)) or value > MAX_INSTANCES:
            return Expansion([(None, {"count": {"index": Unresolved("Ref", "count.index")}})], known=False, mode="count")
        count = int(value)
        if count <= 0:
            return Expansion([(None, {"count": {"index": 0}})], empty=True, mode="count")
        return Expansion([(i, {"count": {"index": i}}) for i in range(count)], mode="count")
    if "for_each" in body.attributes:
        value = evaluator.evaluate(body.attributes["for_each"].expr, names)
        pairs = _pairs(value)
        if pairs is None or len(pairs) > MAX_INSTANCES:
            unknown = {"key": Unresolved("Ref", "each.key"), "value": Unresolved("Ref", "each.value")}
            return Expansion([(None, {"each": unknown})], known=False, mode="for_each")
        if not pairs:
            unknown = {"key": Unresolved("Ref", "each.key"), "value": Unresolved("Ref", "each.value")}
            return Expansion([(None, {"each": unknown})], empty=True, mode="for_each")
        return Expansion([(k, {"each": {"key": Unresolved("Ref", "each.key") if isinstance(k, UnknownKey) else k, "value": v}}) for k, v in pairs],
                         mode="for_each")
    return Expansion([(None, {})])


def _pairs(value: Any) -> list[tuple[str, Any]] | None:
    """(key, value) pairs of a for_each map or set of strings; None when not known."""
    if isinstance(value, Reference):  # for_each = aws_s3_bucket.zone: that resource's instances
        value = value.collection()
    if isinstance(value, dict):
        if any(is_unknown(k) for k in value):
            return None
        return sorted(value.items())
    if isinstance(value, list):
        if any(is_unknown(v) or isinstance(v, (list, dict)) for v in value):
            return None
        keys = sorted({to_text(v) for v in value})
        return [(k, k) for k in keys]
    return None


def instance_address(base: str, key: Any) -> str:
    if key is None:
        return base
    return f'{base}["{key}"]' if isinstance(key, str) else f"{base}[{key}]"


def body_values(body: ast.Body, evaluator: Evaluator, names: dict[str, Any], top: bool = True,
                line_files: dict[Path, str] | None = None) -> tuple[dict[str, Any], dict[Path, int]]:
    """Native values of a body and the line of each path (meta-arguments left out at top level).

    A value read from a policy document data source (``data.x.json``) gets the lines of the data
    block's statements; their file goes to ``line_files`` when given."""
    values: dict[str, Any] = {}
    lines: dict[Path, int] = {}
    for name, attribute in body.attributes.items():
        if top and name in META_ARGUMENTS:
            continue
        values[name] = finalize(evaluator.evaluate(attribute.expr, names), attribute.expr.text)
        lines[(name,)] = attribute.line
        literal_lines(attribute.expr, (name,), lines)
        if line_files is not None and isinstance(attribute.expr, ast.GetAttr):
            _origin_lines(evaluator, attribute.expr, names, (name,), lines, line_files)
    for block in body.blocks:
        if block.type in META_BLOCKS and top:
            continue
        if block.type == "dynamic" and block.labels:
            for item_values, item_lines, line in _dynamic(block, evaluator, names):
                _append_block(values, lines, block.labels[0], item_values, item_lines, line)
            continue
        sub_values, sub_lines = body_values(block.body, evaluator, names, top=False)
        _append_block(values, lines, block.type, sub_values, sub_lines, block.line)
    return values, lines


def _origin_lines(evaluator: Evaluator, expr: ast.GetAttr, names: dict[str, Any], path: Path, lines: dict[Path, int],
                  line_files: dict[Path, str]) -> None:
    """Lines of a data source attribute whose parts were written elsewhere (policy statements)."""
    target = evaluator.evaluate(expr.target, names)
    if not isinstance(target, Reference) or expr.name not in target.origins:
        return
    file, sub_lines = target.origins[expr.name]
    for sub_path, line in sub_lines.items():
        lines[(*path, *sub_path)] = line
        line_files[(*path, *sub_path)] = file


def _append_block(values: dict[str, Any], lines: dict[Path, int], name: str, item: Any, item_lines: dict[Path, int], line: int) -> None:
    blocks = values.setdefault(name, [])
    if not isinstance(blocks, list):  # an attribute of the same name came first
        return
    index = len(blocks)
    blocks.append(item)
    lines.setdefault((name,), line)
    lines[(name, index)] = line
    for path, sub_line in item_lines.items():
        lines[(name, index, *path)] = sub_line


def _dynamic(block: ast.Block, evaluator: Evaluator, names: dict[str, Any]) -> list[tuple[Any, dict[Path, int], int]]:
    """The blocks a ``dynamic "x" { for_each ... content { ... } }`` generates."""
    label = block.labels[0]
    iterator = label
    if "iterator" in block.body.attributes:
        expr = block.body.attributes["iterator"].expr
        iterator = expr.name if isinstance(expr, ast.Name) else expr.text.strip('"')
    content = next((b for b in block.body.blocks if b.type == "content"), None)
    if content is None or "for_each" not in block.body.attributes:
        return []
    for_each = block.body.attributes["for_each"]
    collection = evaluator.evaluate(for_each.expr, names)
    if isinstance(collection, dict):
        pairs: list[tuple[Any, Any]] = list(collection.items())
    elif isinstance(collection, list):
        pairs = list(enumerate(collection))
    else:
        return [(Unresolved("Expr", f"dynamic {label}: {for_each.expr.text}"), {}, block.line)]
    found = []
    for key, value in pairs[:MAX_INSTANCES]:
        scope = {**names, iterator: {"key": key, "value": value}}
        item_values, item_lines = body_values(content.body, evaluator, scope, top=False)
        found.append((item_values, item_lines, content.line))
    return found


def literal_lines(expr: ast.Expr, path: Path, lines: dict[Path, int]) -> None:
    """Lines of the keys and items written literally inside an attribute's value."""
    if isinstance(expr, ast.Call) and expr.name == "jsonencode" and len(expr.args) == 1:
        literal_lines(expr.args[0], path, lines)
    elif isinstance(expr, ast.ObjectExpr):
        for key, value in expr.items:
            if isinstance(key, ast.Literal) and isinstance(key.value, str):
                child = (*path, key.value)
                lines[child] = key.line
                literal_lines(value, child, lines)
    elif isinstance(expr, ast.TupleExpr):
        for index, item in enumerate(expr.items):
            child = (*path, index)
            lines[child] = item.line
            literal_lines(item, child, lines)
