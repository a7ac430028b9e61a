"""IV900 — "all requirements met": contradicted when a requirement the report itself checks (a
checklist item, a line under a Requirements/Constraints/Validation heading, a PASSED line) is
contradicted; otherwise nothing in the artifacts can confirm "all", so it stays unverifiable."""

from __future__ import annotations

import re

from claims.model import Claim
from verifier.checks.base import CONTRADICTED, Check, CheckContext, Outcome, unverifiable
from verifier.model import Evidence

REQUIREMENT_CONTEXT = re.compile(r"\b(?:requirements?|constraints?|checklist|validation|mandatory|compliance)\b", re.I)
PASSED = re.compile(r"\b(?:passed|pass|met|implemented|satisfied)\b|✅|✓", re.I)


class AggregateCheck(Check):
    id = "IV900"
    name = "all requirements met"
    concepts = ("aggregate.requirements",)
    needs_artifacts = False

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        lines = {line.number: line for line in ctx.report.lines} if ctx.report else {}
        for other, outcome in ctx.decided:
            if outcome.verdict != CONTRADICTED or other.concept.startswith("aggregate") or other.scope not in ("final", "model"):
                continue
            if other.scope != claim.scope and claim.scope_basis != "default":
                continue
            line = lines.get(other.line)
            if line is None:
                continue
            context = " ".join([h for _, h in line.headings] + [line.lead_in or "", line.label or ""])
            if line.check == "pass" or REQUIREMENT_CONTEXT.search(context) or PASSED.search(line.plain):
                where = outcome.evidence[0] if outcome.evidence else Evidence(other.report, other.line)
                return Outcome(CONTRADICTED, f"line {other.line}: {other.quote} is contradicted ({outcome.actual})",
                               [Evidence(other.report, other.line, None, None, other.text[:80]), where])
        return unverifiable("no artifact can confirm that every requirement is met")
