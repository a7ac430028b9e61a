"""Values the static CDK evaluator works with.

Plain Python values stand for literals (``str``, ``int``, ``float``, ``bool``, ``None`` for
null/undefined). Object and array literals keep the line of each key/item (``ObjV``, ``ArrV``).
Names from the CDK library are ``Sym`` (``"s3.Bucket"``, ``"core.Duration.seconds"``), enum
members ``EnumV``, durations and sizes ``Quantity``, instances of non-construct library classes
and factory results ``Made``, and construct instances ``ConstructV``. Anything that is only
known at deploy time, or that the evaluator cannot know, is a ``model.Unresolved``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from verifier.cdk import ir
from verifier.model import Unresolved


class ObjV(dict):
    """An object literal (or Python struct/kwargs) with the source line of each key."""

    def __init__(self, items: dict[str, Any] | None = None, lines: dict[str, int] | None = None, line: int = 0, kind: str | None = None) -> None:
        super().__init__(items or {})
        self.lines: dict[str, int] = dict(lines or {})
        self.line = line
        self.kind = kind  # the library struct it was built as (Python ``s3.LifecycleRule(...)``)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class ArrV(list):
    """An array literal with the source line of each item."""

    def __init__(self, items: list[Any] | None = None, lines: list[int] | None = None, line: int = 0) -> None:
        super().__init__(items or [])
        self.lines: list[int] = list(lines or [line] * len(self))
        self.line = line

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


@dataclass(frozen=True)
class Sym:
    """A name exported by the CDK library: a module (``"s3"``), class, function or member path."""

    qual: str

    def member(self, name: str) -> Sym:
        if self.qual == "core" and name.startswith("aws_"):
            return Sym(name[4:])  # cdk.aws_s3 -> module s3
        return Sym(f"{self.qual}.{name}")


@dataclass(frozen=True)
class EnumV:
    """An enum member: ``qual`` as written (``"lambda.Runtime.PYTHON_3_12"``), ``value`` in CFN terms."""

    qual: str
    value: Any


@dataclass(frozen=True)
class Quantity:
    """``Duration`` (unit "s") or ``Size`` (unit "MiB"), held in that unit."""

    unit: str
    amount: float | Unresolved

    def to(self, unit: str) -> int | float | Unresolved:
        if isinstance(self.amount, Unresolved):
            return self.amount
        factor = _UNIT_FACTORS.get((self.unit, unit))
        value = self.amount * factor if factor is not None else self.amount
        return int(value) if float(value).is_integer() else value


_UNIT_FACTORS = {("s", "s"): 1, ("s", "min"): 1 / 60, ("s", "h"): 1 / 3600, ("s", "d"): 1 / 86400, ("s", "ms"): 1000, ("MiB", "MiB"): 1, ("MiB", "GiB"): 1 / 1024}


@dataclass
class Made:
    """An instance of a library class that is not a construct, or a factory's result."""

    kind: str  # qualified name, e.g. "lambda.Code.fromAsset", "iam.PolicyStatement", "metric"
    args: list[Any] = field(default_factory=list)
    props: ObjV = field(default_factory=ObjV)
    line: int = 0


@dataclass
class ConstructV:
    """A construct instance: a library construct (``kind`` like ``"s3.Bucket"``), an App, a
    Stack, or an instance of a user class that extends Construct/Stack (``kind`` "user")."""

    kind: str
    id: str
    path: tuple[str, ...]  # construct ids from the stack down (the stack's own id first)
    props: ObjV
    line: int
    file: str
    stack: ConstructV | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # this.x = ... on user constructs
    resources: list[Any] = field(default_factory=list)  # drafts emitted for this construct
    state: dict[str, Any] = field(default_factory=dict)  # construct-specific bookkeeping
    user_class: str | None = None

    @property
    def path_text(self) -> str:
        return "/".join(self.path)


@dataclass
class UserClassV:
    cls: ir.ClassDef
    module: ir.Module


@dataclass
class UserFnV:
    fn: ir.Function
    module: ir.Module
    this: Any = None


@dataclass
class ObjectV:
    """An instance of a user class that is not a construct (props classes in Python apps)."""

    cls: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class Method:
    """``obj.name`` looked up for a call (grant, addResource, metric, ...)."""

    obj: Any
    name: str


def kind_of(value: Any) -> str | None:
    """The library class a value was made from (``Made`` or a Python struct call)."""
    return value.kind if isinstance(value, (Made, ObjV)) else None


def props_of(value: Any) -> ObjV:
    """The keyword props of a ``Made`` value, or a struct's own items."""
    if isinstance(value, Made):
        return value.props
    return value if isinstance(value, ObjV) else ObjV()


def unknown(text: str) -> Unresolved:
    return Unresolved("Unknown", text)


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unresolved)


def truthy(value: Any) -> bool | None:
    """JavaScript-like truthiness; None when the value is not known."""
    if isinstance(value, Unresolved):
        return None
    if isinstance(value, (ArrV, list, ObjV, dict)):
        return True
    return bool(value)
