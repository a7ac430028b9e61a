"""Value kinds the Terraform evaluator passes around besides plain data and ``Unresolved``.

``Reference`` stands for a resource, data source or module object whose attributes are known
only after apply (except the few listed in ``known``); reading an attribute from it gives an
``Unresolved`` reference such as ``aws_kms_key.main.arn``. ``Namespace`` is an intermediate
step of a traversal (``var``, ``local``, ``aws_s3_bucket``, ``data.aws_iam_policy_document``):
reading a name from it asks the module environment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from verifier.model import Unresolved


@dataclass(frozen=True)
class Reference:
    """A resource/data/module object; ``keys`` are its instance keys when count/for_each are known."""

    address: str
    keys: tuple[Any, ...] | None = None
    known: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    # where the parts of a known attribute were written: attribute -> (file, {sub-path: line})
    origins: dict[str, tuple[str, dict[tuple[Any, ...], int]]] = field(default_factory=dict, hash=False, compare=False)

    def attribute(self, name: str) -> Any:
        if name in self.known:
            return self.known[name]
        return Unresolved("Ref", f"{self.address}.{name}")

    def collection(self) -> dict[str, Reference] | list[Reference] | None:
        """A counted resource as a list of instances, a for_each one as a map; None if not known."""
        if not self.keys:
            return [] if self.keys == () else None
        if all(isinstance(k, str) for k in self.keys):
            return {k: self.instance(k) for k in self.keys}
        return [self.instance(k) for k in self.keys]

    def instance(self, key: Any) -> Reference:
        shown = f'"{key}"' if isinstance(key, str) else str(key)
        return Reference(f"{self.address}[{shown}]")


@dataclass(frozen=True)
class Namespace:
    """A traversal prefix; ``lookup(name)`` resolves the next name."""

    address: str
    lookup: Callable[[str], Any] = field(hash=False, compare=False)


def is_unknown(value: Any) -> bool:
    return isinstance(value, (Unresolved, Reference, Namespace))


def as_unresolved(value: Any) -> Any:
    """Final form of a value: internal references become ``Unresolved`` (recursively)."""
    if isinstance(value, (Reference, Namespace)):
        return Unresolved("Ref", value.address)
    if isinstance(value, dict):
        return {k: as_unresolved(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_unresolved(v) for v in value]
    return value


def too_large(value: Any, limit: int = 100_000) -> bool:
    """Whether a value has more than ``limit`` nodes (shared sub-values counted each time)."""
    stack, seen = [value], 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > limit:
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def finalize(value: Any, text: str) -> Any:
    """The value to store: ``as_unresolved``, or unresolved when it is too large to copy."""
    if too_large(value):
        return Unresolved("Expr", text)
    return as_unresolved(value)


class UnknownKey(str):
    """A map key a ``for`` expression computes from a value not known statically: the map still has
    that many entries (a ``for_each`` over it makes that many instances), but the key is not known."""


def placeholder(value: Any) -> str:
    """How an unknown value reads inside a string: ``${aws_s3_bucket.b.arn}``."""
    if isinstance(value, Unresolved) and value.kind == "Sub":
        return value.text
    if isinstance(value, (Reference, Namespace)):
        return "${" + value.address + "}"
    return "${" + str(value) + "}"
