"""IV460 — security-group ingress: which ports a group lets in, and from where.

Rules come from ``SecurityGroupIngress`` lists (Terraform ``ingress`` blocks, ``aws_security_group_rule``
and ``aws_vpc_security_group_ingress_rule`` are merged there by the loader; CDK ``addIngressRule``
too) and from standalone ``AWS::EC2::SecurityGroupIngress`` resources, attached to their group by
``GroupId``. A claim names ports, a source (a CIDR, "anywhere", another group) and possibly the
group it is about and "only". A rule whose port or source is not known statically makes a
negative answer undecidable.
"""

from __future__ import annotations

import re
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
    normalize_name,
    unverifiable,
)
from verifier.model import Evidence, Resource, Unresolved

SG_TYPE = "AWS::EC2::SecurityGroup"
INGRESS_TYPE = "AWS::EC2::SecurityGroupIngress"
ANYWHERE = ("0.0.0.0/0", "::/0")
# Words a report uses for a group, and the fragments of group names they match.
GROUP_SYNONYMS = {"database": ("database", "db", "rds", "aurora"), "db": ("db", "database", "rds"), "rds": ("rds", "db", "database"),
                  "aurora": ("aurora", "db", "database"), "alb": ("alb", "lb", "loadbalancer", "elb"),
                  "loadbalancer": ("lb", "alb", "loadbalancer"), "web": ("web", "alb", "lb"), "application": ("app", "application"),
                  "app": ("app", "application"), "lambda": ("lambda", "function"), "bastion": ("bastion", "jump"),
                  "instance": ("instance", "ec2", "web", "server", "host", "asg"), "server": ("server", "web", "instance", "ec2"),
                  "host": ("host", "instance", "ec2"), "node": ("node", "worker", "eks"), "container": ("container", "ecs", "task", "service"),
                  "task": ("task", "ecs", "service", "container")}


@dataclass
class Rule:
    """One ingress rule as far as it is known: ports, source, where it is written."""

    group: Resource | None
    from_port: int | None
    to_port: int | None
    all_traffic: bool
    cidr: str | None
    source_group: str | None  # the source group's reference as text
    known: bool
    file: str
    line: int | None
    path: str

    def covers(self, port: int) -> bool | None:
        if self.all_traffic:
            return True
        if self.from_port is None or self.to_port is None:
            return None
        return self.from_port <= port <= self.to_port


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _rule(group: Resource | None, spec: dict[str, Any], holder: Resource, path: tuple[Any, ...]) -> Rule:
    protocol = str(spec.get("IpProtocol", "tcp")).lower()
    all_traffic = protocol in ("-1", "all")
    from_port, to_port = _int(spec.get("FromPort")), _int(spec.get("ToPort"))
    cidr = spec.get("CidrIp") or spec.get("CidrIpv6")
    source = spec.get("SourceSecurityGroupId") or spec.get("SourceSecurityGroupName") or spec.get("SourcePrefixListId")
    known = (all_traffic or (from_port is not None and to_port is not None)) and (isinstance(cidr, str) or source is not None)
    raw_source = None
    if source is not None:
        raw_source = source.text if isinstance(source, Unresolved) else str(source)
    line = holder.line_of(path) or holder.line
    native = holder.native_paths.get(path) if holder.native_paths else None
    return Rule(group, from_port, to_port, all_traffic, cidr if isinstance(cidr, str) else None, raw_source, known,
                holder.path_files.get(path, holder.file) if holder.path_files else holder.file, line,
                native or ".".join(str(p) for p in path))


def _group_of(ingress: Resource, groups: list[Resource]) -> Resource | None:
    raw = ingress.raw_properties.get("GroupId") or ingress.raw_properties.get("GroupName") or ingress.properties.get("GroupId")
    text = str(raw)
    for group in groups:
        if re.search(r"\b" + re.escape(group.logical_id) + r"\b", text):
            return group
    return None


def ingress_rules(groups: list[Resource], standalone: list[Resource]) -> list[Rule]:
    rules = []
    for group in groups:
        specs = group.properties.get("SecurityGroupIngress")
        if isinstance(specs, list):
            for index, spec in enumerate(specs):
                if isinstance(spec, dict):
                    rules.append(_rule(group, spec, group, ("SecurityGroupIngress", index)))
                else:
                    rules.append(Rule(group, None, None, False, None, None, False, group.file, group.line, f"SecurityGroupIngress.{index}"))
        elif specs is not None:
            rules.append(Rule(group, None, None, False, None, None, False, group.file, group.line, "SecurityGroupIngress"))
    for ingress in standalone:
        rules.append(_rule(_group_of(ingress, groups), ingress.properties, ingress, ()))
    return rules


def _names_match(words: str, name: str) -> bool:
    wanted = normalize_name(words)
    fragments = GROUP_SYNONYMS.get(wanted, (wanted,))
    have = normalize_name(name)
    return any(f in have for f in fragments)


def _group_names(group: Resource) -> list[str]:
    names = [group.logical_id]
    for key in ("GroupName",):
        value = group.properties.get(key)
        if isinstance(value, str):
            names.append(value)
    return names


def _source_matches(rule: Rule, source: str | None, source_group: str | None) -> bool | None:
    if source is None:
        return True
    if source == "sg":
        if rule.source_group is None:
            return False if rule.cidr is not None else None
        return True if not source_group else _names_match(source_group, rule.source_group)
    if rule.cidr is None:
        return False if rule.source_group is not None else None
    if source in ANYWHERE:
        return rule.cidr in ANYWHERE
    return rule.cidr == source


class SecurityGroupCheck(Check):
    id = "IV460"
    name = "security group ingress"
    concepts = ("sg.ingress",)

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        groups = active(ctx.artifacts.resources((SG_TYPE,)))
        standalone = active(ctx.artifacts.resources((INGRESS_TYPE,)))
        if not groups and not standalone:
            return Outcome(CONTRADICTED if claim.polarity else SUPPORTED, "none",
                           [Evidence(", ".join(t.file for t in ctx.artifacts.templates), note=f"no security group in the {ctx.artifacts.label} code")],
                           "no security group")
        rules = ingress_rules(groups, standalone)
        want = claim.expected
        if claim.subject.name:
            chosen = [g for g in groups if _names_match(claim.subject.name, g.logical_id)] or \
                [g for g in groups if any(_names_match(claim.subject.name, n) for n in _group_names(g))]
            if not chosen:
                return unverifiable(f"no security group recognisably named for '{claim.subject.name}'")
            rules = [r for r in rules if r.group in chosen or r.group is None]
            if any(r.group is None for r in rules):
                return unverifiable("a standalone ingress rule's group is not known statically")
        elif (want["only_ports"] or want["only_source"]) and (len(groups) != 1 or any(r.group is None for r in rules)):
            return unverifiable("'only' needs the security group it is about")  # with one group, it is that one
        return _decide(claim, want, rules)


def _evidence(rule: Rule) -> Evidence:
    return Evidence(rule.file, rule.line, rule.group.logical_id if rule.group else None, rule.path)


def _describe(rule: Rule) -> str:
    ports = "all" if rule.all_traffic else f"{rule.from_port}" if rule.from_port == rule.to_port else f"{rule.from_port}-{rule.to_port}"
    return f"{ports} from {rule.cidr or rule.source_group or '?'}"


def _decide(claim: Claim, want: dict[str, Any], rules: list[Rule]) -> Outcome:
    ports: list[int] = want["ports"]
    source, source_group = want["source"], want.get("source_group")
    actual = [_describe(r) for r in rules][:8]
    if want["only_ports"]:
        from_source = [r for r in rules if _source_matches(r, source, source_group) is not False]
        if any(not r.known for r in from_source):
            return unverifiable("some ingress rules are not known statically", actual)
        extra = [r for r in from_source if r.all_traffic or not any(r.covers(p) for p in ports)]
        missing = [p for p in ports if not any(r.covers(p) for r in from_source)]
        holds = not extra and not missing
        evidence = [_evidence(r) for r in (extra or from_source)][:3]
        return Outcome(SUPPORTED if holds == claim.polarity else CONTRADICTED, actual, evidence)
    if want["only_source"]:
        on_port = [r for r in rules if any(r.covers(p) is not False for p in ports)]
        if any(not r.known for r in on_port):
            return unverifiable("some ingress rules are not known statically", actual)
        if not on_port:
            return Outcome(CONTRADICTED if claim.polarity else SUPPORTED, actual, [], f"port {ports} is not open at all")
        others = [r for r in on_port if not _source_matches(r, source, source_group)]
        holds = not others
        return Outcome(SUPPORTED if holds == claim.polarity else CONTRADICTED, actual, [_evidence(r) for r in (others or on_port)][:3])
    matching = [r for r in rules if all(r.covers(p) for p in ports) and _source_matches(r, source, source_group)]
    if matching:
        return Outcome(SUPPORTED if claim.polarity else CONTRADICTED, [_describe(r) for r in matching][:5], [_evidence(r) for r in matching][:3])
    if any(not r.known for r in rules):
        return unverifiable("some ingress rules are not known statically", actual)
    evidence = [_evidence(r) for r in rules][:3] or [Evidence("", note="no ingress rules")]
    return Outcome(CONTRADICTED if claim.polarity else SUPPORTED, actual or "no ingress rules", evidence)
