"""Arithmetic of the benchmark's matching and scoring (bench/scoring.py) on hand-made inputs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Works from bench/ and after a move to tests/: both sit one level under the repo root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from scoring import (  # noqa: E402
    NO_CLAIM,
    claim_problems,
    claim_scores,
    flag_scores,
    flagged_lines,
    match_labels,
)

LINES = [
    "# Report",                                              # line 1
    "Lambda has 256 MB memory and a 30 s timeout.",          # line 2
    "KMS key rotation is enabled.",                          # line 3
    "The model used BillingMode: PROVISIONED.",              # line 4
]


def label(line: int, quote: str, verdict: str, scope: str = "final") -> dict:
    return {"task": "t/1", "line": line, "quote": quote, "verdict": verdict, "scope": scope}


def claim(line: int, quote: str, verdict: str, column: int | None = None) -> dict:
    col = LINES[line - 1].find(quote) if column is None else column
    return {"line": line, "column": col, "quote": quote, "verdict": verdict}


def test_overlapping_claim_is_matched_and_other_claims_on_line_are_not() -> None:
    memory = claim(2, "256 MB memory", "supported")
    timeout = claim(2, "30 s timeout", "contradicted")
    matches = match_labels([label(2, "30 s timeout", "contradicted")], [memory, timeout], LINES)
    assert matches[0].claim is timeout
    assert matches[0].overlap == len("30 s timeout")
    assert not matches[0].fallback


def test_no_overlap_means_no_claim() -> None:
    matches = match_labels([label(2, "30 s timeout", "supported")], [claim(2, "256 MB", "supported")], LINES)
    assert matches[0].claim is None
    assert matches[0].tool_verdict == NO_CLAIM


def test_claim_on_another_line_is_not_matched() -> None:
    matches = match_labels([label(3, "rotation", "supported")], [claim(2, "256 MB", "supported", column=0)], LINES)
    assert matches[0].claim is None


def test_definite_verdict_preferred_over_larger_overlap() -> None:
    wide = claim(2, "Lambda has 256 MB memory", "unverifiable")
    narrow = claim(2, "256 MB", "supported")
    matches = match_labels([label(2, "Lambda has 256 MB memory", "supported")], [wide, narrow], LINES)
    assert matches[0].claim is narrow


def test_largest_overlap_wins_among_definite() -> None:
    small = claim(2, "256", "contradicted")
    large = claim(2, "256 MB memory", "supported")
    matches = match_labels([label(2, "256 MB memory", "supported")], [small, large], LINES)
    assert matches[0].claim is large
    assert matches[0].overlap == 13


def test_quote_missing_from_line_falls_back_to_any_claim_on_line() -> None:
    anywhere = claim(3, "rotation", "supported")
    matches = match_labels([label(3, "rotation enabled", "supported")], [anywhere], LINES)
    assert matches[0].claim is anywhere
    assert matches[0].fallback


def test_flag_scores_arithmetic() -> None:
    tool = {("a", 1), ("a", 2), ("b", 5)}
    labels = {("a", 2), ("b", 5), ("b", 7), ("c", 1)}
    scores = flag_scores(tool, labels)
    assert (scores.tp, scores.fp, scores.fn) == (2, 1, 2)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert scores.false_positives == [("a", 1)]
    assert scores.false_negatives == [("b", 7), ("c", 1)]


def test_flag_scores_empty_sets_are_undefined_not_zero_division() -> None:
    scores = flag_scores(set(), {("a", 1)})
    assert scores.precision is None and scores.recall == 0.0 and scores.f1 is None


def test_flagged_lines_uses_any_contradicted_item_on_the_line() -> None:
    items = [claim(2, "256 MB", "supported"), claim(2, "30 s", "contradicted"), claim(3, "KMS", "supported")]
    assert flagged_lines(items, "t/1") == {("t/1", 2)}


def test_claim_recall_verdict_accuracy_and_confusion() -> None:
    labels = [
        label(2, "256 MB memory", "supported"),                    # matched, correct
        label(2, "30 s timeout", "contradicted"),                  # matched, wrong (tool: supported)
        label(3, "KMS key rotation", "supported", scope="model"),  # tool unverifiable: not recalled
        label(4, "BillingMode: PROVISIONED", "contradicted", scope="model"),  # no claim
        label(1, "Report", "unverifiable", scope="process"),       # not definite: ignored by recall
    ]
    claims = [
        claim(2, "256 MB memory", "supported"),
        claim(2, "30 s timeout", "supported"),
        claim(3, "KMS key rotation", "unverifiable"),
    ]
    scores = claim_scores(match_labels(labels, claims, LINES))
    assert scores.definite_labels == 4
    assert scores.matched_definite == 2
    assert scores.correct == 1
    assert scores.claim_recall == pytest.approx(0.5)
    assert scores.verdict_accuracy == pytest.approx(0.5)
    assert scores.confusion["supported"] == {"supported": 1, "contradicted": 0, "unverifiable": 1, NO_CLAIM: 0}
    assert scores.confusion["contradicted"] == {"supported": 1, "contradicted": 0, "unverifiable": 0, NO_CLAIM: 1}
    assert scores.confusion["unverifiable"][NO_CLAIM] == 1
    assert scores.per_scope["final"]["claim_recall"] == 1.0
    assert scores.per_scope["final"]["verdict_accuracy"] == 0.5
    assert scores.per_scope["model"]["claim_recall"] == 0.0
    assert scores.per_scope["model"]["verdict_accuracy"] is None
    assert scores.per_scope["process"]["definite"] == 0


def test_claim_problems_detects_misplaced_quote_and_bad_line() -> None:
    assert claim_problems(claim(2, "256 MB", "supported"), LINES) == []
    assert claim_problems(claim(2, "256 MB", "supported", column=3), LINES) == ["quote '256 MB' not at column 3"]
    assert "outside the report" in claim_problems(claim(2, "x", "supported", column=0) | {"line": 9}, LINES)[0]
    assert claim_problems(claim(3, "KMS", "maybe"), LINES) == ["unknown verdict 'maybe'"]
