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


# Rules whose outcome depends on today's date (runtime deprecation calendars): a report written
# before that date was right to say the template linted clean.
DATE_DEPENDENT_RULES = frozenset({"E2531", "E2533", "W2531", "W2533"})


class LintCheck(Check):
    """"cfn-lint passes" / "template validation passed": cfn-lint is run on the final templates
    (only when such a claim exists: importing it takes about a second)."""

    id = "IV770"
    name = "lint and validation"
    concepts = ("lint.clean",)
    needs_artifacts = False

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        if claim.extra.get("tool") == "terraform":
            return self._terraform(ctx)
        if claim.extra.get("tool") == "terraform-validate":
            return unverifiable("terraform validate, plan and tflint need the providers and are not run; only `terraform fmt -check` is")
        files = sorted({t.file for t in ctx.task.final.templates if t.format in ("yaml", "json")})
        if not files:
            return unverifiable("no CloudFormation template to lint")
        from verifier.process.lint import cfn_lint_errors

        syntax_only = claim.extra.get("tool") == "validate-template"
        problems, evidence = [], []
        for file in files:
            findings = cfn_lint_errors(ctx.task.root / file, ctx.task.root, ctx.task.warnings, [ctx.task.region] if ctx.task.region else None)
            if findings is None:
                return unverifiable(f"{file} could not be linted")
            for finding in findings:
                if finding.rule_id in DATE_DEPENDENT_RULES or syntax_only and not finding.rule_id.startswith(("E0", "E1")):
                    continue
                if finding.rule_id.startswith("E") or claim.extra.get("warnings_too") and finding.rule_id.startswith("W"):
                    problems.append(f"{finding.rule_id} {finding.message[:80]}")
                    evidence.append(Evidence(file, finding.line, None, finding.rule_id, finding.message[:120]))
        if problems:
            return Outcome(CONTRADICTED, problems[:5], evidence[:5], f"cfn-lint reports {len(problems)} finding(s)")
        return Outcome(SUPPORTED, "no findings", [Evidence(f, None, None, None, "cfn-lint: no findings") for f in files[:3]])

    def _terraform(self, ctx: CheckContext) -> Outcome:
        from verifier.process.lint import terraform_fmt_check

        result = terraform_fmt_check(ctx.task.root, ctx.task.warnings)
        if result is None:
            return unverifiable("terraform is not installed here")
        files = list(getattr(result, "files", []) or [])
        if getattr(result, "ok", False):
            return Outcome(SUPPORTED, "formatted", [Evidence(str(ctx.task.root), None, None, None, "terraform fmt -check")])
        return Outcome(CONTRADICTED, files[:5] or "not formatted", [Evidence(f, None, None, None, "terraform fmt -check") for f in files[:5]])


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
        if claim.extra.get("passed_only") and totals.total > expected:
            return unverifiable(f"{totals.total} tests declared; how many passed needs a results file", totals.total)
        holds = totals.total >= expected if claim.extra.get("at_least") else totals.total == expected
        return Outcome(SUPPORTED if holds else CONTRADICTED, totals.total, evidence,
                       "" if holds else f"{totals.total} {kind or ''} tests declared in {totals.files} file(s)".replace("  ", " "))
