"""IV400 — named template entities (resources, parameters, outputs, conditions) and the
intrinsic functions a template uses."""

from __future__ import annotations

from claims.model import Claim
from verifier.checks.base import (
    CONTRADICTED,
    SUPPORTED,
    Check,
    CheckContext,
    Outcome,
    normalize_name,
    unverifiable,
)
from verifier.model import ArtifactSet, Evidence

CONDITION_FUNCTIONS = {"Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition"}


def find_entity(artifacts: ArtifactSet, name: str, kind: str) -> list[Evidence]:
    wanted = normalize_name(name)
    hits: list[Evidence] = []
    for template in artifacts.templates:
        tables = {
            "resource": [(rid, r.line, "Resources") for rid, r in template.resources.items()],
            "parameter": [(p.name, p.line, "Parameters") for p in template.parameters.values()],
            "output": [(o.name, o.line, "Outputs") for o in template.outputs.values()],
            "condition": [(c, template.condition_lines.get(c), "Conditions") for c in template.conditions],
            "mapping": [(m, None, "Mappings") for m in template.mappings],
        }
        order = [kind] + [k for k in tables if k != kind] if kind in tables else list(tables)
        for section in order:
            for entity, line, where in tables[section]:
                if entity == name or normalize_name(entity) == wanted:
                    hits.append(Evidence(template.file, line, entity if where == "Resources" else None, f"{where}.{entity}"))
        if not hits and kind in ("resource", "output"):
            for output in template.outputs.values():
                if isinstance(output.export_name, str) and normalize_name(output.export_name) == wanted:
                    hits.append(Evidence(template.file, output.line, None, f"Outputs.{output.name}.Export"))
    return hits


class EntityCheck(Check):
    id = "IV400"
    name = "named entities and intrinsic functions"
    concepts = ("entity.exists", "template.intrinsics", "template.intrinsics_only", "output.value")

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        if ctx.artifacts.empty:
            return unverifiable(f"no {ctx.artifacts.label} code to look in")
        if claim.concept.startswith("template.intrinsics"):
            return _intrinsics(claim, ctx)
        if claim.concept == "output.value":
            return _output_value(claim, ctx)
        name, kind = str(claim.expected), claim.extra.get("kind", "resource")
        hits = find_entity(ctx.artifacts, name, kind)
        if hits:
            return Outcome(SUPPORTED if claim.polarity else CONTRADICTED, name, hits[:3])
        elsewhere = find_entity(ctx.other, name, kind)
        if elsewhere:
            files = ", ".join(t.file for t in ctx.artifacts.templates)
            return Outcome(CONTRADICTED if claim.polarity else SUPPORTED, "absent",
                           [Evidence(files, note=f"not in the {ctx.artifacts.label} code")] + elsewhere[:1],
                           f"{name} exists only in the {ctx.other.label} code")
        return unverifiable(f"{name} is not a name used in the task's code")


def _output_value(claim: Claim, ctx: CheckContext) -> Outcome:
    """"the `ApiUrl` output is `x`": decidable when the output's value resolves to a plain string."""
    wanted = normalize_name(str(claim.subject.name or ""))
    for template, output in ctx.artifacts.outputs():
        if normalize_name(output.name) != wanted:
            continue
        where = Evidence(template.file, output.line, None, f"Outputs.{output.name}.Value")
        if not isinstance(output.value, (str, int, float)) or isinstance(output.value, bool):
            return unverifiable(f"{output.name}'s value is only known after deployment", output.raw)
        verdict = SUPPORTED if str(output.value).rstrip("/") == str(claim.expected).rstrip("/") else CONTRADICTED
        return Outcome(verdict, output.value, [where])
    return unverifiable(f"no output named {claim.subject.name} in the {ctx.artifacts.label} code")


def _intrinsics(claim: Claim, ctx: CheckContext) -> Outcome:
    used: set[str] = set()
    for template in ctx.artifacts.templates:
        used |= template.intrinsics
    used -= CONDITION_FUNCTIONS
    expected = set(claim.expected)
    files = ", ".join(t.file for t in ctx.artifacts.templates)
    evidence = [Evidence(files, note="uses " + ", ".join(sorted(used)))]
    if claim.concept == "template.intrinsics_only":
        holds = used == expected
    elif claim.polarity:
        holds = expected <= used
    else:
        holds = not (expected & used)
    return Outcome(SUPPORTED if holds else CONTRADICTED, sorted(used), evidence, "" if holds else f"claimed {', '.join(sorted(expected))}")
