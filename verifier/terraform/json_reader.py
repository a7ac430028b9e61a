"""Read Terraform's JSON syntax (``*.tf.json``, ``*.tfvars.json``) into the loader's syntax tree.

JSON objects under ``resource``/``data``/``module``/... become blocks; strings become templates
whose ``${...}`` parts are parsed as HCL expressions. Lines come from cfn-lint's line-keeping
JSON decoder (the marks on object keys). Nested objects inside a block are read as object
attributes except for the meta-blocks listed in ``BLOCK_KEYS``; the projection treats a single
object and a one-item block list alike, so either reading maps the same way.
"""

from __future__ import annotations

from typing import Any

from verifier.cfn.decoder import DecodeError, decode_json
from verifier.terraform import hcl_ast as ast
from verifier.terraform.hcl_reader import HclSyntaxError, parse_template

LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1, "locals": 0, "terraform": 0}
BLOCK_KEYS = {"lifecycle", "validation", "provisioner", "connection", "content", "dynamic"}
TRAVERSAL_KEYS = {"depends_on", "provider", "providers"}  # plain strings here are references


def parse_json_config(text: str, file: str, line_offset: int = 0) -> ast.Body:
    try:
        document = decode_json(text, file)
    except DecodeError as exc:
        raise HclSyntaxError(f"not valid JSON ({exc})", None) from None
    if not isinstance(document, dict):
        raise HclSyntaxError("a .tf.json file must hold an object", 1 + line_offset)
    body = ast.Body()
    for block_type, content in document.items():
        depth = LABELS.get(str(block_type))
        if depth is None:
            continue
        line = _line(block_type, line_offset)
        for labels, block_body, block_line in _labelled(content, depth, [], line, line_offset):
            body.blocks.append(ast.Block(str(block_type), labels, block_body, block_line))
    return body


def parse_json_values(text: str, file: str) -> ast.Body:
    """A ``*.tfvars.json`` file: top-level keys are variable values."""
    try:
        document = decode_json(text, file)
    except DecodeError as exc:
        raise HclSyntaxError(f"not valid JSON ({exc})", None) from None
    if not isinstance(document, dict):
        raise HclSyntaxError("variable values must be an object", 1)
    return _body(document, 1, 0, literal_only=True)


def _line(node: Any, offset: int, fallback: int = 1) -> int:
    mark = getattr(node, "start_mark", None)
    return int(mark.line) + 1 + offset if mark is not None else fallback


def _labelled(content: Any, depth: int, labels: list[str], line: int, offset: int):
    """Yield (labels, body, line) for each block, descending ``depth`` label levels."""
    if depth == 0:
        for item in content if isinstance(content, list) else [content]:
            if isinstance(item, dict):
                yield labels, _body(item, line, offset), line
        return
    if not isinstance(content, dict):
        return
    for key, value in content.items():
        yield from _labelled(value, depth - 1, [*labels, str(key)], _line(key, offset, line), offset)


def _body(obj: dict[Any, Any], line: int, offset: int, literal_only: bool = False) -> ast.Body:
    body = ast.Body()
    for key, value in obj.items():
        name, key_line = str(key), _line(key, offset, line)
        if name in BLOCK_KEYS and not literal_only:
            if name == "dynamic" and isinstance(value, dict):
                for label, spec in value.items():
                    for item in spec if isinstance(spec, list) else [spec]:
                        if isinstance(item, dict):
                            body.blocks.append(ast.Block("dynamic", [str(label)], _body(item, _line(label, offset, key_line), offset), _line(label, offset, key_line)))
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    body.blocks.append(ast.Block(name, [], _body(item, key_line, offset), key_line))
            continue
        body.attributes[name] = ast.Attribute(name, _expr(value, key_line, offset, name in TRAVERSAL_KEYS, literal_only), key_line)
    return body


def _expr(value: Any, line: int, offset: int, traversal: bool = False, literal_only: bool = False) -> ast.Expr:
    if isinstance(value, str):
        if literal_only:
            return ast.Literal(value, line, str(value))
        if traversal and "${" not in value:
            return ast.Name(value, line, str(value))
        return parse_template(str(value), line)
    if isinstance(value, list):
        return ast.TupleExpr("[...]", line, [_expr(v, line, offset, traversal, literal_only) for v in value])
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            key_line = _line(key, offset, line)
            items.append((ast.Literal(str(key), key_line, str(key)), _expr(item, key_line, offset, False, literal_only)))
        return ast.ObjectExpr("{...}", line, items)
    return ast.Literal(str(value), line, value)
