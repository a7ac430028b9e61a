"""IV450 — properties of the whole template: every taggable resource carries Tags ("comprehensive
tagging"); every named resource puts ${EnvironmentSuffix} in its name."""

from __future__ import annotations

import re
from typing import Any

from claims.extract.base import service_mentions
from claims.model import Claim
from verifier.bindings import SERVICE_TYPES, VALUE_SITES
from verifier.cfn.schemas import supports_property
from verifier.checks.base import (
    CONTRADICTED,
    SUPPORTED,
    Check,
    CheckContext,
    Outcome,
    evidence_for,
    unverifiable,
)
from verifier.model import Resource

SUFFIX_WORDS = ("environmentsuffix", "envsuffix", "environment_suffix")


NAME_KEYS = {site.path[0]: set(site.types) for site in VALUE_SITES["name"]}
EXTRA_NAME_KEYS = ("NodegroupName", "ServiceName", "Family", "GroupName", "ApiName", "StackName", "UserPoolName", "RepositoryName", "ClusterIdentifier", "DBSubnetGroupName", "TargetGroupName", "LoadBalancerName", "ManagedPolicyName", "PolicyName", "TrailName", "WebACLName", "DomainName", "Name")


def _name_properties(resource: Resource) -> list[tuple[str, Any]]:
    """Properties that name the resource itself (not references to other resources)."""
    found = []
    for key, value in resource.raw_properties.items():
        if not isinstance(key, str) or isinstance(value, (list, bool, int, float)):
            continue
        if key in NAME_KEYS and resource.type not in NAME_KEYS[key] and key != "Name":
            continue
        if key not in NAME_KEYS and key not in EXTRA_NAME_KEYS:
            continue
        if isinstance(value, dict) and (set(value) & {"Ref", "Fn::GetAtt", "Fn::ImportValue"}):
            continue
        found.append((key, value))
    return found


def _kinds_named_after(claim: Claim) -> set[str]:
    """Resource types of the services the sentence names after the quote ("... across all subnet resources")."""
    at = claim.text.find(claim.quote)
    after = claim.text[at + len(claim.quote):] if at >= 0 else ""
    return {t for _s, _e, service in service_mentions(after) for t in SERVICE_TYPES.get(service, ())}


_SCOPE_AFTER = re.compile(r"^\W{0,3}\s*(?:to|on|for|across|of)\s+(?:the\s+|all\s+|every\s+|each\s+)?([A-Za-z][\w -]{1,40})", re.I)
_WHOLE = re.compile(r"^(?:the\s+)?(?:aws\s+)?(?:resources?|stack|template|infrastructure|components?)\b", re.I)


def _narrowed_to_unknown_kind(claim: Claim) -> bool:
    at = claim.text.find(claim.quote)
    m = _SCOPE_AFTER.match(claim.text[at + len(claim.quote):] if at >= 0 else "")
    return bool(m) and not _WHOLE.match(m.group(1))


class TemplateWideCheck(Check):
    id = "IV450"
    name = "template-wide properties"
    concepts = ("template.all_tagged", "template.names_use_suffix")

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        resources = ctx.artifacts.resources()
        if not resources:
            return unverifiable(f"no {ctx.artifacts.label} code to look in")
        if claim.concept == "template.all_tagged":
            taggable = [r for r in resources if supports_property(r.type, "Tags")]
            kinds = _kinds_named_after(claim)
            if kinds:  # "consistent tagging across all subnet resources": those only
                taggable = [r for r in taggable if r.type in kinds]
            elif _narrowed_to_unknown_kind(claim):
                return unverifiable("the tagging is said of a kind of resource this check cannot pick out")  # "tagging to SSM parameters"
            if not taggable:
                return unverifiable("no taggable resources of the kind named (or resource schemas unavailable)")
            untagged = [r for r in taggable if not r.properties.get("Tags")]
            holds = not untagged
            evidence = [evidence_for(r, None, "no Tags") for r in untagged[:5]] or [evidence_for(taggable[0], ("Tags",))]
            actual = f"{len(taggable) - len(untagged)}/{len(taggable)} taggable resources have Tags" + (f"; untagged: {', '.join(r.logical_id for r in untagged[:6])}" if untagged else "")
        else:
            named = [(r, k, v) for r in resources for k, v in _name_properties(r)]
            if not named:
                return unverifiable("no resource sets an explicit name")
            missing = [(r, k) for r, k, v in named if not any(w in str(v).lower().replace("-", "") for w in SUFFIX_WORDS)]
            holds = not missing
            evidence = [evidence_for(r, (k,), "name without the suffix") for r, k in missing[:5]] or [evidence_for(named[0][0], (named[0][1],))]
            actual = f"{len(named) - len(missing)}/{len(named)} names use the suffix" + (f"; not: {', '.join(r.logical_id for r, _ in missing[:6])}" if missing else "")
        verdict = SUPPORTED if holds == claim.polarity else CONTRADICTED
        return Outcome(verdict, actual, evidence)
