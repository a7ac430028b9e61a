"""IV100 — a quantity, enumeration or name claimed for a kind of resource.

Finds the resources the concept applies to (narrowed by the service and the name the report
gives), reads the bound property (or the service default when it is absent) and compares it
with the claimed value in the concept's unit. "any" claims hold when one resource matches, "all"
claims ("both functions") need every one.
"""

from __future__ import annotations

import re
from typing import Any

from claims.extract.base import name_hint_before
from claims.model import Claim
from verifier.bindings import ABSENT, NEVER_EXPIRES, SERVICE_TYPES, VALUE_SITES, Site
from verifier.checks.base import (
    CONTRADICTED,
    SUPPORTED,
    Check,
    CheckContext,
    Outcome,
    active,
    evidence_for,
    filter_by_name,
    own,
    show,
    unverifiable,
)
from verifier.model import Evidence, Resource, Unresolved, raw_at
from verifier.values import same_value


class PropertyValueCheck(Check):
    id = "IV100"
    name = "property value"
    concepts = tuple(VALUE_SITES)

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        sites = VALUE_SITES[claim.concept]
        if claim.subject.service and claim.concept == "name":
            allowed = SERVICE_TYPES.get(claim.subject.service, ())
            sites = tuple(s for s in sites if set(s.types) & set(allowed))
        candidates: list[tuple[Resource, Site]] = []
        for site in sites:
            for resource in own(active(ctx.artifacts.resources(site.types))):
                if site.where and len(site.path) == 1 and resource.properties.get(site.where[0]) != site.where[1]:
                    continue  # a top-level condition picks the resources ("ServiceNamespace: ecs"), not list items
                candidates.append((resource, site))
        if claim.concept == "logs.retention" and claim.quantifier == "all" and FUNCTION_WORDS.search(claim.text):
            per_function = _every_function_log_retention(claim, ctx)
            if per_function is not None:
                return per_function
        if not candidates and claim.concept == "logs.retention" and claim.expected == NEVER_EXPIRES:
            implicit = _implicit_function_log_groups(claim, ctx)
            if implicit is not None:
                return implicit
        if not candidates:
            kinds = sorted({t for s in sites for t in s.types})
            if claim.extra.get("service_named", True) and kinds:
                return Outcome(CONTRADICTED, "none", [Evidence(_files(ctx), None, None, None, f"no {', '.join(kinds[:3])} in the {ctx.artifacts.label} template")],
                               f"no resource of type {' / '.join(kinds[:3])} in the {ctx.artifacts.label} code")
            return unverifiable("no resource this setting applies to")
        named = [c for c in candidates if c[0] in filter_by_name([r for r, _ in candidates], claim.subject.name)]
        if claim.subject.name and named:
            candidates = named
        elif not claim.subject.name:
            hint = name_hint_before(claim.text, max(0, claim.text.find(claim.quote)) + len(claim.quote))
            hinted = [c for c in candidates if c[0] in filter_by_name([r for r, _ in candidates], hint)] if hint else []
            if hinted:
                candidates = hinted
        if claim.concept == "rds.engine_version":
            candidates = [c for c in candidates if _engine_matches(claim.extra.get("engine"), c[0].properties.get("Engine"))]
            if not candidates:
                return unverifiable(f"no {claim.extra.get('engine')} database in the {ctx.artifacts.label} code")
        if claim.concept == "sqs.max_receive_count":
            sources = [c for c in candidates if c[0].properties.get("RedrivePolicy") is not None]
            candidates = sources or candidates  # the count lives on the queues that redrive, not on the DLQ
        if claim.concept in DLQ_CONCEPTS and about_dead_letter_queue(claim):
            queues = dead_letter_queues([r for r, _ in candidates])
            if queues is None:
                return unverifiable("which queue is the dead-letter queue is not known statically")
            if not queues:
                return Outcome(CONTRADICTED, "none", [Evidence(_files(ctx), None, None, None, f"no dead-letter queue in the {ctx.artifacts.label} code")],
                               "no queue is used as a dead-letter queue")
            candidates = [c for c in candidates if c[0] in queues]
        results = [(resource, site, *_read(resource, site)) for resource, site in candidates]
        matches, mismatches, unknown = [], [], []
        for resource, _site, path, value, note in results:
            verdict = _compare(claim, value)
            if verdict is not True and claim.concept == "name":
                written = _as_written(resource, path)
                if written is not None and same_value(claim.expected, written):
                    verdict, value = True, written
            if verdict is False and any(_compare(claim, option) is True for option in _alternatives(resource, path, ctx)):
                verdict, note = None, "depends on a parameter: the default gives this value, another choice gives the claimed one"
            entry = (resource, path, value, note)
            (matches if verdict is True else mismatches if verdict is False else unknown).append(entry)
        if claim.quantifier == "all":
            if mismatches:
                return _outcome(CONTRADICTED, mismatches, "not every resource has it")
            if matches and not unknown:
                return _outcome(SUPPORTED, matches, "")
        else:
            if matches:
                return _outcome(SUPPORTED, matches, "")
            if mismatches and not unknown:
                return _outcome(CONTRADICTED, mismatches, "")
        notes = [u[3] for u in unknown if u[3] and u[3].startswith("depends on")]
        reason = notes[0] if notes else "value not known statically"
        return unverifiable(reason + ": " + ", ".join(str(show(u[2])) for u in unknown[:3]), [show(u[2]) for u in unknown[:5]])


FUNCTION_WORDS = re.compile(r"\b(?:functions?|lambdas?)\b", re.I)


def _implicit_function_log_groups(claim: Claim, ctx: CheckContext) -> Outcome | None:
    """"None of the functions set a log retention, so their log groups never expire": with no log
    group in the code, Lambda creates each function's group at first run, with no retention."""
    if not FUNCTION_WORDS.search(claim.text):
        return None
    functions = own(active(ctx.artifacts.resources(SERVICE_TYPES.get("lambda", ()))))
    functions = [f for f in functions if f.type in ("AWS::Lambda::Function", "AWS::Serverless::Function")]
    if not functions or any(f.properties.get("LoggingConfig") for f in functions):
        return None
    return Outcome(SUPPORTED, NEVER_EXPIRES, [Evidence(f.file, f.line, f.logical_id, None, "no log group in the code: Lambda creates one with no retention")
                                               for f in functions[:3]], "")


def _function_log_group(function: Resource, groups: list[Resource]) -> Resource | None:
    """The log group a function writes to: named in its LoggingConfig, or ``/aws/lambda/<name>``."""
    ref = (function.properties.get("LoggingConfig") or {}).get("LogGroup") if isinstance(function.properties.get("LoggingConfig"), dict) else None
    for group in groups:
        if isinstance(ref, Unresolved) and ref.text.split()[-1] == group.logical_id:
            return group
        name = function.properties.get("FunctionName")
        group_name = group.properties.get("LogGroupName")
        if isinstance(name, str) and isinstance(group_name, str) and group_name == f"/aws/lambda/{name}":
            return group
        if group.type == "Custom::LogRetention" and function.logical_id in str(group.properties.get("LogGroupName", "")):
            return group
    return None


def _every_function_log_retention(claim: Claim, ctx: CheckContext) -> Outcome | None:
    """"All three Lambda functions have 30-day log retention": each function's own log group, and
    Lambda's never-expiring group for a function the code gives none. None when a group is unclear."""
    functions = [f for f in own(active(ctx.artifacts.resources(SERVICE_TYPES.get("lambda", ()))))
                 if f.type in ("AWS::Lambda::Function", "AWS::Serverless::Function")]
    groups = list(active(ctx.artifacts.resources(("AWS::Logs::LogGroup", "Custom::LogRetention"))))
    if not functions:
        return None
    matches, mismatches = [], []
    for function in functions:
        group = _function_log_group(function, groups)
        if group is None:
            if function.properties.get("LoggingConfig") is not None:
                return None  # a log group the code names but we cannot place
            value, entry = NEVER_EXPIRES, (function, ("LoggingConfig",), NEVER_EXPIRES, "no log group in the code: Lambda's own never expires")
        else:
            value = group.properties.get("RetentionInDays", NEVER_EXPIRES)
            entry = (group, ("RetentionInDays",), value, None if "RetentionInDays" in group.properties else "service default (property absent)")
        verdict = _compare(claim, value)
        if verdict is None:
            return None
        (matches if verdict else mismatches).append(entry)
    if mismatches:
        return _outcome(CONTRADICTED, mismatches, "not every function's log group has it")
    return _outcome(SUPPORTED, matches, "")


DLQ_CONCEPTS = ("sqs.retention", "sqs.visibility_timeout")
DLQ_WORDS = re.compile(r"\b(?:DLQs?|dead[- ]?letter(?: queues?)?)\b", re.I)
OTHER_QUEUE = re.compile(r"\b(?:main|source|primary|processing|work|input) queue\b", re.I)
DLQ_NAME = re.compile(r"dlq|dead", re.I)


def about_dead_letter_queue(claim: Claim) -> bool:
    """"The DLQ keeps messages for 14 days": the claim is about the dead-letter queue."""
    at = claim.text.find(claim.quote)
    before = claim.text[: at if at >= 0 else len(claim.text)]
    return bool(DLQ_WORDS.search(before)) and not OTHER_QUEUE.search(claim.text)


def dead_letter_queues(queues: list[Resource]) -> list[Resource] | None:
    """Queues named as dead-letter queues or named as another queue's redrive target; None when
    some redrive target cannot be told statically."""
    found = [q for q in queues if DLQ_NAME.search(q.logical_id) or any(DLQ_NAME.search(str(show(v))) for k, v in q.properties.items()
                                                                       if isinstance(k, str) and k.endswith("Name"))]
    unknown = False
    for queue in queues:
        target = (queue.raw_properties.get("RedrivePolicy") or queue.properties.get("RedrivePolicy"))
        if not target:
            continue
        text = str(target)
        hits = [q for q in queues if q is not queue and re.search(r"\b" + re.escape(q.logical_id) + r"\b", text)]
        if hits:
            found += [q for q in hits if q not in found]
        elif not found:
            unknown = True
    if not found and unknown:
        return None
    return found


def _files(ctx: CheckContext) -> str:
    return ", ".join(t.file for t in ctx.artifacts.templates) or ctx.artifacts.label


def _read(resource: Resource, site: Site) -> tuple[tuple[Any, ...], Any, str | None]:
    from verifier.paths import values_at

    found = values_at(resource, site.path)
    if site.where:
        key, wanted = site.where
        found = [(p, v) for p, v in found if resource.get(p[:-1])[1].get(key) == wanted] if found else found
    if found:
        values = [v for _, v in found]
        path = found[0][0]
        return path, values if len(values) > 1 else values[0], None
    if site.default is ABSENT:
        return tuple(p for p in site.path if p not in ("*", "**", "@definition")), None, "not set"
    return tuple(p for p in site.path if p not in ("*", "**", "@definition")), site.default, "service default (property absent)"


def _alternatives(resource: Resource, path: tuple[Any, ...], ctx: CheckContext) -> list[Any]:
    """Values the property takes for other parameter choices: every row of an ``Fn::FindInMap``
    keyed by a parameter, both branches of an ``Fn::If``."""
    raw = raw_at(resource.raw_properties, path)
    if raw is None:
        return []
    template = ctx.artifacts.template_of(resource)
    return _options(raw, template.mappings if template else {}, depth=0)


def _options(raw: Any, mappings: dict[str, Any], depth: int) -> list[Any]:
    if depth > 4 or not isinstance(raw, dict) or len(raw) != 1:
        return [raw] if not isinstance(raw, (dict, list)) else []
    (function, args), = raw.items()
    if function == "Fn::If" and isinstance(args, list) and len(args) == 3:
        return _options(args[1], mappings, depth + 1) + _options(args[2], mappings, depth + 1)
    if function == "Fn::FindInMap" and isinstance(args, list) and len(args) >= 3 and isinstance(args[0], str):
        table = mappings.get(args[0])
        if isinstance(table, dict) and isinstance(args[2], str):
            return [row[args[2]] for row in table.values() if isinstance(row, dict) and args[2] in row and not isinstance(row[args[2]], (dict, list))]
    return []


def _as_written(resource: Resource, path: tuple[Any, ...]) -> str | None:
    """A name as the template writes it: the Fn::Sub pattern, e.g. "orders-${EnvironmentSuffix}"."""
    raw: Any = resource.raw_properties
    for step in path:
        if isinstance(raw, dict) and step in raw:
            raw = raw[step]
        else:
            return None
    if isinstance(raw, dict) and "Fn::Sub" in raw:
        sub = raw["Fn::Sub"]
        return str(sub[0]) if isinstance(sub, list) and sub else str(sub)
    return None


def _compare(claim: Claim, actual: Any) -> bool | None:
    """True / False when decidable, None when the template value is not known statically."""
    if actual is None:
        return False
    if isinstance(actual, Unresolved):
        if actual.options:
            decided = [_compare(claim, option) for option in actual.options]
            if all(d is True for d in decided):
                return True
            if all(d is False for d in decided):
                return False
            return None
        if claim.concept == "name" and isinstance(claim.expected, str):
            return same_value(claim.expected, actual.text) or None
        return None
    if isinstance(actual, list):
        if claim.concept in ("lambda.architecture", "apigw.endpoint_type", "ec2.instance_type") or not all(isinstance(v, (int, float)) for v in actual):
            decided = [_compare(claim, v) for v in actual]
            return True if True in decided else (None if None in decided else False)
        decided = [_compare(claim, v) for v in actual]
        return True if True in decided else (None if None in decided else False)
    if claim.concept == "rds.engine_version":
        return _same_version(str(claim.expected), str(actual))
    return same_value(claim.expected, actual)


def _same_version(claimed: str, written: str) -> bool | None:
    """"16" covers "16.3" (and "16.3" "16.3.2"); "8.0" does not cover "8.1"; a template's "8.0"
    (any 8.0 minor) neither confirms nor denies "8.0.39"."""
    claimed_parts, written_parts = claimed.strip().split("."), written.strip().split(".")
    if written_parts[: len(claimed_parts)] == claimed_parts:
        return True
    if len(written_parts) < len(claimed_parts) and claimed_parts[: len(written_parts)] == written_parts:
        return None
    return False


ENGINE_FAMILIES = {"aurora-mysql": ("aurora-mysql", "aurora"), "aurora-postgresql": ("aurora-postgresql",),
                   "postgres": ("postgres",), "mysql": ("mysql",), "mariadb": ("mariadb",)}


def _engine_matches(claimed: Any, written: Any) -> bool:
    """The database runs the engine the version was claimed for (an engine not known statically may)."""
    if not isinstance(written, str) or not claimed:
        return True
    return written.lower() in ENGINE_FAMILIES.get(str(claimed), (str(claimed),))


def _outcome(verdict: str, entries: list[tuple[Resource, tuple[Any, ...], Any, str | None]], reason: str) -> Outcome:
    evidence = [evidence_for(resource, path, note) for resource, path, _value, note in entries[:5]]
    values = [show(value) for _r, _p, value, _n in entries]
    actual = values[0] if len({repr(v) for v in values}) == 1 else values
    return Outcome(verdict, actual, evidence, reason)
