"""Static resolution of CloudFormation intrinsic functions.

What can be known before deployment is computed: ``Ref`` to parameters (their defaults) and to
pseudo parameters we know, ``Fn::Sub``, ``Fn::Join``, ``Fn::Select``, ``Fn::Split``,
``Fn::FindInMap``, ``Fn::If`` with conditions evaluated on parameter defaults, ``Fn::Base64``.
Everything else (``Fn::GetAtt``, ``Ref`` to a resource, imports, AZ lists, account ids) stays an
``Unresolved`` reference with a readable text. A visit budget bounds the work on hostile input
(YAML aliases can make a small file describe a huge tree).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from verifier.model import Unresolved

NO_VALUE = object()  # Ref AWS::NoValue: the property is dropped
MAX_VISITS = 400_000

KNOWN_PSEUDO = {"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com", "AWS::NoValue": NO_VALUE}
UNKNOWN_PSEUDO = ("AWS::AccountId", "AWS::StackName", "AWS::StackId", "AWS::NotificationARNs")
_SUB_VAR = re.compile(r"\$\{([^}!][^}]*)\}")


class TooComplex(Exception):
    """The document expands beyond the visit budget (alias bomb or absurd nesting)."""


@dataclass
class Context:
    parameters: dict[str, Any] = field(default_factory=dict)  # name -> default (absent: unknown)
    list_parameters: set[str] = field(default_factory=set)  # CommaDelimitedList / List<...> parameters
    resources: set[str] = field(default_factory=set)
    conditions: dict[str, Any] = field(default_factory=dict)  # raw condition expressions
    mappings: dict[str, Any] = field(default_factory=dict)
    region: str | None = None
    visits: int = 0
    used: set[str] = field(default_factory=set)  # intrinsic function names seen
    _condition_cache: dict[str, bool | None] = field(default_factory=dict)

    def tick(self) -> None:
        self.visits += 1
        if self.visits > MAX_VISITS:
            raise TooComplex(f"document expands to more than {MAX_VISITS} nodes (YAML aliases or nesting)")

    def condition(self, name: str, depth: int = 0) -> bool | None:
        """Evaluate a named condition on parameter defaults; None when it cannot be known."""
        if name in self._condition_cache:
            return self._condition_cache[name]
        if depth > 20 or name not in self.conditions:
            return None
        self._condition_cache[name] = None  # guards cycles
        value = self._evaluate(self.conditions[name], depth + 1)
        self._condition_cache[name] = value
        return value

    def _evaluate(self, expr: Any, depth: int) -> bool | None:
        self.tick()
        if isinstance(expr, bool):
            return expr
        if not isinstance(expr, dict) or len(expr) != 1:
            return None
        (fn, args), = expr.items()
        self.used.add(str(fn))
        if fn == "Condition":
            return self.condition(str(args), depth)
        if fn == "Fn::Not" and isinstance(args, list) and len(args) == 1:
            inner = self._evaluate(args[0], depth)
            return None if inner is None else not inner
        if fn in ("Fn::And", "Fn::Or") and isinstance(args, list):
            values = [self._evaluate(a, depth) for a in args]
            if fn == "Fn::And":
                return False if False in values else (None if None in values else True)
            return True if True in values else (None if None in values else False)
        if fn == "Fn::Equals" and isinstance(args, list) and len(args) == 2:
            left, right = (resolve(a, self) for a in args)
            if isinstance(left, Unresolved) or isinstance(right, Unresolved):
                return None
            return _scalar_text(left) == _scalar_text(right)
        return None


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def function_name(node: Any) -> str | None:
    """``"Ref"`` or ``"Fn::..."`` when ``node`` is an intrinsic function call, else None."""
    if isinstance(node, dict) and len(node) == 1:
        key = next(iter(node))
        if key == "Ref" or (isinstance(key, str) and key.startswith("Fn::")):
            return str(key)
    return None


def resolve(node: Any, ctx: Context) -> Any:
    """Return the statically known value of ``node`` (plain Python data, or ``Unresolved``)."""
    ctx.tick()
    if isinstance(node, dict):
        fn = function_name(node)
        if fn is not None:
            return _function(fn, next(iter(node.values())), ctx)
        out: dict[str, Any] = {}
        for key, value in node.items():
            resolved = resolve(value, ctx)
            if resolved is not NO_VALUE:
                out[str(key)] = resolved
        return out
    if isinstance(node, list):
        items = [resolve(v, ctx) for v in node]
        return [v for v in items if v is not NO_VALUE]
    if isinstance(node, str):
        return str(node)  # drop the decoder's node subclass
    return node


def _function(fn: str, args: Any, ctx: Context) -> Any:
    ctx.used.add(fn)
    handler = _HANDLERS.get(fn)
    if handler is None:
        return Unresolved(fn.replace("Fn::", ""), f"{fn} {display(args)}")
    return handler(args, ctx)


def _ref(args: Any, ctx: Context) -> Any:
    name = str(args)
    if name in KNOWN_PSEUDO:
        return KNOWN_PSEUDO[name]
    if name == "AWS::Region" and ctx.region:
        return ctx.region
    if name in ctx.parameters:
        value = resolve(ctx.parameters[name], ctx)
        if name in ctx.list_parameters and isinstance(value, str):
            return split_list_parameter(value)
        return value
    return Unresolved("Ref", f"!Ref {name}")


def is_list_parameter_type(type_name: Any) -> bool:
    """True for parameter types whose ``Ref`` is a list: ``CommaDelimitedList`` and ``List<...>``.

    SSM parameter types (``AWS::SSM::Parameter::Value<List<String>>``) are not: their default is
    the name of an SSM parameter, not its value.
    """
    text = str(type_name).strip() if type_name is not None else ""
    return text == "CommaDelimitedList" or text.startswith("List<")


def split_list_parameter(value: str) -> list[str]:
    """The list a ``Ref`` to a list parameter gives: the value split at commas, members space-trimmed."""
    return [member.strip() for member in value.split(",")]


def _sub(args: Any, ctx: Context) -> Any:
    if isinstance(args, list) and len(args) == 2 and isinstance(args[1], dict):
        text, local = str(args[0]), {str(k): resolve(v, ctx) for k, v in args[1].items()}
    elif args == []:  # malformed: nothing to substitute into
        return Unresolved("Sub", "Fn::Sub []")
    else:
        text, local = str(args) if not isinstance(args, list) else str(args[0]), {}
    unresolved = False

    def replace(match: re.Match[str]) -> str:
        nonlocal unresolved
        name = match.group(1).strip()
        if name in local:
            value = local[name]
        elif "." in name and not name.startswith("AWS::"):
            value = Unresolved("GetAtt", name)
        else:
            value = _ref(name, ctx)
        if isinstance(value, Unresolved) or isinstance(value, (dict, list)) or value is NO_VALUE:
            unresolved = True
            return match.group(0)
        return _scalar_text(value)

    result = _SUB_VAR.sub(replace, text).replace("${!", "${")
    return Unresolved("Sub", result) if unresolved else result


def _join(args: Any, ctx: Context) -> Any:
    if not (isinstance(args, list) and len(args) == 2):
        return Unresolved("Join", f"Fn::Join {display(args)}")
    delimiter = resolve(args[0], ctx)
    parts = resolve(args[1], ctx)
    if isinstance(delimiter, str) and isinstance(parts, list) and not any(
        isinstance(p, (Unresolved, dict, list)) for p in parts
    ):
        return str(delimiter).join(_scalar_text(p) for p in parts)
    if isinstance(delimiter, str) and isinstance(parts, list):
        return Unresolved("Join", str(delimiter).join(str(p) if not isinstance(p, Unresolved) else f"${{{p.text}}}" for p in parts))
    return Unresolved("Join", f"Fn::Join {display(args)}")


def _select(args: Any, ctx: Context) -> Any:
    if not (isinstance(args, list) and len(args) == 2):
        return Unresolved("Select", f"Fn::Select {display(args)}")
    index, items = resolve(args[0], ctx), resolve(args[1], ctx)
    try:
        position = int(index)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an infinite float (1e400 in JSON)
        return Unresolved("Select", f"!Select [{display(args[0])}, {display(args[1])}]")
    if isinstance(items, list) and 0 <= position < len(items):
        return items[position]
    return Unresolved("Select", f"!Select [{position}, {display(args[1])}]")


def _split(args: Any, ctx: Context) -> Any:
    if isinstance(args, list) and len(args) == 2:
        delimiter, text = resolve(args[0], ctx), resolve(args[1], ctx)
        if isinstance(delimiter, str) and isinstance(text, str) and delimiter:
            return text.split(delimiter)
    return Unresolved("Split", f"Fn::Split {display(args)}")


def _find_in_map(args: Any, ctx: Context) -> Any:
    if isinstance(args, list) and len(args) >= 3:
        keys = [resolve(a, ctx) for a in args[:3]]
        if not any(isinstance(k, (Unresolved, dict, list)) for k in keys):
            table = ctx.mappings.get(str(keys[0]), {})
            row = table.get(str(keys[1])) if isinstance(table, dict) else None
            if isinstance(row, dict) and str(keys[2]) in row:
                return resolve(row[str(keys[2])], ctx)
    return Unresolved("FindInMap", f"!FindInMap {display(args)}")


def chosen_branch(node: Any, ctx: Context) -> tuple[bool, Any]:
    """For an ``Fn::If`` whose condition is known on defaults: ``(True, the raw chosen branch)``.

    ``(False, None)`` for anything else (not an ``Fn::If``, malformed, or an undecided condition).
    """
    if not (isinstance(node, dict) and len(node) == 1 and "Fn::If" in node):
        return False, None
    args = node["Fn::If"]
    if not (isinstance(args, list) and len(args) == 3):
        return False, None
    decided = ctx.condition(str(args[0]))
    if decided is None:
        return False, None
    return True, args[1] if decided else args[2]


def _if(args: Any, ctx: Context) -> Any:
    if not (isinstance(args, list) and len(args) == 3):
        return Unresolved("If", f"Fn::If {display(args)}")
    decided, branch = chosen_branch({"Fn::If": args}, ctx)
    if decided:
        return resolve(branch, ctx)
    options = tuple(v for v in (resolve(args[1], ctx), resolve(args[2], ctx)) if v is not NO_VALUE)
    return Unresolved("If", f"!If [{args[0]}, ...]", options)


def _base64(args: Any, ctx: Context) -> Any:
    return resolve(args, ctx)


def _get_att(args: Any, ctx: Context) -> Any:
    if isinstance(args, list):
        target = ".".join(str(a) for a in args)
    else:
        target = str(args)
    return Unresolved("GetAtt", f"!GetAtt {target}")


def _get_azs(args: Any, ctx: Context) -> Any:
    return Unresolved("GetAZs", f"!GetAZs '{display(args) if args else ''}'")


_HANDLERS = {
    "Ref": _ref,
    "Fn::Sub": _sub,
    "Fn::Join": _join,
    "Fn::Select": _select,
    "Fn::Split": _split,
    "Fn::FindInMap": _find_in_map,
    "Fn::If": _if,
    "Fn::Base64": _base64,
    "Fn::GetAtt": _get_att,
    "Fn::GetAZs": _get_azs,
}


def display(node: Any, depth: int = 0) -> str:
    """Short readable text of a raw value (used for unresolved references and evidence)."""
    if depth > 6:
        return "..."
    if isinstance(node, dict):
        if len(node) == 1:
            (key, value), = node.items()
            if key == "Ref":
                return f"!Ref {value}"
            if key == "Fn::GetAtt":
                return "!GetAtt " + (".".join(map(str, value)) if isinstance(value, list) else str(value))
            if isinstance(key, str) and key.startswith("Fn::"):
                return f"!{key[4:]} {display(value, depth + 1)}"
        return "{" + ", ".join(f"{k}: {display(v, depth + 1)}" for k, v in list(node.items())[:6]) + "}"
    if isinstance(node, list):
        return "[" + ", ".join(display(v, depth + 1) for v in node[:8]) + ("" if len(node) <= 8 else ", ...") + "]"
    return str(node)
