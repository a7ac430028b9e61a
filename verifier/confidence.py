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

# -- derived by bench/calibrate_confidence.py (406 matched claims from 11 tasks) --
VERDICT_PRECISION: dict[str, float] = {
    'contradicted': 0.926,
    'supported': 0.973,
    'unverifiable': 0.36,
}
CHECK_PRECISION: dict[tuple[str, str], float] = {
    ('', 'unverifiable'): 0.343,
    ('IV100', 'contradicted'): 0.945,
    ('IV100', 'supported'): 0.961,
    ('IV200', 'contradicted'): 0.954,
    ('IV200', 'supported'): 0.981,
    ('IV200', 'unverifiable'): 0.39,
    ('IV300', 'contradicted'): 0.888,
    ('IV300', 'supported'): 0.967,
    ('IV400', 'supported'): 0.98,
    ('IV400', 'unverifiable'): 0.343,
    ('IV450', 'contradicted'): 0.93,
    ('IV450', 'supported'): 0.975,
    ('IV500', 'contradicted'): 0.941,
    ('IV500', 'supported'): 0.969,
    ('IV500', 'unverifiable'): 0.288,
    ('IV600', 'contradicted'): 0.917,
    ('IV600', 'supported'): 0.984,
    ('IV600', 'unverifiable'): 0.343,
    ('IV700', 'contradicted'): 0.947,
    ('IV700', 'supported'): 0.984,
    ('IV700', 'unverifiable'): 0.39,
    ('IV750', 'contradicted'): 0.871,
    ('IV750', 'supported'): 0.984,
    ('IV750', 'unverifiable'): 0.313,
    ('IV760', 'contradicted'): 0.93,
    ('IV760', 'supported'): 0.974,
    ('IV760', 'unverifiable'): 0.455,
    ('IV770', 'supported'): 0.974,
    ('IV780', 'contradicted'): 0.936,
    ('IV780', 'supported'): 0.979,
    ('IV800', 'contradicted'): 0.933,
    ('IV800', 'supported'): 0.983,
    ('IV900', 'contradicted'): 0.945,
    ('IV900', 'unverifiable'): 0.343,
}
SCOPE_BASIS_FACTOR: dict[tuple[str, str], float] = {
    ('default', 'contradicted'): 1.021,
    ('default', 'supported'): 0.985,
    ('default', 'unverifiable'): 0.952,
    ('heading', 'contradicted'): 1.019,
    ('heading', 'supported'): 0.958,
    ('heading', 'unverifiable'): 1.035,
    ('label', 'contradicted'): 0.946,
    ('label', 'supported'): 1.017,
    ('label', 'unverifiable'): 0.909,
    ('lead-in', 'contradicted'): 1.033,
    ('lead-in', 'supported'): 1.022,
    ('lead-in', 'unverifiable'): 0.87,
    ('sentence', 'contradicted'): 0.99,
    ('sentence', 'supported'): 1.013,
    ('sentence', 'unverifiable'): 0.876,
    ('topic', 'contradicted'): 1.025,
    ('topic', 'supported'): 1.015,
    ('topic', 'unverifiable'): 1.264,
}
SERVICE_DEFAULT_FACTOR: dict[str, float] = {
    'contradicted': 1.037,
    'supported': 1.016,
}
PINNED_FACTOR: dict[str, float] = {
    'contradicted': 1.023,
    'supported': 0.98,
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
