"""The syntax tree the Terraform loader works on: bodies, attributes, blocks and expressions.

Both readers (native HCL via python-hcl2's parse tree, and ``.tf.json``) produce these nodes, so
evaluation never depends on the parser's own tree classes. Every node keeps the 1-based line it
starts on (already shifted by any line offset) and, for expressions, the source text it was read
from (used as the text of values that stay unresolved).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Expr:
    """Base of all expressions."""

    text: str
    line: int


@dataclass
class Literal(Expr):
    value: Any  # str, int, float, bool or None


@dataclass
class TemplateExpr(Expr):
    """A quoted string or heredoc: literal text parts and interpolated expressions."""

    parts: list[str | Expr]


@dataclass
class TupleExpr(Expr):
    items: list[Expr]


@dataclass
class ObjectExpr(Expr):
    items: list[tuple[Expr, Expr]]  # (key, value); a bare identifier key is a Literal string


@dataclass
class Name(Expr):
    """A bare identifier: ``var``, ``local``, ``count``, ``each``, ``aws_s3_bucket``, a for variable."""

    name: str


@dataclass
class GetAttr(Expr):
    target: Expr
    name: str


@dataclass
class Index(Expr):
    target: Expr
    key: Expr


@dataclass
class Splat(Expr):
    """``x[*].a`` or ``x.*.a``: ``steps`` apply to each element; items are ("attr", name) or ("index", Expr)."""

    target: Expr
    steps: list[tuple[str, Any]]


@dataclass
class Call(Expr):
    name: str
    args: list[Expr]
    expand_last: bool = False  # f(list...)


@dataclass
class Unary(Expr):
    op: str
    operand: Expr


@dataclass
class Binary(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass
class Conditional(Expr):
    condition: Expr
    yes: Expr
    no: Expr


@dataclass
class ForExpr(Expr):
    """``[for v in c : e if cond]`` (``key`` is None) or ``{for k, v in c : key => e...}``."""

    key_var: str | None
    value_var: str
    collection: Expr
    key: Expr | None
    value: Expr
    condition: Expr | None
    grouping: bool = False


@dataclass
class Unsupported(Expr):
    """Syntax read but not evaluated (template directives ``%{ if }``); evaluates to unresolved."""


@dataclass
class Attribute:
    name: str
    expr: Expr
    line: int


@dataclass
class Block:
    type: str
    labels: list[str]
    body: Body
    line: int
    file: str = ""


@dataclass
class Body:
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def blocks_of(self, block_type: str) -> list[Block]:
        return [b for b in self.blocks if b.type == block_type]
