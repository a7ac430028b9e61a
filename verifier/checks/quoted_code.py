"""IV500 — settings quoted as code, inline (`BillingMode: PAY_PER_REQUEST`) or in fenced blocks.

A quoted setting holds when some property (or resource attribute such as DeletionPolicy) whose
key path ends like the quote's has the quoted value; intrinsic functions compare as written
(`!Select [0, !GetAZs '']`). When the key is there with other values only, the claim is
contradicted with those values. A key the code never uses makes an inline claim unverifiable,
and a fenced-block claim contradicted only when other settings of the same block were found
(the block demonstrably quotes this code).
"""

from __future__ import annotations

import json
from typing import Any

from claims.model import Claim
from verifier.checks.base import (
    CONTRADICTED,
    SUPPORTED,
    Check,
    CheckContext,
    Outcome,
    active,
    show,
    unverifiable,
)
from verifier.model import ArtifactSet, Evidence, Leaf, Resource
from verifier.paths import definition_of
from verifier.values import same_value

ATTRIBUTES = ("DeletionPolicy", "UpdateReplacePolicy", "Condition", "DependsOn", "Type")


def _raw_plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _raw_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_raw_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _canonical(value: Any) -> str:
    return json.dumps(_raw_plain(value), sort_keys=True, default=str)


def _leaf_keys(path: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(p for p in path if isinstance(p, str))


def _candidates(artifacts: ArtifactSet, keys: tuple[str, ...]) -> list[tuple[Resource, Leaf | None, Any, int]]:
    """(resource, leaf, value as written, matched depth) for properties whose key path ends with keys."""
    found = []
    last = keys[-1]
    for resource in active(artifacts.resources()):
        if len(keys) == 1 and last in ATTRIBUTES:
            value = resource.type if last == "Type" else resource.attributes.get(last)
            if value is not None:
                found.append((resource, None, value, 1))
            continue
        for path, raw in _raw_leaves(resource.raw_properties, ()):
            leaf_keys = _leaf_keys(path)
            if not leaf_keys or leaf_keys[-1] != last:
                continue
            depth = 1
            while depth < len(keys) and depth < len(leaf_keys) and leaf_keys[-depth - 1] == keys[-depth - 1]:
                depth += 1
            line = resource.line_of(path)
            found.append((resource, Leaf(path, raw, line), raw, depth))
    for resource in artifacts.resources(("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine")):
        definition = definition_of(resource)
        for path, raw in _raw_leaves(definition, ()) if definition is not None else ():
            leaf_keys = _leaf_keys(path)
            if leaf_keys and leaf_keys[-1] == last:
                found.append((resource, Leaf(("Definition", *path), raw, resource.line_of(("DefinitionString",)) or resource.line_of(("Definition",))), raw, 1))
    for template in artifacts.templates:
        for parameter in template.parameters.values():
            if last in parameter.raw:
                fake = Resource(f"Parameters.{parameter.name}", "Parameter", {}, template.file, parameter.line)
                found.append((fake, None, parameter.raw[last], 1))
    return found


def _raw_leaves(node: Any, path: tuple[Any, ...]):
    if isinstance(node, dict) and len(node) == 1 and (next(iter(node)) == "Ref" or str(next(iter(node))).startswith("Fn::")):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _raw_leaves(value, (*path, str(key)))
    elif isinstance(node, list):
        if node and all(not isinstance(v, (dict, list)) for v in node):
            for index, value in enumerate(node):
                yield (*path, index), value
            yield path, node
        else:
            for index, value in enumerate(node):
                yield from _raw_leaves(value, (*path, index))
    else:
        yield path, node


def _equal(expected: Any, written: Any) -> bool:
    if isinstance(expected, dict) or isinstance(written, dict):
        return _canonical(expected) == _canonical(written)
    if isinstance(written, list):
        return False
    return same_value(expected, written)


def _evidence(resource: Resource, leaf: Leaf | None, key: str) -> Evidence:
    if leaf is None:
        return Evidence(resource.file, resource.line_of(("@" + key,)) or resource.line, resource.logical_id, key)
    from verifier.paths import path_text

    return Evidence(resource.file, leaf.line, resource.logical_id, path_text(leaf.path))


def check_setting(keys: tuple[str, ...], expected: Any, artifacts: ArtifactSet) -> tuple[str | None, Any, list[Evidence]]:
    """(SUPPORTED | CONTRADICTED | None when the key is unknown, actual values, evidence)."""
    found = _candidates(artifacts, keys)
    if not found:
        return None, None, []
    deepest = max(f[3] for f in found)
    best = [f for f in found if f[3] == deepest]
    hits = [f for f in found if _equal(expected, f[2])]
    if hits:
        hits.sort(key=lambda f: -f[3])
        return SUPPORTED, show(_raw_plain(hits[0][2])), [_evidence(r, leaf, keys[-1]) for r, leaf, _v, _d in hits[:3]]
    values = []
    for _r, _leaf, value, _d in best:
        shown = show(_raw_plain(value))
        if shown not in values:
            values.append(shown)
    return CONTRADICTED, values[:6] if len(values) > 1 else values[0], [_evidence(r, leaf, keys[-1]) for r, leaf, _v, _d in best[:3]]


class QuotedCodeCheck(Check):
    id = "IV500"
    name = "quoted settings"
    concepts = ("setting.value", "snippet.value")

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        if ctx.artifacts.empty:
            return unverifiable(f"no {ctx.artifacts.label} code to compare the quote with")
        if claim.concept == "setting.value":
            key = "DeletionPolicy" if claim.extra["key"] == "RemovalPolicy" else claim.extra["key"]
            keys: tuple[str, ...] = (key,)
        else:
            keys = tuple(claim.extra.get("path", ()))
            keys = tuple(k for k in keys if k not in ("Resources", "Properties"))
            if not keys:
                return unverifiable("nothing to look up")
        verdict, actual, evidence = check_setting(keys, claim.expected, ctx.artifacts)
        if verdict is None:
            other, _a, _e = check_setting(keys, claim.expected, ctx.other)
            if claim.concept == "snippet.value" and claim.extra.get("anchored") and other is not None:
                files = ", ".join(t.file for t in ctx.artifacts.templates)
                return Outcome(CONTRADICTED if claim.polarity else SUPPORTED, "absent", [Evidence(files, note=f"no {'.'.join(keys)} in the {ctx.artifacts.label} code")],
                               f"{keys[-1]} is not set in the {ctx.artifacts.label} code")
            return unverifiable(f"{keys[-1]} does not occur in the {ctx.artifacts.label} code")
        if verdict == CONTRADICTED and claim.concept == "snippet.value" and not claim.extra.get("anchored"):
            return unverifiable("the quoted block does not match this code elsewhere either (it may be illustrative)", actual)
        if not claim.polarity:
            verdict = CONTRADICTED if verdict == SUPPORTED else SUPPORTED
        return Outcome(verdict, actual, evidence, "")
