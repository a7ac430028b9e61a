"""Project words added to the vocabulary for one run (``[tool.iac-verify.vocabulary]`` in the configuration).

A project names things its own way: "the ledger" for its DynamoDB table, "the worker" for its
Lambda function, "event archive" for ``AWS::Events::Archive``. An ``Extension`` holds such words;
``extended(extension)`` makes them active for the code run inside it (a context variable, so
threads and concurrent runs do not see each other's words), and the extractors ask
``services()`` / ``existence_concepts()`` for the tables with the active words merged in.
Configured words are literal phrases (not regular expressions), matched case-insensitively as
whole words, with an optional plural ending.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from claims.vocabulary import EXISTENCE_CONCEPTS, SERVICES, ExistenceConcept

RESOURCE_TYPE = re.compile(r"^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$")
RESOURCE_CONCEPT_PREFIX = "exists.vocabulary."


@dataclass(frozen=True)
class Extension:
    """Extra words: phrases naming a known service, and phrases naming CloudFormation resource types."""

    services: tuple[tuple[str, str], ...] = ()  # (phrase, service key of claims.vocabulary.SERVICES)
    resources: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (phrase, resource types)

    def __bool__(self) -> bool:
        return bool(self.services or self.resources)


NONE = Extension()
_ACTIVE: ContextVar[Extension] = ContextVar("iac_verify_vocabulary", default=NONE)


def literal_phrase(words: str) -> str:
    """A configured phrase as a pattern: its words literally, any spacing between them, an optional plural."""
    return r"\s+".join(re.escape(word) for word in words.split()) + r"(?:s|es)?"


def resource_concept_id(phrase: str) -> str:
    """The existence concept id of a configured resource phrase ("event archive" -> exists.vocabulary.event_archive)."""
    return RESOURCE_CONCEPT_PREFIX + "_".join(re.findall(r"[a-z0-9]+", phrase.lower()))


def active() -> Extension:
    """The extension in force for the running check (empty outside ``extended``)."""
    return _ACTIVE.get()


@contextmanager
def extended(extension: Extension) -> Iterator[None]:
    """Run the enclosed code with ``extension``'s words added to the vocabulary."""
    token = _ACTIVE.set(extension)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def services(extension: Extension | None = None) -> dict[str, tuple[str, ...]]:
    """``SERVICES`` with the configured phrases first (a project's own words are the most specific)."""
    extension = active() if extension is None else extension
    if not extension.services:
        return SERVICES
    merged = dict(SERVICES)
    for phrase, service in extension.services:
        merged[service] = (literal_phrase(phrase), *merged.get(service, ()))
    return merged


def existence_concepts(extension: Extension | None = None) -> tuple[ExistenceConcept, ...]:
    """The existence concepts, the configured resource phrases first."""
    extension = active() if extension is None else extension
    extra = tuple(ExistenceConcept(resource_concept_id(phrase), (literal_phrase(phrase),), types)
                  for phrase, types in extension.resources)
    return extra + EXISTENCE_CONCEPTS


def existence_concept(concept_id: str) -> ExistenceConcept | None:
    """The existence concept with this id, a configured one included."""
    return next((c for c in existence_concepts() if c.id == concept_id), None)
