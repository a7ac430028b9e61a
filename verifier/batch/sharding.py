"""A deterministic, stable share of the tasks (``--shard K/N``) for CI matrices.

A task belongs to shard ``hash(relative path) mod N``: adding or removing tasks never moves the
others to another shard, and every task is in exactly one of the N shards.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


class ShardError(ValueError):
    """A malformed ``K/N`` (the message is one line)."""


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> ``(2, 4)``; 1-based K with 1 <= K <= N."""
    parts = text.strip().split("/")
    try:
        k, n = (int(p) for p in parts)
    except ValueError:
        raise ShardError(f"--shard {text!r}: expected K/N, e.g. 1/4") from None
    if n < 1 or not 1 <= k <= n:
        raise ShardError(f"--shard {text!r}: K must be between 1 and N, N at least 1")
    return k, n


def shard_of(rel: str, n: int) -> int:
    """The 1-based shard of the task at relative path ``rel`` among ``n`` shards."""
    digest = hashlib.sha256(rel.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % n + 1


def take_shard(items: Iterable[T], rel_of, shard: tuple[int, int] | None) -> list[T]:
    """The items of shard ``(K, N)`` (all of them when ``shard`` is None), order kept."""
    if shard is None:
        return list(items)
    k, n = shard
    return [item for item in items if shard_of(rel_of(item), n) == k]
