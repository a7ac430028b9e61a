"""Dispatch each claim to its check, against the artifacts its scope names.

``final`` claims are checked against the task's templates, ``model`` claims against the
templates quoted in MODEL_RESPONSE.md; a claim whose scope only defaulted to ``final`` is
checked against both sides when both exist, and stays unverifiable when the sides disagree.
Aggregate claims ("all requirements met") are decided last, from the other verdicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from claims.language import tense_side
from claims.markdown_reader import Report
from claims.model import Claim
from verifier import confidence
from verifier.checks import deployment
from verifier.checks.aggregate import AggregateCheck
from verifier.checks.base import UNVERIFIABLE, Check, CheckContext, Outcome, unverifiable
from verifier.checks.code_calls import CodeCallCheck
from verifier.checks.documentation import DocumentationCheck
from verifier.checks.entity import EntityCheck
from verifier.checks.existence import ExistenceCheck
from verifier.checks.iam import IamCheck
from verifier.checks.property_value import PropertyValueCheck
from verifier.checks.quoted_code import QuotedCodeCheck, anchor_blocks
from verifier.checks.report_totals import ReportTotalsCheck
from verifier.checks.security_group import SecurityGroupCheck
from verifier.checks.setting_toggle import SettingToggleCheck
from verifier.checks.task_facts import TaskFactsCheck
from verifier.checks.template_wide import TemplateWideCheck
from verifier.checks.tests_run import LintCheck, TestsRunCheck
from verifier.model import ArtifactSet, Evidence
from verifier.task import Task

CHECKS: tuple[Check, ...] = (
    PropertyValueCheck(), SettingToggleCheck(), ExistenceCheck(), EntityCheck(), QuotedCodeCheck(),
    IamCheck(), SecurityGroupCheck(), CodeCallCheck(), TaskFactsCheck(), ReportTotalsCheck(), TemplateWideCheck(), DocumentationCheck(), TestsRunCheck(), LintCheck(), AggregateCheck(),
)


@dataclass
class Finding:
    claim: Claim
    outcome: Outcome
    check: str

    def to_dict(self) -> dict[str, Any]:
        data = self.claim.to_dict()
        evidence = [e.to_dict() for e in self.outcome.evidence]
        data.update(
            verdict=self.outcome.verdict,
            actual=self.outcome.actual,
            evidence=evidence[0] if evidence else {"file": None, "line": None, "resource": None, "path": None, "note": None},
            evidence_all=evidence,
            reason=self.outcome.reason,
            check=self.check,
        )
        features = confidence.basis(self.claim, self.outcome, self.check)
        data.update(confidence=confidence.score(features), confidence_basis=features)
        return data


def check_for(concept: str) -> Check | None:
    for check in CHECKS:
        if check.handles(concept):
            return check
    return None


def _sides(claim: Claim, task: Task) -> list[tuple[ArtifactSet, ArtifactSet]]:
    if claim.scope == "model":
        return [(task.model, task.final)]
    if claim.scope == "final" and claim.scope_basis == "default" and not task.model.empty:
        return [(task.final, task.model), (task.model, task.final)]
    return [(task.final, task.model)]


def _run(check: Check, claim: Claim, ctx: CheckContext, warnings: list[str]) -> Outcome:
    try:
        return check.run(claim, ctx)
    except Exception as exc:  # a check must never take the run down
        warnings.append(f"{claim.report}:{claim.line}: check {check.id} failed on this claim ({type(exc).__name__}: {exc})")
        return unverifiable(f"internal error in check {check.id}")


ABSENCE_ACTUALS = ("none", "absent", "not granted", "not attached")


def _incomplete(outcome: Outcome, artifacts: ArtifactSet, claim: Claim) -> Outcome:
    """A verdict resting on something's absence, or on a count, is not safe when some of the
    side's files could not be read."""
    if not artifacts.unread or outcome.verdict == UNVERIFIABLE:
        return outcome
    rests_on_absence = outcome.actual in ABSENCE_ACTUALS or claim.concept.startswith("count.")
    if outcome.verdict == "contradicted" and rests_on_absence or outcome.verdict == "supported" and outcome.actual in ABSENCE_ACTUALS:
        return unverifiable(f"{', '.join(artifacts.unread[:3])} could not be read; the rest of the code alone cannot decide this", outcome.actual)
    return outcome


DEPLOYMENT = deployment.DeploymentOutputsCheck()
CODE_COUNTS = ("count.outputs", "count.parameters", "count.exists.")  # counts of the code, whatever heading they sit under
DEPLOYMENT_WORDS = re.compile(r"\b(?:created|deployed|provisioned|succeeded|successfully)\b", re.I)


def decide(claim: Claim, task: Task, report: Report | None, decided: list[tuple[Claim, Outcome]], warnings: list[str]) -> Finding:
    if deployment.applies(claim, task):
        return Finding(claim, _run(DEPLOYMENT, claim, CheckContext(task, task.final, task.model, report, decided), warnings), DEPLOYMENT.id)
    check = check_for(claim.concept)
    if check is None:
        return Finding(claim, unverifiable(f"no check for claims about {claim.concept}"), "")
    if not check.needs_artifacts:
        return Finding(claim, _run(check, claim, CheckContext(task, task.final, task.model, report, decided), warnings), check.id)
    if claim.scope == "process" and claim.scope_basis in ("heading", "label", "lead-in") and claim.concept.startswith(CODE_COUNTS) \
            and not DEPLOYMENT_WORDS.search(claim.text):
        claim.scope, claim.scope_basis = "final", "topic"  # "exposes nine outputs" under a Testing heading is about the code
    if claim.scope in ("process", "report"):
        return Finding(claim, unverifiable(f"a {claim.scope} claim; the code cannot decide it"), check.id)
    outcomes = []
    for artifacts, other in _sides(claim, task):
        if artifacts.empty:
            source = task.model_answer_file or "MODEL_RESPONSE.md" if artifacts.label == "model" else "the task folder"
            outcomes.append(unverifiable(f"no {artifacts.label} template found in {source}"))
            continue
        outcome = _run(check, claim, CheckContext(task, artifacts, other, report, decided), warnings)
        outcomes.append(_incomplete(outcome, artifacts, claim))
    outcome = outcomes[0]
    if len(outcomes) == 2:
        final, model = outcomes
        if final.verdict != UNVERIFIABLE and model.verdict != UNVERIFIABLE and final.verdict != model.verdict and model.actual == "none":
            outcome = final  # the model's answer has nothing of the kind: the report speaks of the final code
        elif final.verdict != UNVERIFIABLE and model.verdict != UNVERIFIABLE and final.verdict != model.verdict \
                and (side := tense_side(claim.text, max(0, claim.text.find(claim.quote)))):
            outcome = final if side == "final" else model  # "the group runs ...": the code as it is; "the bucket had ...": the model's
            claim.scope, claim.scope_basis = side, "tense"
        elif final.verdict != UNVERIFIABLE and model.verdict != UNVERIFIABLE and final.verdict != model.verdict:
            outcome = unverifiable(f"the report does not say which side it means: {final.verdict} for the final code, {model.verdict} for the model's answer", final.actual)
            outcome.evidence = final.evidence + model.evidence
    return Finding(claim, outcome, check.id)


def verify(claims: list[Claim], task: Task, report: Report | None, warnings: list[str]) -> list[Finding]:
    anchor_blocks(claims, task.final, task.model)
    decided: list[tuple[Claim, Outcome]] = []
    findings: dict[int, Finding] = {}
    ordered = sorted(range(len(claims)), key=lambda i: claims[i].concept.startswith("aggregate"))
    for index in ordered:
        finding = decide(claims[index], task, report, decided, warnings)
        decided.append((claims[index], finding.outcome))
        findings[index] = finding
    _note_document_drift([findings[i] for i in range(len(claims))], task, report, warnings)
    return [findings[i] for i in range(len(claims))]


def _note_document_drift(findings: list[Finding], task: Task, report: Report | None, warnings: list[str]) -> None:
    """A final-code claim the files contradict but IDEAL_RESPONSE.md's code supports: the verdict
    follows the files, and the evidence says where the document differs."""
    candidates = [f for f in findings if f.outcome.verdict == "contradicted" and f.claim.scope == "final"
                  and f.check and check_for(f.claim.concept) is not None and check_for(f.claim.concept).needs_artifacts]
    if not candidates:
        return
    from verifier.drift import document_templates

    file, document = document_templates(task)
    if file is None or document.empty:
        return
    for finding in candidates:
        check = check_for(finding.claim.concept)
        assert check is not None
        outcome = _run(check, finding.claim, CheckContext(task, document, task.model, report, []), warnings)
        if outcome.verdict == "supported":
            where = outcome.evidence[0] if outcome.evidence else None
            note = f"{file} has it ({where.where() if where else file}): the document differs from the files"
            finding.outcome.evidence.append(where or Evidence(file))
            finding.outcome.evidence[-1].note = note
            finding.outcome.reason = (finding.outcome.reason + "; " if finding.outcome.reason else "") + note
