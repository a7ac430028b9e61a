"""The claim: one concrete, checkable statement read from a report.

A claim is plain data. It says *what* is asserted (a concept such as ``lambda.memory``, an
expected value with its unit, a polarity), *about what* (a subject: a service, a resource type,
a named resource), *of which artifact* (its scope: the final code, the model's original answer,
the process, or the report itself) and *where* it was read (report line and column span).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCOPES = ("final", "model", "process", "report")


@dataclass
class Subject:
    """What a claim is about; every field is optional and narrows the search."""

    service: str | None = None  # vocabulary service key, e.g. "lambda", "dynamodb"
    name: str | None = None  # a logical id, resource name or parameter named in the text
    resource_types: tuple[str, ...] = ()  # explicit CloudFormation types, when known

    def to_dict(self) -> dict[str, Any]:
        return {"service": self.service, "name": self.name, "resource_types": list(self.resource_types)}


@dataclass
class Claim:
    """A typed claim with its provenance in the report."""

    report: str  # report path, relative to the task folder
    line: int  # 1-based line in the report
    text: str  # the sentence or list item the claim was read from
    quote: str  # the exact substring of the line that carries the claim
    concept: str  # e.g. "lambda.memory", "resource.exists", "snippet.value"
    expected: Any = None  # canonical expected value (int, str, bool, list, ...)
    unit: str | None = None  # canonical unit of ``expected`` ("MB", "s", "days", ...)
    polarity: bool = True  # False when the report says the thing is absent / disabled
    scope: str = "final"
    scope_basis: str = "default"  # what decided the scope: "sentence", "label", "heading", "lead-in", "topic", "tense", "default"
    subject: Subject = field(default_factory=Subject)
    quantifier: str = "any"  # "any": some matching resource; "all": every one ("both", "all", "each")
    column: int = 0  # 0-based start of ``quote`` in the line
    extra: dict[str, Any] = field(default_factory=dict)  # family-specific details

    def to_dict(self) -> dict[str, Any]:
        return {
            "report": self.report,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "quote": self.quote,
            "concept": self.concept,
            "expected": self.expected,
            "unit": self.unit,
            "polarity": self.polarity,
            "scope": self.scope,
            "scope_basis": self.scope_basis,
            "subject": self.subject.to_dict(),
            "quantifier": self.quantifier,
        }
