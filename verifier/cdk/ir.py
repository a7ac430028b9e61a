"""A small language-neutral syntax tree for CDK app code (TypeScript and Python read into it).

Only what a CDK app's construct code needs: literals, names, attribute access, calls and
``new``, object and array literals, template strings, boolean/arithmetic operators and
conditionals; statements are declarations, assignments, expressions, ``if``, ``for ... of``
and ``return``. Everything else becomes ``Opaque`` (it evaluates to an unknown value). Every node
keeps its 1-based line in the source file.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Node:
    line: int


# --- expressions ------------------------------------------------------------------------------


@dataclass
class Lit(Node):
    value: str | int | float | bool | None  # None is null/undefined/None


@dataclass
class Name(Node):
    id: str  # "this" / "self" are normalised to "this"


@dataclass
class Attr(Node):
    obj: Node
    name: str  # Python snake_case names are normalised to camelCase (enum members kept)


@dataclass
class Index(Node):
    obj: Node
    key: Node


@dataclass
class Call(Node):
    func: Node
    args: list[Node] = field(default_factory=list)
    kwargs: list[tuple[str, Node, int]] = field(default_factory=list)  # Python keyword arguments
    is_new: bool = False  # TypeScript ``new X(...)``


@dataclass
class Obj(Node):
    items: list[tuple[str, Node, int]] = field(default_factory=list)  # (key, value, line of key)
    spreads: list[Node] = field(default_factory=list)


@dataclass
class Arr(Node):
    items: list[Node] = field(default_factory=list)


@dataclass
class Template(Node):
    parts: list[str | Node] = field(default_factory=list)


@dataclass
class BinOp(Node):
    op: str  # "||", "??", "&&", "+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">="
    left: Node
    right: Node


@dataclass
class Unary(Node):
    op: str  # "!", "-", "+", "typeof"
    operand: Node


@dataclass
class Cond(Node):
    test: Node
    then: Node
    other: Node


@dataclass
class Opaque(Node):
    text: str  # source text, shown in the Unresolved value it evaluates to


# --- statements -------------------------------------------------------------------------------


@dataclass
class Assign(Node):
    target: Node  # Name (declaration or plain) or Attr (this.x = ...)
    value: Node | None
    declare: bool = False


@dataclass
class ExprStmt(Node):
    expr: Node


@dataclass
class If(Node):
    test: Node
    body: list[Node]
    orelse: list[Node]


@dataclass
class ForOf(Node):
    target: str
    iterable: Node
    body: list[Node]


@dataclass
class Return(Node):
    value: Node | None


# --- declarations -----------------------------------------------------------------------------


@dataclass
class Param:
    name: str
    default: Node | None = None
    rest: bool = False  # **kwargs / ...rest


@dataclass
class Function:
    name: str
    params: list[Param]
    body: list[Node]
    line: int
    file: str = ""


@dataclass
class ClassDef:
    name: str
    bases: list[Node]
    init: Function | None  # constructor / __init__
    methods: dict[str, Function]
    fields: list[Assign]  # TypeScript class fields with initialisers
    line: int
    file: str = ""


@dataclass
class Import:
    """``local`` names ``module`` (when ``name`` is None) or ``name`` inside ``module``."""

    local: str
    module: str
    name: str | None
    line: int


@dataclass
class Module:
    file: str  # path relative to the app root (or the .md file for quoted code)
    language: str  # "typescript" | "python"
    imports: list[Import] = field(default_factory=list)
    classes: dict[str, ClassDef] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)
    body: list[Node] = field(default_factory=list)  # top-level statements, in order
    errors: list[str] = field(default_factory=list)
