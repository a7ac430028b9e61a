"""IV700 — facts about the task: deployment region (lib/AWS_REGION, metadata.json, the Terraform
``aws`` provider; a claim about a secondary provider is checked against the aliased ones),
platform and language, complexity, training quality score and coverage figures from metadata.json."""

from __future__ import annotations

import re
from typing import Any

from claims.language import clause_bounds
from claims.model import Claim
from verifier.checks.base import CONTRADICTED, SUPPORTED, Check, CheckContext, Outcome, unverifiable
from verifier.model import Evidence

PLATFORMS = {"cloudformation": "cfn", "cfn": "cfn", "terraform": "tf", "cdk": "cdk", "pulumi": "pulumi"}


SECONDARY_PROVIDER = re.compile(r"\b(?:secondary|replica(?:tion)?|dr|disaster[- ]recovery|failover|alias(?:ed)?|second (?:region|provider)|cross[- ]region)\b", re.I)


def _where(source: str | None) -> Evidence:
    """Evidence from a "file" or "file:line" source."""
    file, _, line = (source or "").rpartition(":")
    return Evidence(file, int(line)) if file and line.isdigit() else Evidence(source or "", 1)


def _aliased_providers(ctx: CheckContext) -> list[Any]:
    return [p for t in ctx.artifacts.templates for p in getattr(t, "providers", []) if p.name == "aws" and p.alias]


def _region(claim: Claim, ctx: CheckContext) -> Outcome:
    task = ctx.task
    aliased = _aliased_providers(ctx)
    at = max(0, claim.text.find(claim.quote))
    left, right = clause_bounds(claim.text, at)
    clause = claim.text[left:right]  # "deployed to eu-west-1, and the DR copy is created in us-west-2": two clauses
    about_alias = aliased and (SECONDARY_PROVIDER.search(clause)
                               or any(re.search(rf"\b{re.escape(p.alias)}\b", clause) for p in aliased))
    if about_alias:
        same = [p for p in aliased if p.region == claim.expected]
        if same:
            return Outcome(SUPPORTED, claim.expected, [Evidence(same[0].file, same[0].line, f"provider aws.{same[0].alias}", "region")])
        known = [p for p in aliased if isinstance(p.region, str)]
        if len(known) == len(aliased):
            return Outcome(CONTRADICTED, ", ".join(sorted({p.region for p in known})),
                           [Evidence(p.file, p.line, f"provider aws.{p.alias}", "region") for p in known[:3]])
        return unverifiable("the region of an aliased provider is not known statically")
    if not task.region:
        return unverifiable("no region in lib/AWS_REGION, metadata.json or the provider block")
    if task.region != claim.expected and any(p.region == claim.expected for p in aliased):
        return unverifiable(f"{claim.expected} is the region of an aliased provider; the claim does not say which provider")
    verdict = SUPPORTED if task.region == claim.expected else CONTRADICTED
    return Outcome(verdict, task.region, [_where(task.region_source)])


def _coverage_from_files(ctx: CheckContext, kind: str) -> tuple[float, str] | None:
    """A coverage report in the folder (istanbul summary, Cobertura, lcov, coverage.py JSON)."""
    from verifier.checks.tests_run import process_facts

    figure = process_facts(ctx).coverage.get(kind)
    if figure is None or figure.format == "metadata":
        return None
    return round(float(figure.percent), 2), figure.path


class TaskFactsCheck(Check):
    id = "IV700"
    name = "task facts"
    concepts = ("region", "metadata.*", "coverage.percent")
    needs_artifacts = False

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        task = ctx.task
        if claim.concept == "region":
            return _region(claim, ctx)
        meta = task.metadata
        if claim.concept == "metadata.training_quality":
            value = meta.get("training_quality")
            if not isinstance(value, (int, float)):
                return unverifiable("metadata.json has no training_quality")
            return Outcome(SUPPORTED if float(value) == float(claim.expected) else CONTRADICTED, value, [Evidence("metadata.json", None, None, "training_quality")])
        if claim.concept == "metadata.complexity":
            value = meta.get("complexity")
            if not isinstance(value, str):
                return unverifiable("metadata.json has no complexity")
            verdict = SUPPORTED if value.strip().lower() == claim.expected else CONTRADICTED
            return Outcome(verdict, value, [Evidence("metadata.json", None, None, "complexity")])
        if claim.concept == "metadata.platform":
            if "platform" not in meta:
                return unverifiable("metadata.json has no platform")
            want = claim.expected
            ok = PLATFORMS.get(str(want.get("platform", "")).lower()) == str(meta.get("platform", "")).lower()
            if want.get("language"):
                ok = ok and str(want["language"]).lower() == str(meta.get("language", "")).lower()
            return Outcome(SUPPORTED if ok else CONTRADICTED, {"platform": meta.get("platform"), "language": meta.get("language")}, [Evidence("metadata.json", None, None, "platform")])
        if claim.concept == "coverage.percent":
            kind = claim.extra.get("kind", "lines")
            from_files = _coverage_from_files(ctx, kind)
            if from_files is not None:
                actual, file = from_files
                return Outcome(SUPPORTED if abs(actual - float(claim.expected)) < 0.01 else CONTRADICTED, actual, [Evidence(file, None, None, kind)])
            coverage = meta.get("coverage")
            if not isinstance(coverage, dict) or not isinstance(coverage.get(kind), (int, float)):
                return unverifiable("no coverage figures in the task folder")
            actual = float(coverage[kind])
            return Outcome(SUPPORTED if abs(actual - float(claim.expected)) < 0.01 else CONTRADICTED, actual, [Evidence("metadata.json", None, None, f"coverage.{kind}")])
        return unverifiable(f"no check for {claim.concept}")
