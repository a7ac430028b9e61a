"""IV600 — IAM: actions granted or missing, "only X permissions", wildcard actions/resources,
managed policies attached. Identity policies are read from roles' inline policies, IAM
policies and managed policies (linked to their roles); key, bucket and queue policies are not
identity grants and are left out of wildcard checks."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any

from claims.model import Claim
from verifier.checks.base import (
    CONTRADICTED,
    SUPPORTED,
    Check,
    CheckContext,
    Outcome,
    active,
    filter_by_name,
    show,
    unverifiable,
)
from verifier.iam_data import BASELINE_POLICIES, is_action, managed_policy_actions, managed_policy_name
from verifier.model import ArtifactSet, Evidence, Resource, Unresolved

ROLE = "AWS::IAM::Role"
POLICIES = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")
# Resource-based policies: they grant actions to principals too (for "X permission exists" claims),
# but are not identity grants (left out of wildcard and "only" checks).
RESOURCE_POLICIES: dict[str, tuple[str, ...]] = {
    "AWS::SQS::QueuePolicy": ("PolicyDocument",),
    "AWS::SNS::TopicPolicy": ("PolicyDocument",),
    "AWS::S3::BucketPolicy": ("PolicyDocument",),
    "AWS::KMS::Key": ("KeyPolicy",),
    "AWS::SecretsManager::ResourcePolicy": ("ResourcePolicy",),
    "AWS::Events::EventBusPolicy": ("Statement",),
}


@dataclass
class Grant:
    role: str | None  # logical id of the role it applies to, when known
    resource: Resource
    path: tuple[Any, ...]
    actions: list[str]
    resources: list[Any]
    effect: str


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _statements(document: Any) -> list[dict[str, Any]]:
    if not isinstance(document, dict):
        return []
    return [s for s in _as_list(document.get("Statement")) if isinstance(s, dict)]


def _role_refs(value: Any) -> list[str]:
    refs = []
    for item in _as_list(value):
        if isinstance(item, Unresolved) and item.kind == "Ref":
            refs.append(item.text.replace("!Ref ", ""))
        elif isinstance(item, str):
            refs.append(item)
    return refs


def grants(artifacts: ArtifactSet) -> list[Grant]:
    found: list[Grant] = []
    for resource in active(artifacts.resources((ROLE,))):
        for index, policy in enumerate(_as_list(resource.properties.get("Policies"))):
            if not isinstance(policy, dict):
                continue
            for s_index, statement in enumerate(_statements(policy.get("PolicyDocument"))):
                found.append(_grant(resource.logical_id, resource, ("Policies", index, "PolicyDocument", "Statement", s_index), statement))
    for resource in active(artifacts.resources(POLICIES)):
        roles = _role_refs(resource.properties.get("Roles")) or [None]
        for s_index, statement in enumerate(_statements(resource.properties.get("PolicyDocument"))):
            for role in roles:
                found.append(_grant(role, resource, ("PolicyDocument", "Statement", s_index), statement))
    for resource in active(artifacts.resources(("AWS::Serverless::Function",))):
        for index, policy in enumerate(_as_list(resource.properties.get("Policies"))):
            for s_index, statement in enumerate(_statements(policy)):
                found.append(_grant(resource.logical_id, resource, ("Policies", index, "Statement", s_index), statement))
    return found


def resource_policy_grants(artifacts: ArtifactSet) -> list[Grant]:
    """Statements of queue, topic, bucket, key and secret policies, and Lambda permissions."""
    found: list[Grant] = []
    for resource in active(artifacts.resources(tuple(RESOURCE_POLICIES))):
        path = RESOURCE_POLICIES[resource.type]
        document = resource.properties.get(path[0])
        statements = [document] if path == ("Statement",) and isinstance(document, dict) else _statements(document)
        for s_index, statement in enumerate(statements):
            found.append(_grant(None, resource, (*path, "Statement", s_index), statement))
    for resource in active(artifacts.resources(("AWS::Lambda::Permission",))):
        action = resource.properties.get("Action")
        if action is not None:
            found.append(Grant(None, resource, (), [str(show(action))], [], "Allow"))
    return found


def _managed_grants(roles: list[Resource]) -> tuple[list[Grant], list[str]]:
    """Grants of known AWS managed policies attached to roles, and the names of unknown ones."""
    found, unknown = [], []
    for role in roles:
        for index, arn in enumerate(_as_list(role.properties.get("ManagedPolicyArns"))):
            text = str(show(arn))
            actions = managed_policy_actions(text)
            if actions is None:
                unknown.append(managed_policy_name(text))
                continue
            found.append(Grant(role.logical_id, role, ("ManagedPolicyArns", index), list(actions), ["*"], "Allow"))
    return found, unknown


def _grant(role: str | None, resource: Resource, path: tuple[Any, ...], statement: dict[str, Any]) -> Grant:
    actions = [str(show(a)) for a in _as_list(statement.get("Action"))]
    return Grant(role, resource, path, actions, _as_list(statement.get("Resource")), str(statement.get("Effect", "Allow")))


def _evidence(grant: Grant, leaf: str = "Action") -> Evidence:
    from verifier.paths import path_text

    path = (*grant.path, leaf)
    return Evidence(grant.resource.file, grant.resource.line_of(path), grant.resource.logical_id, path_text(path))


def _allows(grant: Grant, action: str) -> bool:
    return grant.effect == "Allow" and any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in grant.actions)


def _managed(role: Resource) -> list[str]:
    return [str(show(a)) for a in _as_list(role.properties.get("ManagedPolicyArns"))]


class IamCheck(Check):
    id = "IV600"
    name = "IAM permissions"
    concepts = ("iam.*",)

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        if ctx.artifacts.empty:
            return unverifiable(f"no {ctx.artifacts.label} code to look in")
        all_grants = grants(ctx.artifacts)
        roles = active(ctx.artifacts.resources((ROLE,)))
        if claim.subject.name:
            named = {r.logical_id for r in filter_by_name(roles, claim.subject.name)}
            if named:
                all_grants = [g for g in all_grants if g.role in named]
                roles = [r for r in roles if r.logical_id in named]
        handler = getattr(self, "_" + claim.concept.split(".", 1)[1], None)
        if handler is None:
            return unverifiable(f"no check for {claim.concept}")
        return handler(claim, all_grants, roles, ctx)

    def _action(self, claim: Claim, all_grants: list[Grant], roles: list[Resource], ctx: CheckContext) -> Outcome:
        action = str(claim.expected)
        if is_action(action) is False:
            return unverifiable(f"{action} is not an IAM action (a condition key or another notation)")
        managed, unknown_managed = _managed_grants(roles)
        policies = [] if claim.subject.name else resource_policy_grants(ctx.artifacts)
        hits = [g for g in [*all_grants, *managed, *policies] if _allows(g, action)]
        if hits:
            return Outcome(SUPPORTED if claim.polarity else CONTRADICTED, hits[0].actions, [_evidence(g) for g in hits[:3]])
        if not all_grants and not roles and not policies:
            return unverifiable("no IAM policies in this code")
        if unknown_managed:
            return unverifiable(f"not in any statement, but managed policies whose grants are not known here are attached: {', '.join(unknown_managed[:3])}")
        service = action.split(":")[0]
        same_service = sorted({a for g in all_grants for a in g.actions if a.split(":")[0] == service})
        files = ", ".join(t.file for t in ctx.artifacts.templates)
        return Outcome(CONTRADICTED if claim.polarity else SUPPORTED, same_service or "not granted", [Evidence(files, note=f"no statement allows {action}")])

    def _wildcard(self, claim: Claim, all_grants: list[Grant], roles: list[Resource], ctx: CheckContext) -> Outcome:
        if not all_grants:
            return unverifiable("no IAM policy statements in this code")
        wild = []
        quote = claim.quote.lower()
        only_actions = "action" in quote and "resource" not in quote
        only_resources = "resource" in quote and "action" not in quote
        for grant in all_grants:
            if grant.effect != "Allow":
                continue
            for action in grant.actions if not only_resources else ():
                if "*" in action:
                    wild.append((grant, "Action", action))
            for target in grant.resources if not only_actions else ():
                text = show(target)
                if isinstance(text, str) and "*" in text:
                    wild.append((grant, "Resource", text))
        present = bool(wild)
        evidence = [_evidence(g, leaf) for g, leaf, _ in wild[:3]]
        actual = [w[2] for w in wild[:5]] or "no wildcard in any Action or Resource"
        note = ""
        managed = sorted({p for r in roles for p in _managed(r)})
        if managed and not present:
            note = "managed policies attached (not inspected): " + ", ".join(managed[:3])
            if claim.expected:  # a managed policy may hold the wildcard the report speaks of
                return unverifiable("no wildcard in the code's own statements; " + note, actual)
        return Outcome(SUPPORTED if present == claim.expected else CONTRADICTED, actual, evidence, note)

    def _only_service(self, claim: Claim, all_grants: list[Grant], roles: list[Resource], ctx: CheckContext) -> Outcome:
        service = str(claim.expected)
        return self._only(claim, all_grants, roles, lambda a: a.split(":")[0].lower() == service)

    def _only_actions(self, claim: Claim, all_grants: list[Grant], roles: list[Resource], ctx: CheckContext) -> Outcome:
        allowed = {a.lower() for a in claim.expected}
        return self._only(claim, all_grants, roles, lambda a: a.lower() in allowed)

    def _only(self, claim: Claim, all_grants: list[Grant], roles: list[Resource], fits) -> Outcome:
        by_role: dict[str, list[Grant]] = {}
        for grant in all_grants:
            if grant.role and grant.effect == "Allow":
                by_role.setdefault(grant.role, []).append(grant)
        relevant = {role: gs for role, gs in by_role.items() if any(fits(a) for g in gs for a in g.actions)}
        if not relevant:
            return unverifiable("no role grants these permissions")
        role_index = {r.logical_id: r for r in roles}
        verdicts = []
        for role, role_grants in relevant.items():
            extra = sorted({a for g in role_grants for a in g.actions if not fits(a)})
            managed = [m for m in (_managed(role_index[role]) if role in role_index else []) if managed_policy_name(m) not in BASELINE_POLICIES]
            verdicts.append((role, not extra and not managed, extra + managed, role_grants))
        holding = [v for v in verdicts if v[1]]
        if holding:
            return Outcome(SUPPORTED, "only those", [_evidence(g) for g in holding[0][3][:2]])
        role, _ok, extra, role_grants = verdicts[0]
        return Outcome(CONTRADICTED, extra[:6], [_evidence(g) for g in role_grants[:2]], f"{role} also has {', '.join(extra[:3])}")

    def _managed_policy(self, claim: Claim, all_grants: list[Grant], roles: list[Resource], ctx: CheckContext) -> Outcome:
        name = str(claim.expected)
        hits = []
        for role in roles:
            for index, arn in enumerate(_as_list(role.properties.get("ManagedPolicyArns"))):
                if name in str(show(arn)):
                    hits.append(Evidence(role.file, role.line_of(("ManagedPolicyArns", index)), role.logical_id, f"Properties.ManagedPolicyArns[{index}]"))
        if not roles:
            return unverifiable("no IAM roles in this code")
        if hits:
            return Outcome(SUPPORTED if claim.polarity else CONTRADICTED, name, hits[:3])
        files = ", ".join(t.file for t in ctx.artifacts.templates)
        return Outcome(CONTRADICTED if claim.polarity else SUPPORTED, "not attached", [Evidence(files, note=f"no role attaches {name}")])
