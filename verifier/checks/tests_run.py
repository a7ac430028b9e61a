"""IV760 — test counts and coverage against the task's own files: test cases declared in its test
files (parsed, see ``verifier/process``), results files, coverage reports.

A count claim of one kind ("36 unit tests") is compared with the test files of that kind; a
count whose files cannot be told apart, or depends on run-time data, is unverifiable. Coverage
claims are decided by coverage reports when present (metadata.json is read by IV700).
"""

from __future__ import annotations

from claims.model import Claim
from verifier.checks.base import CONTRADICTED, SUPPORTED, Check, CheckContext, Outcome, unverifiable
from verifier.model import Evidence


def process_facts(ctx: CheckContext):  # -> verifier.process.ProcessFacts (imported only when needed)
    """Read once per task (the task object carries the result)."""
    cached = getattr(ctx.task, "_process_facts", None)
    if cached is None:
        from verifier.process import read_process_facts

        cached = read_process_facts(ctx.task.root, ctx.task.warnings)
        ctx.task._process_facts = cached  # type: ignore[attr-defined]
    return cached


class TestsRunCheck(Check):
    id = "IV760"
    name = "tests declared"
    concepts = ("tests.count",)
    needs_artifacts = False

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        facts = process_facts(ctx)
        inventory = facts.tests
        if not inventory.files:
            return unverifiable("the task folder has no test files")
        kind = claim.extra.get("kind")
        if kind not in (None, "unit", "integration"):
            return unverifiable(f"{kind} tests are not told apart here")
        totals = inventory.totals(kind)
        if kind and totals.files == 0:
            return unverifiable(f"no test file is recognisable as {kind} (names and folders do not say)")
        files = [f for f in inventory.files if kind is None or f.kind == kind]
        evidence = [Evidence(f.path, f.tests[0].line if f.tests else None, None, None, f"{f.count} tests") for f in files[:5]]
        if not totals.exact:
            return unverifiable("the number of tests depends on data known only when they run", totals.total)
        expected = int(claim.expected)
        holds = totals.total >= expected if claim.extra.get("at_least") else totals.total == expected
        return Outcome(SUPPORTED if holds else CONTRADICTED, totals.total, evidence,
                       "" if holds else f"{totals.total} {kind or ''} tests declared in {totals.files} file(s)".replace("  ", " "))
