"""IV780 — claims about a deployment, against the stack outputs saved in the task folder
(``cfn-outputs/flat-outputs.json`` and friends): outputs named or counted, an output's value,
the region deployed to (read from the ARNs and endpoints among the values) and deployed resource
names. It applies to ``process``-scope claims ("the deployed stack exports 6 outputs"), and to region
claims that speak of deploying, and only when the folder holds outputs; otherwise the claim goes to the check of its concept as usual.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from claims.model import Claim
from verifier import safe_files
from verifier.checks.base import (
    CONTRADICTED,
    SUPPORTED,
    Check,
    CheckContext,
    Outcome,
    normalize_name,
    unverifiable,
)
from verifier.model import Evidence
from verifier.task import Task

REGION_IN_VALUE = re.compile(
    r"arn:aws[\w-]*:[a-z0-9-]+:((?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\d):"
    r"|[./]((?:us|eu|ap|sa|ca|me|af|il|mx|cn)-[a-z]+-\d)\.(?:[a-z0-9-]+\.)*amazonaws\.com"
)

# Words an output key uses for the resource a service's name claim is about ("BucketName").
NAME_KEY_WORDS: dict[str, tuple[str, ...]] = {
    "s3": ("bucket",), "dynamodb": ("table",), "sqs": ("queue",), "sns": ("topic",),
    "lambda": ("function", "lambda"), "kms": ("key",), "rds": ("db", "database", "cluster", "instance"),
    "ecs": ("cluster", "service"), "logs": ("loggroup", "log"), "sfn": ("statemachine",),
    "secretsmanager": ("secret",), "apigateway": ("api",), "ecr": ("repository", "repo"),
    "kinesis": ("stream",), "cloudwatch": ("dashboard", "alarm"), "iam": ("role",),
}

DEPLOY_WORD = re.compile(r"\bdeploy(?:ed|ment|s|ing)?\b", re.I)
CONCEPTS = ("entity.exists", "count.outputs", "output.value", "region", "name")


def deployment_outputs(task: Task) -> dict[str, Any]:
    """The task's deployment outputs (name -> ``OutputValue``), read once per task."""
    cached = getattr(task, "_deployment_outputs", None)
    if cached is None:
        from verifier.process.outputs import read_outputs

        cached = read_outputs(task.root, task.warnings)
        task._deployment_outputs = cached  # type: ignore[attr-defined]
    return cached


def applies(claim: Claim, task: Task) -> bool:
    """A process claim of a concept this check decides, in a folder that holds deployment outputs."""
    if claim.concept == "region" and DEPLOY_WORD.search(claim.text):
        return bool(_regions(deployment_outputs(task)))
    if claim.scope != "process" or claim.concept not in CONCEPTS:
        return False
    if claim.concept == "entity.exists" and claim.extra.get("kind") != "output":
        return False
    outputs = deployment_outputs(task)
    if claim.concept == "region":
        return bool(_regions(outputs))
    return bool(outputs)


def _regions(outputs: dict[str, Any]) -> Counter[str]:
    found: Counter[str] = Counter()
    for output in outputs.values():
        for m in REGION_IN_VALUE.finditer(str(output.value)):
            found[m.group(1) or m.group(2)] += 1
    return found


def _evidence(task: Task, name: str, output: Any, note: str | None = None) -> Evidence:
    """The output's file and the line its key is on."""
    line = None
    try:
        text = safe_files.read_text(task.root, task.root / output.path)
        at = text.find(f'"{name}"')
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
    except (OSError, safe_files.FileRefused):
        pass
    return Evidence(output.path, line, None, name, note)


def _find(outputs: dict[str, Any], name: str) -> str | None:
    wanted = normalize_name(name)
    for key in outputs:
        if key == name or normalize_name(key) == wanted:
            return key
    return None


def _same_value(expected: str, value: Any) -> bool:
    return str(expected).strip().rstrip("/") == str(value).strip().rstrip("/")


class DeploymentOutputsCheck(Check):
    id = "IV780"
    name = "deployment outputs"
    concepts = CONCEPTS
    needs_artifacts = False

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        task = ctx.task
        outputs = deployment_outputs(task)
        files = ", ".join(sorted({o.path for o in outputs.values()})) or "cfn-outputs"
        if claim.concept == "count.outputs":
            verdict = SUPPORTED if len(outputs) == claim.expected else CONTRADICTED
            return Outcome(verdict, len(outputs), [Evidence(files, note=f"{len(outputs)} deployed outputs")])
        if claim.concept == "region":
            regions = _regions(outputs)
            verdict = SUPPORTED if claim.expected in regions else CONTRADICTED
            actual = ", ".join(r for r, _ in regions.most_common())
            return Outcome(verdict, actual, [Evidence(files, note=f"regions in the deployed outputs' ARNs and endpoints: {actual}")])
        if claim.concept == "entity.exists":
            key = _find(outputs, str(claim.expected))
            if key is not None:
                return Outcome(SUPPORTED if claim.polarity else CONTRADICTED, key, [_evidence(task, key, outputs[key])])
            return Outcome(CONTRADICTED if claim.polarity else SUPPORTED, "absent",
                           [Evidence(files, note=f"not among the {len(outputs)} deployed outputs")])
        if claim.concept == "output.value":
            key = _find(outputs, str(claim.subject.name or ""))
            if key is None:
                return unverifiable(f"no deployed output named {claim.subject.name}")
            value = outputs[key].value
            verdict = SUPPORTED if _same_value(claim.expected, value) else CONTRADICTED
            return Outcome(verdict, value, [_evidence(task, key, outputs[key])])
        return _deployed_name(claim, task, outputs)


def _deployed_name(claim: Claim, task: Task, outputs: dict[str, Any]) -> Outcome:
    """A concrete deployed name is supported when an output holds it (alone, or as the last part of
    an ARN or URL); contradicted when the output named for that kind of resource holds another."""
    name = str(claim.expected)
    if "${" in name or not name:
        return unverifiable("the name has placeholders; deployed outputs hold concrete names")
    for key, output in outputs.items():
        value = str(output.value)
        if value == name or re.search(r"[:/]" + re.escape(name) + r"(?:$|[/:?])", value):
            return Outcome(SUPPORTED, value, [_evidence(task, key, output)])
    words = NAME_KEY_WORDS.get(claim.subject.service or "", ())
    named = [k for k in outputs if any(w in k.lower() for w in words) and k.lower().endswith("name")]
    if len(named) == 1:
        key = named[0]
        return Outcome(CONTRADICTED, outputs[key].value, [_evidence(task, key, outputs[key])])
    return unverifiable(f"no deployed output holds {name}")
