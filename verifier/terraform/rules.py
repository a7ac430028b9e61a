"""The vocabulary of the Terraform -> CloudFormation projection table, and its value converters.

A table row maps a native attribute path (``"memory_size"``, ``"tracing_config.mode"``: a dot
steps into an object or into the first of a block list) to a rule:

* a string or ``To(path, convert)``: copy the value to a CloudFormation property path;
* ``Each(path, fields, explode)``: each block of a repeated block becomes an item of a
  CloudFormation list, its fields mapped by ``fields`` (relative to the item); ``explode`` turns
  each element of a list field into an item of its own (``cidr_blocks`` -> one rule per ``CidrIp``);
* ``Item(path, key, extra)``: append the value as one list item (``hash_key`` ->
  ``KeySchema: [{AttributeName, KeyType: HASH}]``);
* a tuple of rules: several targets for one attribute.

Converters change a value's shape (tag maps -> ``[{Key, Value}]``, JSON text -> dict). They may
return ``Converted`` to say which native sub-path each new sub-path came from (for lines), or
``DROP`` when the value means "not set" (``retention_in_days = 0``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from verifier.model import Path, Unresolved
from verifier.terraform.policy import parse_policy

DROP = object()


@dataclass(frozen=True)
class Converted:
    value: Any
    origins: dict[Path, Path]  # converted sub-path -> native sub-path


@dataclass(frozen=True)
class To:
    target: str
    convert: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class Each:
    target: str
    fields: Mapping[str, Rule] = field(default_factory=dict)
    explode: Mapping[str, str] = field(default_factory=dict)  # list field -> item key per element


@dataclass(frozen=True)
class Item:
    target: str
    key: str | None = None  # key of the value in the appended dict; None appends the value itself
    extra: Mapping[str, Any] = field(default_factory=dict)
    convert: Callable[[Any], Any] | None = None


Rule = str | To | Each | Item | tuple


def split_path(dotted: str) -> tuple[str, ...]:
    return tuple(dotted.split(".")) if dotted else ()


# -- converters (each leaves unknown values as they are)


def _known(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def run(value: Any) -> Any:
        return value if isinstance(value, Unresolved) else fn(value)

    run.__name__ = fn.__name__
    return run


@_known
def tags(value: Any) -> Any:
    """``{Name = "x"}`` -> ``[{Key: Name, Value: x}]``."""
    if not isinstance(value, dict):
        return value
    items = [{"Key": k, "Value": v} for k, v in value.items()]
    origins: dict[Path, Path] = {}
    for index, key in enumerate(value):
        origins[(index,)] = origins[(index, "Key")] = origins[(index, "Value")] = (key,)
    return Converted(items, origins)


@_known
def name_value(value: Any) -> Any:
    """``{FunctionName = "x"}`` -> ``[{Name: FunctionName, Value: x}]`` (alarm dimensions)."""
    if not isinstance(value, dict):
        return value
    origins: dict[Path, Path] = {}
    for index, key in enumerate(value):
        origins[(index,)] = origins[(index, "Name")] = origins[(index, "Value")] = (key,)
    return Converted([{"Name": k, "Value": v} for k, v in value.items()], origins)


def json_document(value: Any) -> Any:
    """JSON text (``jsonencode``, heredoc, policy document data source) -> dict or list."""
    return parse_policy(value)


def enabled_word(on: str, off: str) -> Callable[[Any], Any]:
    @_known
    def word(value: Any) -> Any:
        return on if value is True else off if value is False else value

    return word


@_known
def zero_is_unset(value: Any) -> Any:
    """``retention_in_days = 0`` means "never expire", the same as leaving it out."""
    return DROP if value == 0 and not isinstance(value, bool) else value


@_known
def minus_one_is_unset(value: Any) -> Any:
    """``reserved_concurrent_executions = -1`` means unreserved, the same as leaving it out."""
    return DROP if value == -1 else value


@_known
def as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, (str, dict, list)) or value is None else str(value)


@_known
def typed_items(value: Any) -> Any:
    """``["api", "audit"]`` -> ``[{Type: api}, {Type: audit}]`` (EKS log types)."""
    if not isinstance(value, list):
        return value
    return Converted([{"Type": v} for v in value], {(i, "Type"): (i,) for i in range(len(value))})


@_known
def capitalized_keys(value: Any) -> Any:
    """WAF actions ``{allow = [{}]}`` -> ``{Allow: {}}``."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, dict):
        return value
    result = {}
    for key, inner in value.items():
        inner = inner[0] if isinstance(inner, list) and len(inner) == 1 else inner
        result[key[:1].upper() + key[1:]] = inner if isinstance(inner, dict) else {}
    return result


scheme = enabled_word("internal", "internet-facing")
enabled_status = enabled_word("Enabled", "Suspended")
rule_status = enabled_word("Enabled", "Disabled")
upper_state = enabled_word("ENABLED", "DISABLED")
