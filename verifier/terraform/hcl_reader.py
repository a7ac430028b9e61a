"""Read native HCL (``*.tf``, ``*.tfvars``) into the loader's syntax tree, with exact lines.

python-hcl2 parses with Lark (``propagate_positions=True``); its raw parse tree carries the
line and character span of every node, so lines and source text come straight from the parser
rather than from searching the file text. Heredocs and ``.tf.json`` strings are single tokens to
the parser: their ``${...}`` interpolations are parsed here as expression fragments. A syntax
error raises ``HclSyntaxError`` with the line it was found on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hcl2.api import parses_to_tree
from hcl2.utils import process_escape_sequences
from lark import Token, Tree
from lark.exceptions import LarkError

from verifier.terraform import hcl_ast as ast

_SKIP = {"new_line_or_comment"}
_HEREDOC = re.compile(r"<<(-?)([A-Za-z][A-Za-z0-9._-]*)\r?\n(.*?)^[ \t]*\2[ \t]*\r?$", re.S | re.M)
_KEYWORD_VALUES = {"true": True, "false": False, "null": None}


class HclSyntaxError(Exception):
    """Text that is not valid HCL; ``line`` is where the parser stopped (already offset)."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


@dataclass
class _Source:
    text: str
    line_offset: int  # added to parser lines
    char_offset: int = 0  # subtracted from parser positions (fragments are parsed with a prefix)


def parse_hcl(text: str, line_offset: int = 0) -> ast.Body:
    """Parse a whole HCL file; lines in the tree are ``line_offset`` + the line in ``text``."""
    tree = _parse(text, line_offset)
    source = _Source(text, line_offset)
    body = next((c for c in tree.children if isinstance(c, Tree) and c.data == "body"), None)
    return _body(body, source) if body is not None else ast.Body()


def parse_expression(text: str, line: int) -> ast.Expr:
    """Parse one expression fragment that starts on ``line``."""
    prefix = "v = "
    tree = _parse(prefix + text, line - 1)
    source = _Source(prefix + text, line - 1, 0)
    body = tree.children[0]
    attribute = next(c for c in body.children if isinstance(c, Tree) and c.data == "attribute")
    return _expr(_children(attribute)[-1], source)


def parse_template(text: str, line: int) -> ast.Expr:
    """A string's content (heredoc body or ``.tf.json`` value) with its ``${...}`` parsed."""
    parts: list[str | ast.Expr] = []
    literal: list[str] = []
    index = 0
    while index < len(text):
        if text.startswith("$${", index) or text.startswith("%%{", index):
            literal.append(text[index + 1 : index + 3])
            index += 3
            continue
        if text.startswith("${", index) or text.startswith("%{", index):
            end = _closing_brace(text, index + 2)
            if end < 0:
                literal.append(text[index:])
                break
            fragment_line = line + text.count("\n", 0, index)
            if literal:
                parts.append("".join(literal))
                literal = []
            inner = text[index + 2 : end]
            if text[index] == "%":
                parts.append(ast.Unsupported(text[index : end + 1], fragment_line))
            else:
                parts.append(parse_expression(inner.strip().strip("~").strip(), fragment_line))
            index = end + 1
            continue
        literal.append(text[index])
        index += 1
    if literal:
        parts.append("".join(literal))
    if len(parts) == 1 and isinstance(parts[0], str):
        return ast.Literal(text, line, parts[0])
    return ast.TemplateExpr(text, line, parts)


def _closing_brace(text: str, start: int) -> int:
    """Index of the ``}`` closing an interpolation opened just before ``start``, or -1."""
    depth, index, quote = 0, start, False
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == '"':
                quote = False
        elif char == '"':
            quote = True
        elif char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return -1


def _parse(text: str, line_offset: int) -> Tree:
    try:
        return parses_to_tree(text)
    except LarkError as exc:
        line = getattr(exc, "line", None)
        found = getattr(exc, "token", None)
        shown = (str(found).strip().splitlines() or [""])[0].strip()[:30] if isinstance(found, Token) else ""
        what = f"unexpected {shown!r}" if shown else "unexpected input"
        if isinstance(found, Token) and found.type == "$END":
            what = "unexpected end of file"
        raise HclSyntaxError(what, line + line_offset if isinstance(line, int) and line > 0 else None) from None


def _children(tree: Tree) -> list[Tree | Token]:
    return [c for c in tree.children if not (isinstance(c, Tree) and c.data in _SKIP)]


def _line(node: Tree | Token, source: _Source) -> int:
    line = getattr(node, "line", None) if isinstance(node, Token) else getattr(node.meta, "line", None)
    return (line or 1) + source.line_offset


def _text(node: Tree | Token, source: _Source) -> str:
    if isinstance(node, Token):
        return str(node)
    start, end = getattr(node.meta, "start_pos", None), getattr(node.meta, "end_pos", None)
    if start is None or end is None:
        return ""
    return source.text[start - source.char_offset : end - source.char_offset]


def _name(node: Tree | Token, source: _Source) -> str:
    """An attribute name, block type or block label."""
    if isinstance(node, Token):
        return str(node)
    if node.data == "string":
        value = _string(node, source)
        return value.value if isinstance(value, ast.Literal) else value.text.strip('"')
    return str(node.children[0])


def _body(tree: Tree, source: _Source) -> ast.Body:
    body = ast.Body()
    for child in _children(tree):
        if not isinstance(child, Tree):
            continue
        if child.data == "attribute":
            parts = _children(child)
            name = _name(parts[0], source)
            body.attributes[name] = ast.Attribute(name, _expr(parts[-1], source), _line(child, source))
        elif child.data == "block":
            parts = _children(child)
            inner = next(p for p in parts if isinstance(p, Tree) and p.data == "body")
            names = [_name(p, source) for p in parts if isinstance(p, Tree) and p.data != "body"]
            body.blocks.append(ast.Block(names[0], names[1:], _body(inner, source), _line(child, source)))
    return body


def _expr(node: Tree | Token, source: _Source) -> ast.Expr:
    if isinstance(node, Token):
        return ast.Literal(str(node), node.line + source.line_offset if node.line else source.line_offset + 1, str(node))
    handler = _HANDLERS.get(node.data)
    if handler is None:
        return ast.Unsupported(_text(node, source), _line(node, source))
    return handler(node, source)


def _expr_term(node: Tree, source: _Source) -> ast.Expr:
    parts = [c for c in _children(node) if not (isinstance(c, Token) and c.type in ("LPAR", "RPAR"))]
    return _expr(parts[0], source)


def _literal_value(node: Tree, source: _Source) -> ast.Expr:
    word = str(node.children[0])
    return ast.Literal(word, _line(node, source), _KEYWORD_VALUES.get(word, word))


def _number(node: Tree, source: _Source) -> ast.Expr:
    text = str(node.children[0])
    try:
        value: int | float = int(text) if node.data == "int_lit" else float(text)
    except ValueError:  # over Python's 4300-digit limit for int(): a float (maybe inf) serves as well
        value = float(text)
    return ast.Literal(text, _line(node, source), value)


def _identifier(node: Tree, source: _Source) -> ast.Expr:
    return ast.Name(str(node.children[0]), _line(node, source), str(node.children[0]))


def _string(node: Tree, source: _Source) -> ast.Expr:
    parts: list[str | ast.Expr] = []
    for part in _children(node):
        if isinstance(part, Token):
            continue  # the quotes
        inner = part.children[0]
        if isinstance(inner, Token):
            if inner.type == "STRING_CHARS":
                parts.append(process_escape_sequences(str(inner)))
            elif inner.type in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
                parts.append(str(inner)[1:])
        elif inner.data == "interpolation":
            expression = next(c for c in _children(inner) if isinstance(c, Tree))
            parts.append(_expr(expression, source))
        else:
            return ast.Unsupported(_text(node, source), _line(node, source))
    merged: list[str | ast.Expr] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    if not merged:
        return ast.Literal(_text(node, source), _line(node, source), "")
    if len(merged) == 1 and isinstance(merged[0], str):
        return ast.Literal(_text(node, source), _line(node, source), merged[0])
    return ast.TemplateExpr(_text(node, source), _line(node, source), merged)


def _template_string(node: Tree, source: _Source) -> ast.Expr:
    raw = str(node.children[0])
    return ast.Literal(raw, _line(node, source), process_escape_sequences(raw[2:-2]))


def _heredoc(node: Tree, source: _Source) -> ast.Expr:
    raw = str(node.children[0])
    line = _line(node, source)
    match = _HEREDOC.match(raw)
    if not match:
        return ast.Unsupported(raw, line)
    content = match.group(3)
    if match.group(1):  # <<- strips the common leading whitespace
        lines = content.split("\n")
        indents = [len(ln) - len(ln.lstrip(" \t")) for ln in lines if ln.strip()]
        cut = min(indents) if indents else 0
        content = "\n".join(ln[cut:] for ln in lines)
    parsed = parse_template(content, line + 1)
    parsed.text = raw
    return parsed


def _tuple(node: Tree, source: _Source) -> ast.Expr:
    items = [_expr(c, source) for c in _children(node) if isinstance(c, Tree)]
    return ast.TupleExpr(_text(node, source), _line(node, source), items)


def _object(node: Tree, source: _Source) -> ast.Expr:
    items = []
    for elem in _children(node):
        if not isinstance(elem, Tree) or elem.data != "object_elem":
            continue
        key_node, value_node = [c for c in _children(elem) if isinstance(c, Tree)]
        key_inner = _children(key_node)[0]
        key = _expr(key_inner, source)
        if isinstance(key, ast.Name):  # `{ Name = ... }`: a bare identifier key is its own text
            key = ast.Literal(key.text, key.line, key.name)
        elif isinstance(key_inner, Tree) and key_inner.data == "keyword":
            key = ast.Literal(str(key_inner.children[0]), _line(key_inner, source), str(key_inner.children[0]))
        items.append((key, _expr(value_node, source)))
    return ast.ObjectExpr(_text(node, source), _line(node, source), items)


def _function_call(node: Tree, source: _Source) -> ast.Expr:
    parts = _children(node)
    names = [str(p.children[0]) for p in parts if isinstance(p, Tree) and p.data == "identifier"]
    arguments = next((p for p in parts if isinstance(p, Tree) and p.data == "arguments"), None)
    args: list[ast.Expr] = []
    expand = False
    if arguments is not None:
        for child in _children(arguments):
            if isinstance(child, Tree):
                args.append(_expr(child, source))
            elif child.type == "ELLIPSIS":
                expand = True
    return ast.Call(_text(node, source), _line(node, source), "::".join(names), args, expand)


def _step(node: Tree, source: _Source) -> tuple[str, object]:
    """A get_attr or index step: ("attr", name) or ("index", Expr)."""
    if node.data == "get_attr":
        return "attr", _name(_children(node)[-1], source)
    if node.data == "short_index":
        token = _children(node)[-1]
        return "index", ast.Literal(str(token), _line(node, source), int(str(token)))
    inner = next(c for c in _children(node) if isinstance(c, Tree))
    return "index", _expr(inner, source)


def _postfix(node: Tree, source: _Source) -> ast.Expr:
    target_node, step_node = [c for c in _children(node) if isinstance(c, Tree)]
    target = _expr(target_node, source)
    text, line = _text(node, source), _line(node, source)
    if node.data in ("attr_splat_expr_term", "full_splat_expr_term"):
        steps = [_step(s, source) for s in _children(step_node) if isinstance(s, Tree)]
        return ast.Splat(text, line, target, steps)
    kind, value = _step(step_node, source)
    if kind == "attr":
        return ast.GetAttr(text, line, target, str(value))
    return ast.Index(text, line, target, value)  # type: ignore[arg-type]


def _unary(node: Tree, source: _Source) -> ast.Expr:
    op, operand = _children(node)
    return ast.Unary(_text(node, source), _line(node, source), str(op), _expr(operand, source))


def _binary(node: Tree, source: _Source) -> ast.Expr:
    left, term = [c for c in _children(node) if isinstance(c, Tree)][:2]
    operator, right = [c for c in _children(term) if isinstance(c, Tree) or c.type != "NL_OR_COMMENT"][:2]
    op = str(operator.children[0]) if isinstance(operator, Tree) else str(operator)
    return ast.Binary(_text(node, source), _line(node, source), op, _expr(left, source), _expr(right, source))


def _conditional(node: Tree, source: _Source) -> ast.Expr:
    condition, yes, no = [c for c in _children(node) if isinstance(c, Tree)]
    return ast.Conditional(_text(node, source), _line(node, source), _expr(condition, source), _expr(yes, source), _expr(no, source))


def _for(node: Tree, source: _Source) -> ast.Expr:
    parts = _children(node)
    intro = next(p for p in parts if isinstance(p, Tree) and p.data == "for_intro")
    names = [str(p.children[0]) for p in _children(intro) if isinstance(p, Tree) and p.data == "identifier"]
    collection = [p for p in _children(intro) if isinstance(p, Tree) and p.data != "identifier"][-1]
    condition_node = next((p for p in parts if isinstance(p, Tree) and p.data == "for_cond"), None)
    condition = None
    if condition_node is not None:
        condition = _expr([c for c in _children(condition_node) if isinstance(c, Tree)][0], source)
    bodies = [_expr(p, source) for p in parts if isinstance(p, Tree) and p.data not in ("for_intro", "for_cond")]
    key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
    grouping = any(isinstance(p, Token) and p.type == "ELLIPSIS" for p in parts)
    text, line = _text(node, source), _line(node, source)
    coll = _expr(collection, source)
    if node.data == "for_object_expr":
        return ast.ForExpr(text, line, key_var, value_var, coll, bodies[0], bodies[1], condition, grouping)
    return ast.ForExpr(text, line, key_var, value_var, coll, None, bodies[0], condition)


_HANDLERS = {
    "expr_term": _expr_term,
    "literal_value": _literal_value,
    "int_lit": _number,
    "float_lit": _number,
    "identifier": _identifier,
    "keyword": _identifier,
    "string": _string,
    "template_string": _template_string,
    "heredoc_template": _heredoc,
    "heredoc_template_trim": _heredoc,
    "tuple": _tuple,
    "object": _object,
    "function_call": _function_call,
    "index_expr_term": _postfix,
    "get_attr_expr_term": _postfix,
    "attr_splat_expr_term": _postfix,
    "full_splat_expr_term": _postfix,
    "unary_op": _unary,
    "binary_op": _binary,
    "conditional": _conditional,
    "for_tuple_expr": _for,
    "for_object_expr": _for,
}
