"""How far to trust a verdict: a confidence in [0, 1] per finding, from a table of measured precision.

The confidence of a finding is the observed share of correct verdicts of its kind:

    CHECK_PRECISION[(check id, verdict)]      (VERDICT_PRECISION[verdict] for a check without a row)
      x SCOPE_BASIS_FACTOR[(scope basis, verdict)]   what decided the claim's side: label, heading, ...
      x SERVICE_DEFAULT_FACTOR[verdict]               the evidence is a service default (property absent)
      x PINNED_FACTOR[verdict]                        the claim names the resource it is about

clamped to [FLOOR, CEILING]. The factors are the precision of their group divided by the verdict's
overall precision. Every number is derived by ``bench/calibrate_confidence.py`` from the hand
labels (``../shared/corpus-labels``) and the sample stacks' true verdicts
(``sample_stacks/*/expected.json``): precision of each group, smoothed toward its parent with
``SMOOTHING`` pseudo-claims so that small groups stay near the overall figure. Re-run it after
changing the checks and paste its ``--python`` output here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claims.model import Claim

SMOOTHING = 20  # pseudo-claims at the parent's precision added to every group
FLOOR, CEILING = 0.05, 0.99
DEFAULT_VERDICT_PRECISION = 0.5  # a verdict the table does not know

# -- derived by bench/calibrate_confidence.py (424 matched claims from 11 tasks, 2026-11-22) --
VERDICT_PRECISION: dict[str, float] = {
    'contradicted': 0.93,
    'supported': 0.974,
    'unverifiable': 0.333,
}
CHECK_PRECISION: dict[tuple[str, str], float] = {
    ('', 'unverifiable'): 0.317,
    ('IV100', 'contradicted'): 0.951,
    ('IV100', 'supported'): 0.963,
    ('IV100', 'unverifiable'): 0.303,
    ('IV200', 'contradicted'): 0.956,
    ('IV200', 'supported'): 0.982,
    ('IV200', 'unverifiable'): 0.365,
    ('IV300', 'contradicted'): 0.89,
    ('IV300', 'supported'): 0.968,
    ('IV400', 'supported'): 0.981,
    ('IV400', 'unverifiable'): 0.317,
    ('IV450', 'contradicted'): 0.933,
    ('IV450', 'supported'): 0.976,
    ('IV460', 'contradicted'): 0.936,
    ('IV460', 'supported'): 0.979,
    ('IV500', 'contradicted'): 0.944,
    ('IV500', 'supported'): 0.969,
    ('IV500', 'unverifiable'): 0.266,
    ('IV600', 'contradicted'): 0.92,
    ('IV600', 'supported'): 0.985,
    ('IV600', 'unverifiable'): 0.317,
    ('IV700', 'contradicted'): 0.95,
    ('IV700', 'supported'): 0.984,
    ('IV700', 'unverifiable'): 0.365,
    ('IV750', 'contradicted'): 0.874,
    ('IV750', 'supported'): 0.984,
    ('IV750', 'unverifiable'): 0.29,
    ('IV760', 'contradicted'): 0.933,
    ('IV760', 'supported'): 0.975,
    ('IV760', 'unverifiable'): 0.437,
    ('IV770', 'supported'): 0.975,
    ('IV780', 'contradicted'): 0.939,
    ('IV780', 'supported'): 0.98,
    ('IV800', 'contradicted'): 0.936,
    ('IV800', 'supported'): 0.983,
    ('IV900', 'contradicted'): 0.948,
    ('IV900', 'unverifiable'): 0.317,
}
SCOPE_BASIS_FACTOR: dict[tuple[str, str], float] = {
    ('default', 'contradicted'): 1.023,
    ('default', 'supported'): 0.986,
    ('default', 'unverifiable'): 0.87,
    ('heading', 'contradicted'): 1.018,
    ('heading', 'supported'): 0.959,
    ('heading', 'unverifiable'): 1.046,
    ('label', 'contradicted'): 0.947,
    ('label', 'supported'): 1.016,
    ('label', 'unverifiable'): 0.909,
    ('lead-in', 'contradicted'): 1.031,
    ('lead-in', 'supported'): 1.021,
    ('lead-in', 'unverifiable'): 0.87,
    ('sentence', 'contradicted'): 0.992,
    ('sentence', 'supported'): 1.013,
    ('sentence', 'unverifiable'): 0.885,
    ('topic', 'contradicted'): 1.023,
    ('topic', 'supported'): 1.014,
    ('topic', 'unverifiable'): 1.311,
}
SERVICE_DEFAULT_FACTOR: dict[str, float] = {
    'contradicted': 1.035,
    'supported': 1.015,
    'unverifiable': 0.952,
}
PINNED_FACTOR: dict[str, float] = {
    'contradicted': 1.023,
    'supported': 0.983,
    'unverifiable': 0.952,
}
# -- end of derived table --


def basis(claim: Claim, outcome: Any, check: str) -> dict[str, Any]:
    """The features the table looks at, as they go into the JSON (``confidence_basis``)."""
    owner = claim.extra.get("owner") if isinstance(claim.extra, dict) else None
    owner_name = owner[1] if isinstance(owner, (list, tuple)) and len(owner) == 2 else None
    notes = [getattr(e, "note", None) or "" for e in getattr(outcome, "evidence", [])]
    return {
        "check": check,
        "verdict": outcome.verdict,
        "scope_basis": claim.scope_basis,
        "service_default": any(note.startswith("service default") for note in notes),
        "pinned": bool(claim.subject.name or owner_name),
    }


def rows_of(features: dict[str, Any]) -> list[tuple[str, Any]]:
    """The table rows that apply to a finding: (table name, key)."""
    verdict = features["verdict"]
    applied: list[tuple[str, Any]] = [("CHECK_PRECISION", (features["check"], verdict))]
    applied.append(("SCOPE_BASIS_FACTOR", (features["scope_basis"], verdict)))
    if features.get("service_default"):
        applied.append(("SERVICE_DEFAULT_FACTOR", verdict))
    if features.get("pinned"):
        applied.append(("PINNED_FACTOR", verdict))
    return applied


def score(features: dict[str, Any]) -> float:
    """The confidence of a finding with these features, rounded to two decimals."""
    verdict = features["verdict"]
    value = CHECK_PRECISION.get((features["check"], verdict), VERDICT_PRECISION.get(verdict, DEFAULT_VERDICT_PRECISION))
    value *= SCOPE_BASIS_FACTOR.get((features["scope_basis"], verdict), 1.0)
    if features.get("service_default"):
        value *= SERVICE_DEFAULT_FACTOR.get(verdict, 1.0)
    if features.get("pinned"):
        value *= PINNED_FACTOR.get(verdict, 1.0)
    return round(min(CEILING, max(FLOOR, value)), 2)
