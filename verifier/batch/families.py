"""Claim families for the batch summary: a claim's ``concept`` (or, failing that, its check id) -> family name."""

from __future__ import annotations

from typing import Any

# Concept prefixes -> family; a prefix matches the concept itself or ``prefix.*``. Longest prefix wins.
FAMILY_BY_CONCEPT = {
    "snippet": "quoted code",
    "setting": "quoted code",
    "count": "counts",
    "exists": "existence",
    "entity": "named entities",
    "name": "resource names",
    "template": "template-wide",
    "iam": "IAM",
    "sg": "network access",
    "output": "deployment outputs",
    "region": "task facts",
    "metadata": "task facts",
    "tests": "tests & process",
    "coverage": "tests & process",
    "lint": "tests & process",
    "doc": "documentation",
    "report": "report totals",
    "aggregate": "requirements met",
}
# Check ids -> family, for concepts no prefix covers (service settings such as lambda.memory, s3.versioning).
# A claim neither table knows (a new check) counts as "other" until it is added here.
FAMILY_BY_CHECK = {
    "IV100": "settings: values",
    "IV200": "settings: on/off",
    "IV300": "existence",
    "IV400": "named entities",
    "IV450": "template-wide",
    "IV460": "network access",
    "IV500": "quoted code",
    "IV600": "IAM",
    "IV700": "task facts",
    "IV750": "documentation",
    "IV760": "tests & process",
    "IV770": "tests & process",
    "IV780": "deployment outputs",
    "IV800": "report totals",
    "IV900": "requirements met",
}
OTHER = "other"
_PREFIXES = sorted(FAMILY_BY_CONCEPT, key=len, reverse=True)


def family_of(claim: dict[str, Any]) -> str:
    """The family of one claim row of a ``check_task`` result."""
    concept = str(claim.get("concept") or "")
    for prefix in _PREFIXES:
        if concept == prefix or concept.startswith(prefix + "."):
            return FAMILY_BY_CONCEPT[prefix]
    return FAMILY_BY_CHECK.get(str(claim.get("check") or ""), OTHER)
