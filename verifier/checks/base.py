"""The shape every check shares: metadata up front, one ``run`` per claim, an ``Outcome``.

Like checkov's checks, each module under ``verifier/checks`` holds one check class that names
its id, the claim concepts it decides and what it looks at; the engine dispatches on concept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from claims.markdown_reader import Report
from claims.model import Claim
from verifier.model import ArtifactSet, Evidence, Resource, Unresolved
from verifier.paths import path_text
from verifier.task import Task

SUPPORTED, CONTRADICTED, UNVERIFIABLE = "supported", "contradicted", "unverifiable"


@dataclass
class Outcome:
    verdict: str
    actual: Any = None
    evidence: list[Evidence] = field(default_factory=list)
    reason: str = ""


@dataclass
class CheckContext:
    task: Task
    artifacts: ArtifactSet  # what the claim's scope is checked against
    other: ArtifactSet  # the other side (model <-> final), for "exists elsewhere" reasoning
    report: Report | None = None
    decided: list[tuple[Claim, Outcome]] = field(default_factory=list)  # earlier verdicts, for aggregates


class Check:
    """Base class: subclasses set the metadata and implement ``run``."""

    id = "IV000"
    name = ""
    concepts: tuple[str, ...] = ()  # exact concept ids, or prefixes ending with "*"
    needs_artifacts = True  # False for checks on the task or the report itself

    def handles(self, concept: str) -> bool:
        return any(concept == c or (c.endswith("*") and concept.startswith(c[:-1])) for c in self.concepts)

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:  # pragma: no cover - interface
        raise NotImplementedError


def unverifiable(reason: str, actual: Any = None) -> Outcome:
    return Outcome(UNVERIFIABLE, actual, [], reason)


def evidence_for(resource: Resource, path: tuple[Any, ...] | None = None, note: str | None = None) -> Evidence:
    """Where a resource's property was read; Terraform and CDK resources name it natively."""
    if path:
        line = resource.line_of(tuple(p for p in path if p != "@definition")) if path[0] != "Definition" else resource.line_of(("DefinitionString",)) or resource.line_of(("Definition",))
        file = resource.path_files.get(tuple(path), resource.file)
        text = resource.native_paths.get(tuple(path)) or path_text(path)
        return Evidence(file, line, resource.logical_id, text, note)
    return Evidence(resource.file, resource.line, resource.logical_id, None, note)


def show(value: Any) -> Any:
    """JSON-friendly form of a template value."""
    if isinstance(value, Unresolved):
        return value.text
    if isinstance(value, dict):
        return {k: show(v) for k, v in value.items()}
    if isinstance(value, list):
        return [show(v) for v in value]
    return value


def active(resources: list[Resource]) -> list[Resource]:
    """Resources a claim may speak of. A resource under a Condition still counts: reports describe
    conditional resources ("a DLQ in production"); only counts look at conditions."""
    return list(resources)


# Resources the CDK framework adds on its own (custom-resource providers, the log-retention and
# bucket-notification handlers, AwsCustomResource's singleton): reports about "every function" or
# "the function's memory" mean the app's own; counts still include them.
FRAMEWORK_MADE = re.compile(
    r"^(?:Custom[A-Za-z0-9]*CustomResourceProvider(?:Handler|Role)[0-9A-F]{0,8}|LogRetention[0-9a-f]{32}(?:ServiceRole\w*)?|"
    r"AWS[0-9a-f]{32}(?:ServiceRole\w*)?|BucketNotificationsHandler[0-9a-f]{32}\w*|SingletonLambda[0-9a-f]{32}\w*)$")


def own(resources: list[Resource]) -> list[Resource]:
    """The resources the app's code declares, leaving out what the CDK framework added (all of
    them when nothing else is there)."""
    declared = [r for r in resources if not FRAMEWORK_MADE.match(r.logical_id.rsplit(".", 1)[-1])]
    return declared or list(resources)


def normalize_name(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def filter_by_name(resources: list[Resource], name: str | None) -> list[Resource]:
    """Resources whose logical id or a *Name property contains ``name`` (letters and digits only)."""
    if not name:
        return resources
    wanted = normalize_name(name)
    if not wanted:
        return resources
    chosen = []
    for resource in resources:
        names = [resource.logical_id] + [str(show(v)) for k, v in resource.properties.items() if isinstance(k, str) and (k.endswith("Name") or k.endswith("Identifier"))]
        if any(wanted in normalize_name(n.split("${")[0]) or wanted == normalize_name(n) for n in names):
            chosen.append(resource)
    return chosen
