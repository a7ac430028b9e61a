"""The pass/fail gate over a check's claims: which verdicts fail it, what counts, the summary and exit code.

A claim counts toward the gate when it is not suppressed and its confidence is at least
``min_confidence``; the gate fails when a counted claim has a verdict ``FAILING_VERDICTS[fail_on]``
names. Suppressed claims count neither in the gate nor in the verdict summary.
"""

from __future__ import annotations

from typing import Any

EXIT_OK, EXIT_GATE_FAILED, EXIT_ERROR = 0, 1, 2
VERDICTS = ("supported", "contradicted", "unverifiable")
FAILING_VERDICTS: dict[str, tuple[str, ...]] = {
    "contradicted": ("contradicted",),
    "unverifiable": ("contradicted", "unverifiable"),
    "never": (),
}
FAIL_ON = tuple(FAILING_VERDICTS)


def counts(row: dict[str, Any], min_confidence: float) -> bool:
    """True when the claim takes part in the gate: not suppressed and confident enough."""
    return not row.get("suppressed") and float(row.get("confidence", 1.0)) >= min_confidence


def evaluate(rows: list[dict[str, Any]], fail_on: str = "contradicted", min_confidence: float = 0.0) -> dict[str, Any]:
    """Mark each claim ``below_min_confidence`` and return the gate's outcome for the JSON result."""
    failing_verdicts = FAILING_VERDICTS[fail_on]
    failing = below = 0
    for row in rows:
        row["below_min_confidence"] = float(row.get("confidence", 1.0)) < min_confidence
        below += row["below_min_confidence"] and not row.get("suppressed")
        failing += counts(row, min_confidence) and row["verdict"] in failing_verdicts
    return {"fail_on": fail_on, "min_confidence": min_confidence, "failing": failing, "below_min_confidence": below,
            "failed": failing > 0}


def regate(result: dict[str, Any], fail_on: str | None = None, min_confidence: float | None = None) -> dict[str, Any]:
    """Re-evaluate the gate of a ``check_task`` result under another policy (e.g. a batch-wide flag)."""
    gate = result.get("gate") or {}
    fail_on = fail_on or gate.get("fail_on", "contradicted")
    min_confidence = gate.get("min_confidence", 0.0) if min_confidence is None else min_confidence
    result["gate"] = evaluate(result["claims"], fail_on, min_confidence)
    return result


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Verdict counts, overall and per scope, of the claims that are not suppressed; ``suppressed`` counts the rest."""
    counted = {verdict: 0 for verdict in VERDICTS}
    by_scope: dict[str, dict[str, int]] = {}
    suppressed = 0
    for row in rows:
        if row.get("suppressed"):
            suppressed += 1
            continue
        counted[row["verdict"]] += 1
        scope = by_scope.setdefault(row["scope"], {verdict: 0 for verdict in VERDICTS})
        scope[row["verdict"]] += 1
    return {"claims": len(rows) - suppressed, **counted, "by_scope": by_scope, "suppressed": suppressed}


def exit_code(results: list[dict[str, Any]]) -> int:
    """1 when the gate of any result failed, else 0 (input errors, 2, are the caller's)."""
    return EXIT_GATE_FAILED if any((r.get("gate") or {}).get("failed") for r in results) else EXIT_OK
