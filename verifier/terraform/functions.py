"""Terraform's built-in functions that can run statically, as a table name -> implementation.

Implementations take evaluated arguments. They raise ``NeedsValue`` when an argument they must
look into is unknown (an ``Unresolved``), so the caller turns the whole call into an unresolved
value; structural functions (``merge``, ``concat``, ``length``, ``lookup`` ...) work on
collections whose elements are unknown. Functions that read files, the clock or randomness, and
regular expressions (a hostile pattern could run for a very long time), are deliberately absent:
a call to a function not in the table stays unresolved. Sizes are capped so no call can build a
huge value.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import math
from collections.abc import Callable
from typing import Any

from verifier.model import Unresolved
from verifier.terraform.values import is_unknown, placeholder

MAX_ITEMS = 10_000
MAX_TEXT = 1_000_000


MAX_UNKNOWN_SLICE = 64


class NeedsValue(Exception):
    """An argument the function must read is not known statically."""


class BadCall(Exception):
    """Arguments Terraform would reject; the call's value is not known."""


def known(value: Any) -> Any:
    """``value`` itself when it is fully known (no unresolved part anywhere), else raise."""
    if is_unknown(value):
        raise NeedsValue
    if isinstance(value, dict):
        for item in value.values():
            known(item)
    elif isinstance(value, list):
        for item in value:
            known(item)
    return value


def shallow(value: Any) -> Any:
    """``value`` when the value itself (not necessarily its elements) is known."""
    if is_unknown(value):
        raise NeedsValue
    return value


def to_text(value: Any) -> str:
    """Terraform's string conversion of a primitive."""
    value = shallow(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float, str)):
        return str(value)
    raise BadCall("not a primitive value")


def to_number(value: Any) -> int | float:
    value = shallow(value)
    if isinstance(value, bool):
        raise BadCall("bool is not a number")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise BadCall(f"{value!r} is not a number") from None
        return int(number) if number.is_integer() and "." not in value else number
    raise BadCall("not a number")


def _list(value: Any) -> list[Any]:
    value = shallow(value)
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    raise BadCall("not a list")


def _map(value: Any) -> dict[str, Any]:
    value = shallow(value)
    if not isinstance(value, dict):
        raise BadCall("not a map")
    return value


def text_size(value: Any, limit: int = MAX_TEXT) -> int:
    """Characters of text in a value (strings counted each time they appear); BadCall over ``limit``."""
    total, stack, nodes = 0, [value], 0
    while stack:
        node = stack.pop()
        nodes += 1
        if isinstance(node, str):
            total += len(node)
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        if total > limit or nodes > MAX_ITEMS * 10:
            raise BadCall("value too large")
    return total


def _capped(items: list[Any]) -> list[Any]:
    if len(items) > MAX_ITEMS:
        raise BadCall("collection too large")
    return items


def _merge(*maps: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for item in maps:
        if item is None:
            continue
        result.update(_map(item))
    return result


def _concat(*lists: Any) -> list[Any]:
    return _capped([item for lst in lists for item in _list(lst)])


def _length(value: Any) -> int:
    value = shallow(value)
    if isinstance(value, (list, dict, str)):
        return len(value)
    raise BadCall("length of a primitive")


def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    mapping, key = _map(mapping), to_text(key)
    if key in mapping:
        return mapping[key]
    if default:
        return default[0]
    raise BadCall(f"no key {key!r}")


def _element(lst: Any, index: Any) -> Any:
    items = _list(lst)
    if not items:
        raise BadCall("element of an empty list")
    return items[int(to_number(index)) % len(items)]


def _toset_ordered(value: Any) -> list[Any]:
    """The distinct items of a list in their first-seen order."""
    unique: dict[str, Any] = {}
    for item in _list(value):  # unknown items (references) are kept, told apart by their text
        unique.setdefault(json.dumps(item, sort_keys=True, default=repr), item)
    return list(unique.values())


def _toset(value: Any) -> list[Any]:
    """A set as Terraform orders it: strings sorted, other values in first-seen order."""
    unique = _toset_ordered(value)
    return sorted(unique) if all(isinstance(i, str) for i in unique) else unique


def _flatten(value: Any) -> list[Any]:
    result: list[Any] = []
    for item in _list(value):
        if isinstance(item, list):
            result.extend(_flatten(item))
        else:
            result.append(item)
    return _capped(result)


def _format(spec: Any, *args: Any) -> str:
    spec = to_text(spec)
    text_size([spec, *args])
    out, index, arg = [], 0, 0
    while index < len(spec):
        char = spec[index]
        if char != "%":
            out.append(char)
            index += 1
            continue
        if spec.startswith("%%", index):
            out.append("%")
            index += 2
            continue
        end = index + 1
        while end < len(spec) and not spec[end].isalpha():
            end += 1
        if end >= len(spec) or arg >= len(args):
            raise BadCall("bad format")
        verb, flags, value = spec[end], spec[index + 1 : end], args[arg]
        arg += 1
        if verb in "dfeg":
            out.append(("%" + flags + verb) % to_number(value))
        elif verb == "v" and not isinstance(shallow(value), (list, dict)):
            out.append(to_text(value))
        elif verb in "sv":
            out.append(("%" + flags + "s") % to_text(value))
        elif verb == "q":
            out.append(json.dumps(to_text(value)))
        else:
            raise BadCall(f"format verb %{verb}")
        index = end + 1
    return "".join(out)


def _join(separator: Any, *lists: Any) -> str:
    text_size([separator, *lists])
    return to_text(separator).join(to_text(item) for lst in lists for item in _list(lst))


def _split(separator: Any, text: Any) -> list[str]:
    return _capped(to_text(text).split(to_text(separator)))


def _replace(text: Any, old: Any, new: Any) -> str:
    old_text = to_text(old)
    if len(old_text) > 1 and old_text.startswith("/") and old_text.endswith("/"):
        raise NeedsValue  # a regular expression: not evaluated
    source, replacement = to_text(text), to_text(new)
    if not old_text or len(source) + source.count(old_text) * len(replacement) > MAX_TEXT:
        raise BadCall("empty search text, or text too large")
    return source.replace(old_text, replacement)


def _substr(text: Any, offset: Any, length: Any) -> str:
    value, start, count = to_text(text), int(to_number(offset)), int(to_number(length))
    if start < 0:
        start += len(value)
    return value[start:] if count < 0 else value[start : start + count]


def _range(*args: Any) -> list[int | float]:
    numbers = [to_number(a) for a in args]
    start, stop, step = (0, numbers[0], 1) if len(numbers) == 1 else (numbers[0], numbers[1], numbers[2] if len(numbers) > 2 else 1)
    if step == 0 or abs((stop - start) / step) > MAX_ITEMS:
        raise BadCall("range too large")
    result, value = [], start
    while (step > 0 and value < stop) or (step < 0 and value > stop):
        result.append(value)
        value += step
    return result


def _zipmap(keys: Any, values: Any) -> dict[str, Any]:
    return {to_text(k): v for k, v in zip(_list(keys), _list(values), strict=False)}


def _coalesce(*values: Any) -> Any:
    for value in values:
        shallow(value)
        if value is not None and value != "":
            return value
    raise BadCall("no non-null argument")


def _contains(collection: Any, value: Any) -> bool:
    return known(value) in known(_list(collection))


def _index(collection: Any, value: Any) -> int:
    items = known(_list(collection))
    if known(value) not in items:
        raise BadCall("value not in list")
    return items.index(value)


def jsonencode(value: Any) -> Any:
    """JSON text; unknown parts become ``${...}`` placeholders in an unresolved ``Sub``."""
    text_size(value)
    unknown = False

    def default(item: Any) -> Any:
        nonlocal unknown
        if is_unknown(item):
            unknown = True
            return placeholder(item)
        raise TypeError(type(item).__name__)

    text = json.dumps(value, default=default, separators=(",", ":"))
    return Unresolved("Sub", text) if unknown else text


def _jsondecode(text: Any) -> Any:
    try:
        return json.loads(to_text(text))
    except (ValueError, RecursionError):  # RecursionError: nested too deeply to decode
        raise BadCall("not JSON") from None


def _cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> str:
    network = ipaddress.ip_network(to_text(prefix), strict=False)
    bits, number = int(to_number(newbits)), int(to_number(netnum))
    new_prefix = network.prefixlen + bits
    if bits < 0 or new_prefix > network.max_prefixlen or number < 0 or number >= 2**bits:
        raise BadCall("cidrsubnet out of range")
    size = 2 ** (network.max_prefixlen - new_prefix)
    start = int(network.network_address) + number * size
    return str(ipaddress.ip_network((start, new_prefix)))


def _cidrhost(prefix: Any, hostnum: Any) -> str:
    network = ipaddress.ip_network(to_text(prefix), strict=False)
    number = int(to_number(hostnum))
    if number < 0:
        number += network.num_addresses
    if not 0 <= number < network.num_addresses:
        raise BadCall("cidrhost out of range")
    return str(network.network_address + number)


def _tobool(value: Any) -> bool | None:
    value = shallow(value)
    if value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise BadCall("not a bool")


def _slice(lst: Any, start: Any, end: Any) -> list[Any]:
    first, last = int(to_number(start)), int(to_number(end))
    if is_unknown(lst) and 0 <= first <= last <= MAX_UNKNOWN_SLICE:
        # slice(data.aws_availability_zones.x.names, 0, 3): three values not known statically (Terraform
        # rejects a slice past the end, so the length is known)
        return [Unresolved("Fn", f"element {i} of slice()") for i in range(first, last)]
    return _list(lst)[first:last]


def _setop(op: Callable[[set[Any], set[Any]], set[Any]]) -> Callable[..., list[Any]]:
    def run(*sets: Any) -> list[Any]:
        values = [set(known(_list(s))) for s in sets]
        result = values[0]
        for other in values[1:]:
            result = op(result, other)
        return sorted(result, key=str)

    return run


def _one(value: Any) -> Any:
    items = _list(value)
    if len(items) > 1:
        raise BadCall("more than one element")
    return items[0] if items else None


def _number_fn(fn: Callable[..., Any]) -> Callable[..., Any]:
    return lambda *args: fn(*(to_number(a) for a in args))


def _text_fn(fn: Callable[..., Any]) -> Callable[..., Any]:
    return lambda *args: fn(*(to_text(a) for a in args))


def _sum(value: Any) -> int | float:
    return sum(to_number(v) for v in _list(value))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "merge": _merge,
    "concat": _concat,
    "length": _length,
    "lookup": _lookup,
    "element": _element,
    "keys": lambda m: sorted(_map(m)),
    "values": lambda m: [_map(m)[k] for k in sorted(_map(m))],
    "tolist": lambda v: list(_list(v)),
    "toset": _toset,
    "tomap": lambda m: dict(_map(m)),
    "flatten": _flatten,
    "distinct": lambda v: _toset_ordered(v),
    "compact": lambda v: [x for x in _list(v) if x not in (None, "")],
    "reverse": lambda v: list(reversed(_list(v))),
    "sort": lambda v: sorted(to_text(x) for x in _list(v)),
    "slice": _slice,
    "zipmap": _zipmap,
    "range": _range,
    "coalesce": _coalesce,
    "coalescelist": lambda *ls: next((lst for lst in (_list(x) for x in ls) if lst), []),
    "contains": _contains,
    "index": _index,
    "one": _one,
    "setunion": _setop(lambda a, b: a | b),
    "setintersection": _setop(lambda a, b: a & b),
    "setsubtract": _setop(lambda a, b: a - b),
    "alltrue": lambda v: all(_tobool(x) for x in _list(v)),
    "anytrue": lambda v: any(_tobool(x) for x in _list(v)),
    "sum": _sum,
    "format": _format,
    "formatlist": lambda spec, *lists: _capped([_format(spec, *row) for row in zip(*(_list(x) for x in lists), strict=False)]),
    "join": _join,
    "split": _split,
    "replace": _replace,
    "substr": _substr,
    "lower": _text_fn(str.lower),
    "upper": _text_fn(str.upper),
    "title": _text_fn(str.title),
    "trimspace": _text_fn(str.strip),
    "trim": _text_fn(lambda s, chars: s.strip(chars)),
    "trimprefix": _text_fn(lambda s, p: s[len(p) :] if s.startswith(p) else s),
    "trimsuffix": _text_fn(lambda s, p: s[: -len(p)] if p and s.endswith(p) else s),
    "startswith": _text_fn(str.startswith),
    "endswith": _text_fn(str.endswith),
    "strcontains": _text_fn(lambda s, sub: sub in s),
    "strrev": _text_fn(lambda s: s[::-1]),
    "jsonencode": jsonencode,
    "jsondecode": _jsondecode,
    "base64encode": _text_fn(lambda s: base64.b64encode(s.encode()).decode()),
    "tostring": lambda v: None if v is None else to_text(v),
    "tonumber": lambda v: None if v is None else to_number(v),
    "tobool": _tobool,
    "abs": _number_fn(abs),
    "ceil": _number_fn(math.ceil),
    "floor": _number_fn(math.floor),
    "max": _number_fn(max),
    "min": _number_fn(min),
    "signum": _number_fn(lambda x: (x > 0) - (x < 0)),
    "parseint": lambda s, base: int(to_text(s), int(to_number(base))),
    "cidrsubnet": _cidrsubnet,
    "cidrhost": _cidrhost,
    "cidrnetmask": _text_fn(lambda p: str(ipaddress.ip_network(p, strict=False).netmask)),
}
