"""Evaluate HCL expressions statically.

Known inputs give plain values (str, int, float, bool, None, list, dict). Anything that depends
on deploy-time facts stays unknown: a reference to another resource's attribute is
``Unresolved("Ref", "aws_kms_key.main.arn")``, a string with an unknown part is
``Unresolved("Sub", "${aws_s3_bucket.b.arn}/*")``, a conditional on an unknown condition is
``Unresolved("If", ..., options=(yes, no))``, and other expressions over unknowns are ``Fn``
(function calls) or ``Expr``. Top-level names (``var``, ``local``, resource types, ...) are
resolved by the caller's ``root`` function. Work is bounded by a step budget.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from verifier.model import Unresolved
from verifier.terraform import hcl_ast as ast
from verifier.terraform.functions import FUNCTIONS, MAX_TEXT, BadCall, NeedsValue, known, to_number, to_text
from verifier.terraform.values import Namespace, Reference, UnknownKey, is_unknown, placeholder

MAX_STEPS = 500_000


class EvalError(Exception):
    """An expression Terraform itself would reject (missing key, wrong type)."""


class TooComplex(Exception):
    """The configuration needs more evaluation work than the budget allows."""


class Budget:
    """Counts evaluation steps across one load."""

    def __init__(self, limit: int = MAX_STEPS):
        self.left = limit

    def tick(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise TooComplex("too much to evaluate statically")


class Evaluator:
    """Evaluates expressions of one module; ``root(name)`` resolves ``var``, ``local``, types ..."""

    def __init__(self, root: Callable[[str], Any], budget: Budget):
        self.root = root
        self.budget = budget

    def evaluate(self, expr: ast.Expr, names: Mapping[str, Any] | None = None) -> Any:
        """The value of ``expr``; errors Terraform would raise give an unresolved value instead."""
        try:
            return self._eval(expr, dict(names or {}))
        except (EvalError, BadCall, NeedsValue, ArithmeticError, ValueError, TypeError, OverflowError):
            return Unresolved("Expr", expr.text)

    def _eval(self, expr: ast.Expr, names: dict[str, Any]) -> Any:
        self.budget.tick()
        handler = _DISPATCH.get(type(expr))
        if handler is None:
            return Unresolved("Expr", expr.text)
        return handler(self, expr, names)

    # -- literals and collections
    def _literal(self, expr: ast.Literal, names: dict[str, Any]) -> Any:
        return expr.value

    def _template(self, expr: ast.TemplateExpr, names: dict[str, Any]) -> Any:
        if len(expr.parts) == 1 and isinstance(expr.parts[0], ast.Expr):
            return self._eval(expr.parts[0], names)  # "${x}" is x itself, not x as a string
        pieces: list[str] = []
        size = 0
        unknown = False
        for part in expr.parts:
            if isinstance(part, str):
                pieces.append(part)
                continue
            value = self._eval(part, names)
            if is_unknown(value):
                unknown = True
                pieces.append(placeholder(value))
            elif value is None or isinstance(value, (list, dict)):
                raise EvalError("template value is not a string")
            else:
                pieces.append(to_text(value))
            size += len(pieces[-1])
            if size > MAX_TEXT:
                raise EvalError("string too long")
        text = "".join(pieces)
        return Unresolved("Sub", text) if unknown else text

    def _tuple(self, expr: ast.TupleExpr, names: dict[str, Any]) -> Any:
        return [self._eval(item, names) for item in expr.items]

    def _object(self, expr: ast.ObjectExpr, names: dict[str, Any]) -> Any:
        result: dict[str, Any] = {}
        for key_expr, value_expr in expr.items:
            key = self._eval(key_expr, names)
            if is_unknown(key):
                return Unresolved("Expr", expr.text)
            result[to_text(key)] = self._eval(value_expr, names)
        return result

    # -- traversals
    def _name(self, expr: ast.Name, names: dict[str, Any]) -> Any:
        if expr.name in names:
            return names[expr.name]
        return self.root(expr.name)

    def _get_attr(self, expr: ast.GetAttr, names: dict[str, Any]) -> Any:
        return get_attr(self._eval(expr.target, names), expr.name, expr.text)

    def _index(self, expr: ast.Index, names: dict[str, Any]) -> Any:
        return index(self._eval(expr.target, names), self._eval(expr.key, names), expr.text)

    def _splat(self, expr: ast.Splat, names: dict[str, Any]) -> Any:
        target = self._eval(expr.target, names)
        if isinstance(target, Reference) and target.keys is not None:
            items: Any = [target.instance(k) for k in target.keys]
        elif isinstance(target, (Reference, Namespace, Unresolved)):
            return Unresolved("Ref", expr.text)
        elif target is None:
            return []
        else:
            items = target if isinstance(target, list) else [target]
        result = []
        for item in items:
            for kind, step in expr.steps:
                if kind == "attr":
                    item = get_attr(item, step, expr.text)
                else:
                    item = index(item, self._eval(step, names), expr.text)
            result.append(item)
        return result

    # -- calls and operators
    def _call(self, expr: ast.Call, names: dict[str, Any]) -> Any:
        if expr.name in ("try", "can"):
            return self._try(expr, names)
        function = FUNCTIONS.get(expr.name)
        args = [self._eval(a, names) for a in expr.args]
        if function is None:
            return Unresolved("Fn", expr.text)
        if expr.expand_last and args:
            if is_unknown(args[-1]) or not isinstance(args[-1], list):
                return Unresolved("Fn", expr.text)
            args = [*args[:-1], *args[-1]]
        try:
            return function(*args)
        except NeedsValue:
            return Unresolved("Fn", expr.text)

    def _try(self, expr: ast.Call, names: dict[str, Any]) -> Any:
        for arg in expr.args:
            try:
                value = self._eval(arg, names)
            except (EvalError, BadCall, ArithmeticError, ValueError, TypeError):
                if expr.name == "can":
                    return False
                continue
            if is_unknown(value):
                return Unresolved("Fn", expr.text)
            return True if expr.name == "can" else value
        if expr.name == "can":
            return True
        raise EvalError("no argument of try() succeeded")

    def _unary(self, expr: ast.Unary, names: dict[str, Any]) -> Any:
        value = self._eval(expr.operand, names)
        if is_unknown(value):
            return Unresolved("Expr", expr.text)
        if expr.op == "!":
            if not isinstance(value, bool):
                raise EvalError("! on a non-bool")
            return not value
        return -to_number(value)

    def _binary(self, expr: ast.Binary, names: dict[str, Any]) -> Any:
        left = self._eval(expr.left, names)
        if expr.op in ("&&", "||") and isinstance(left, bool) and left == (expr.op == "||"):
            return left  # short-circuit on a known value
        right = self._eval(expr.right, names)
        if expr.op in ("&&", "||") and isinstance(right, bool) and right == (expr.op == "||"):
            return right
        if is_unknown(left) or is_unknown(right):
            return Unresolved("Expr", expr.text)
        operator = _OPERATORS.get(expr.op)
        if operator is None:
            raise EvalError(f"operator {expr.op}")
        return operator(left, right)

    def _conditional(self, expr: ast.Conditional, names: dict[str, Any]) -> Any:
        condition = self._eval(expr.condition, names)
        if is_unknown(condition):
            return Unresolved("If", expr.text, (self.evaluate(expr.yes, names), self.evaluate(expr.no, names)))
        if not isinstance(condition, bool):
            raise EvalError("condition is not a bool")
        return self._eval(expr.yes if condition else expr.no, names)

    def _for(self, expr: ast.ForExpr, names: dict[str, Any]) -> Any:
        collection = self._eval(expr.collection, names)
        if isinstance(collection, Reference) and collection.collection() is not None:
            collection = collection.collection()
        if is_unknown(collection):
            return Unresolved("Expr", expr.text)
        if isinstance(collection, dict):
            pairs = list(collection.items())
        elif isinstance(collection, list):
            pairs = list(enumerate(collection))
        else:
            raise EvalError("for over a primitive")
        tuple_result: list[Any] = []
        object_result: dict[str, Any] = {}
        for key, value in pairs:
            scope = {**names, expr.value_var: value}
            if expr.key_var:
                scope[expr.key_var] = key
            if expr.condition is not None:
                keep = self._eval(expr.condition, scope)
                if is_unknown(keep):
                    return Unresolved("Expr", expr.text)
                if not keep:
                    continue
            if expr.key is None:
                tuple_result.append(self._eval(expr.value, scope))
                continue
            result_key = self._eval(expr.key, scope)
            if is_unknown(result_key):
                if expr.grouping or any(not isinstance(k, UnknownKey) for k in object_result):
                    return Unresolved("Expr", expr.text)
                result_key = UnknownKey(f"(key {len(object_result)} not known statically)")  # distinct: Terraform rejects duplicates
            item = self._eval(expr.value, scope)
            if expr.grouping:
                object_result.setdefault(to_text(result_key), []).append(item)
            else:
                object_result[result_key if isinstance(result_key, UnknownKey) else to_text(result_key)] = item
        return tuple_result if expr.key is None else object_result

    def _unsupported(self, expr: ast.Unsupported, names: dict[str, Any]) -> Any:
        return Unresolved("Expr", expr.text)


def get_attr(target: Any, name: str, text: str) -> Any:
    """``target.name`` on any value kind."""
    if isinstance(target, Namespace):
        return target.lookup(name)
    if isinstance(target, Reference):
        return target.attribute(name)
    if isinstance(target, Unresolved):
        return Unresolved("Ref", f"{target.text}.{name}") if target.kind == "Ref" else Unresolved("Expr", text)
    if isinstance(target, dict):
        if name not in target:
            raise EvalError(f"no attribute {name!r}")
        return target[name]
    raise EvalError(f"cannot read .{name} here")


def index(target: Any, key: Any, text: str) -> Any:
    """``target[key]`` on any value kind."""
    if is_unknown(key):
        return Unresolved("Ref" if isinstance(target, (Reference, Unresolved)) else "Expr", text)
    if isinstance(target, Reference):
        return target.instance(key)
    if isinstance(target, Unresolved):
        if target.kind != "Ref":
            return Unresolved("Expr", text)
        shown = f'"{key}"' if isinstance(key, str) else to_text(key)
        return Unresolved("Ref", f"{target.text}[{shown}]")
    if isinstance(target, list):
        position = int(to_number(key))
        if not 0 <= position < len(target):
            raise EvalError("index out of range")
        return target[position]
    if isinstance(target, dict):
        name = to_text(key)
        if name not in target:
            raise EvalError(f"no key {name!r}")
        return target[name]
    raise EvalError("cannot index here")


def _equal(left: Any, right: Any) -> bool:
    if isinstance(left, (int, float)) and isinstance(right, (int, float)) and not isinstance(left, bool) and not isinstance(right, bool):
        return float(left) == float(right)
    return known(left) == known(right) and type(left) is type(right)


def _arith(fn: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def run(left: Any, right: Any) -> Any:
        result = fn(to_number(left), to_number(right))
        return int(result) if isinstance(result, float) and result.is_integer() and abs(result) < 2**53 else result

    return run


def _logic(fn: Callable[[bool, bool], bool]) -> Callable[[Any, Any], bool]:
    def run(left: Any, right: Any) -> bool:
        if not isinstance(left, bool) or not isinstance(right, bool):
            raise EvalError("logic on non-bools")
        return fn(left, right)

    return run


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "==": _equal,
    "!=": lambda a, b: not _equal(a, b),
    "<": lambda a, b: to_number(a) < to_number(b),
    ">": lambda a, b: to_number(a) > to_number(b),
    "<=": lambda a, b: to_number(a) <= to_number(b),
    ">=": lambda a, b: to_number(a) >= to_number(b),
    "+": _arith(lambda a, b: a + b),
    "-": _arith(lambda a, b: a - b),
    "*": _arith(lambda a, b: a * b),
    "/": _arith(lambda a, b: a / b),
    "%": _arith(lambda a, b: a % b),
    "&&": _logic(lambda a, b: a and b),
    "||": _logic(lambda a, b: a or b),
}

_DISPATCH: dict[type, Callable[[Evaluator, Any, dict[str, Any]], Any]] = {
    ast.Literal: Evaluator._literal,
    ast.TemplateExpr: Evaluator._template,
    ast.TupleExpr: Evaluator._tuple,
    ast.ObjectExpr: Evaluator._object,
    ast.Name: Evaluator._name,
    ast.GetAttr: Evaluator._get_attr,
    ast.Index: Evaluator._index,
    ast.Splat: Evaluator._splat,
    ast.Call: Evaluator._call,
    ast.Unary: Evaluator._unary,
    ast.Binary: Evaluator._binary,
    ast.Conditional: Evaluator._conditional,
    ast.ForExpr: Evaluator._for,
    ast.Unsupported: Evaluator._unsupported,
}
