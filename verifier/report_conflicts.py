"""Claims of one report that contradict each other: the same setting of the same resource, on
the same side, stated with two different values ("256 MB" on line 10, "512 MB" on line 40).

At most one of them can be true, but the report alone cannot say which, so verdicts are not
changed: each claim lists the lines that conflict with it (``conflicts_with`` in the JSON) and
the run warns once per conflicting pair. Two claims conflict only when they sit on different
lines and were checked against the same resource (a report names several alarms or functions
without always saying which one). Counts, test figures and quoted code are left out: a report
legitimately gives partial counts, before/after figures and several snippets.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from claims.model import Claim

LEFT_OUT_PREFIXES = ("count.", "tests.", "snippet.", "entity.", "iam.", "report.", "code.", "aggregate.", "documentation.",
                     "doc.", "lint.", "coverage.", "metadata.", "exists.", "setting.", "sg.", "output.", "region")


def _key(claim: Claim) -> tuple[Any, ...] | None:
    if claim.concept.startswith(LEFT_OUT_PREFIXES) or claim.scope not in ("final", "model") or claim.scope_basis == "default":
        return None
    if claim.quantifier != "any" or not claim.polarity or isinstance(claim.expected, (dict, list)):
        return None
    return (claim.concept, claim.scope, claim.subject.service, (claim.subject.name or "").lower(), claim.unit)


def find_conflicts(claims: list[Claim], resources: list[str | None]) -> dict[int, list[int]]:
    """Index of a claim -> report lines of the claims that state another value for the same thing;
    ``resources[i]`` is the resource claim i was checked against (None when none)."""
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        key = _key(claim)
        if key is not None and resources[index]:
            groups[(*key, resources[index])].append(index)
    conflicts: dict[int, list[int]] = {}
    for members in groups.values():
        values = {json.dumps(claims[i].expected, sort_keys=True, default=str) for i in members}
        if len(values) < 2:
            continue
        for i in members:
            others = sorted({claims[j].line for j in members if claims[j].expected != claims[i].expected and claims[j].line != claims[i].line})
            if others:
                conflicts[i] = others
    return conflicts


def conflict_warnings(claims: list[Claim], conflicts: dict[int, list[int]]) -> list[str]:
    seen: set[tuple[int, int]] = set()
    warnings = []
    for i, lines in conflicts.items():
        for line in lines:
            pair = tuple(sorted((claims[i].line, line)))
            if pair in seen or claims[i].line == line:
                continue
            seen.add(pair)  # type: ignore[arg-type]
            warnings.append(f"{claims[i].report}:{pair[0]} and line {pair[1]} state different values of {claims[i].concept} "
                            f"for the {claims[i].scope} code; at most one can be right")
    return warnings
