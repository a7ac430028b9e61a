"""IV300 — things that exist or not ("a CloudWatch dashboard", "no DLQ alarm") and counts
("16 AWS resources", "two log groups", "3 outputs")."""

from __future__ import annotations

import re
from typing import Any

from claims import vocabulary_extension
from claims.model import Claim
from claims.vocabulary import EXISTENCE_CONCEPTS
from verifier.checks.base import (
    CONTRADICTED,
    SUPPORTED,
    Check,
    CheckContext,
    Outcome,
    active,
    evidence_for,
    own,
    unverifiable,
)
from verifier.model import Evidence, Resource
from verifier.values import same_value

CONCEPTS = {c.id: c for c in EXISTENCE_CONCEPTS}


def _passes_filters(resource: Resource, filters) -> bool:
    """Each filter (key path, accepted values) must hold on some leaf whose key path ends with it."""
    leaves = list(resource.leaves())
    for path, accepted in filters:
        if path and str(path[0]).startswith("@"):
            value = resource.attributes.get(str(path[0])[1:])
            if value is None or not any(same_value(a, value) for a in accepted):
                return False
            continue
        keys = tuple(p for p in path if p != "*")
        ok = False
        for leaf in leaves:
            leaf_keys = tuple(p for p in leaf.path if isinstance(p, str))
            if "*" in accepted:
                if any(leaf_keys[i : i + len(keys)] == keys for i in range(len(leaf_keys))):
                    ok = True
                    break
                continue
            if leaf_keys[-len(keys):] != keys:
                continue
            if "*" in accepted or any(same_value(a, leaf.value) or (isinstance(leaf.value, str) and a.lower() in leaf.value.lower()) for a in accepted):
                ok = True
                break
        if not ok:
            return False
    return True


def matching(ctx: CheckContext, concept_id: str) -> list[Resource]:
    concept = CONCEPTS.get(concept_id) or vocabulary_extension.existence_concept(concept_id)
    assert concept is not None, concept_id
    types = None if concept.resource_types == ("*",) else concept.resource_types
    return [r for r in active(ctx.artifacts.resources(types)) if _passes_filters(r, concept.filters)]


class ExistenceCheck(Check):
    id = "IV300"
    name = "existence and counts"
    concepts = ("exists.*", "count.*")

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        if ctx.artifacts.empty:
            return unverifiable(f"no {ctx.artifacts.label} code to look in")
        if claim.concept.startswith("count."):
            return _count(claim, ctx)
        found = matching(ctx, claim.concept)
        files = ", ".join(t.file for t in ctx.artifacts.templates)
        if bool(found) == claim.polarity:
            return Outcome(SUPPORTED, [r.logical_id for r in found] or "absent", [evidence_for(r) for r in found[:5]] or [Evidence(files, note="none found")])
        return Outcome(CONTRADICTED, [r.logical_id for r in found] or "absent", [evidence_for(r) for r in found[:5]] or [Evidence(files, note="none found")])


def _names(resource: Resource) -> str:
    tags = resource.properties.get("Tags")
    tag_text = " ".join(str(t.get("Value")) for t in tags if isinstance(t, dict)) if isinstance(tags, list) else ""
    return " ".join([*map(str, resource.name_values()), tag_text]).lower()


def _narrow(resources: list[Resource], qualifiers: list[str]) -> list[Resource] | None:
    """Resources whose names carry every qualifier ("private" subnets); None when no resource's
    name carries any qualifier word, so the names cannot tell."""
    vocabulary = ("private", "public", "isolated", "database", "app", "web")
    if not resources:
        return []
    if not any(word in _names(r) for r in resources for word in vocabulary):
        return None
    return [r for r in resources if all(q in _names(r) for q in qualifiers)]


API_ENDPOINT_OUTPUT = re.compile(r"^(\w+?)Endpoint(?:[0-9A-F]{8})?$")


def _api_endpoint_output(name: str, ctx: CheckContext) -> bool:
    """The URL output a CDK RestApi adds by itself (``<api>Endpoint<hash>``), not a declared CfnOutput."""
    m = API_ENDPOINT_OUTPUT.match(name)
    apis = ctx.artifacts.resources(("AWS::ApiGateway::RestApi",))
    return bool(m) and any(r.logical_id.startswith(m.group(1)) for r in apis)


def _as_written(claim: Claim, ctx: CheckContext) -> Any:
    """The value of a CDK prop quoted in the claim (`nat_gateways=3`) as the code writes it."""
    prop = claim.extra.get("cdk_prop")
    if not prop:
        return None
    camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), str(prop))
    for resource in ctx.artifacts.resources():
        written = (resource.attributes.get("cdk_props") or {}).get(camel)
        if written is not None:
            return written
    return None


def _count(claim: Claim, ctx: CheckContext) -> Outcome:
    what = claim.extra.get("counted", claim.concept[len("count."):])
    files = ", ".join(t.file for t in ctx.artifacts.templates)
    if what == "outputs":
        items = ctx.artifacts.outputs()
        if claim.extra.get("own_only"):
            items = [(t, o) for t, o in items if not _api_endpoint_output(o.name, ctx)]
        sure, maybe = len(items), len(items)
        evidence = [Evidence(t.file, o.line, None, f"Outputs.{o.name}") for t, o in items[:5]]
        names = [o.name for _, o in items]
    elif what == "parameters":
        params = ctx.artifacts.parameters()
        sure = maybe = len(params)
        evidence = [Evidence(t.file, p.line, None, f"Parameters.{p.name}") for t, p in params[:5]]
        names = [p.name for _, p in params]
    else:
        if what == "typed" and str(claim.extra.get("resource_type", "")).startswith("aws_"):
            wanted = claim.extra["resource_type"]
            if not any(getattr(t, "providers", None) is not None for t in ctx.artifacts.templates):
                return unverifiable(f"{wanted} is a Terraform type; this side's code is not Terraform")
            resources = [r for r in ctx.artifacts.resources() if r.native_type == wanted]
        elif what == "typed":
            resources = ctx.artifacts.resources((claim.extra.get("resource_type", ""),))
        elif what == "resources":
            resources = ctx.artifacts.resources()
        else:
            resources = [r for r in ctx.artifacts.resources(CONCEPTS[what].resource_types) if _passes_filters(r, CONCEPTS[what].filters)]
        qualifiers = claim.extra.get("qualifiers") or []
        if qualifiers:
            narrowed = _narrow(resources, qualifiers)
            if narrowed is None:
                return unverifiable(f"nothing in the names says which {what.replace('exists.', '')} are {' '.join(qualifiers)}")
            resources = narrowed
        if claim.extra.get("own_only"):
            resources = own(resources)
        sure = len([r for r in resources if r.active is True])
        maybe = len([r for r in resources if r.active is not False])
        evidence = [Evidence(files, None, None, None, f"{maybe} {what}")]
        names = [r.logical_id for r in resources if r.active is not False]
        if any(r.attributes.get("UnknownInstanceCount") for r in resources):
            if claim.expected >= sure:  # a count or for_each not known statically may make any number
                return unverifiable(f"the number of instances of {', '.join(r.logical_id for r in resources if r.attributes.get('UnknownInstanceCount'))[:120]} is not known statically",
                                    f"{sure} or more")
            return Outcome(CONTRADICTED, f"{sure} or more", evidence, f"found: {', '.join(map(str, names[:12]))}")
    expected = claim.expected
    actual = sure if sure == maybe else f"{sure}-{maybe}"
    if sure == maybe == expected:
        return Outcome(SUPPORTED, actual, evidence, "")
    if (expected < sure or expected > maybe) and _as_written(claim, ctx) == expected:
        return unverifiable(f"the code asks for {expected} (`{claim.extra['cdk_prop']}`), but CDK makes {actual}: "
                            "one NAT gateway at most per public subnet, and an environment-agnostic stack gets two Availability Zones", actual)
    if expected < sure or expected > maybe:
        return Outcome(CONTRADICTED, actual, evidence, f"found: {', '.join(map(str, names[:12]))}")
    return unverifiable("count depends on conditions", actual)
