"""Pure scoring functions for the accuracy benchmark (no I/O, stdlib only).

Labels and tool claims are plain dicts as read from the label JSONL files and from the tool's
JSON output. A report line is identified by ``(task, line)`` with 1-based line numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFINITE = ("supported", "contradicted")
VERDICTS = ("supported", "contradicted", "unverifiable")
NO_CLAIM = "no-claim"

Label = dict[str, Any]
Claim = dict[str, Any]
LineKey = tuple[str, int]


@dataclass
class Match:
    """One label and the tool claim chosen for it (``None`` when the tool has none)."""

    task: str
    label: Label
    claim: Claim | None
    overlap: int = 0
    fallback: bool = False  # label quote not found in the line: any claim on the line counts

    @property
    def tool_verdict(self) -> str:
        """The matched claim's verdict, or ``no-claim``."""
        return self.claim.get("verdict", NO_CLAIM) if self.claim else NO_CLAIM


@dataclass
class FlagScores:
    """Report-line level scores of the ``contradicted`` flag."""

    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None
    f1: float | None
    false_positives: list[LineKey] = field(default_factory=list)
    false_negatives: list[LineKey] = field(default_factory=list)


@dataclass
class ClaimScores:
    """Claim recall, verdict accuracy, confusion table and per-scope figures."""

    definite_labels: int
    matched_definite: int
    correct: int
    claim_recall: float | None
    verdict_accuracy: float | None
    confusion: dict[str, dict[str, int]]
    per_scope: dict[str, dict[str, Any]]


def ratio(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator``, or ``None`` when the denominator is 0."""
    return numerator / denominator if denominator else None


def harmonic(p: float | None, r: float | None) -> float | None:
    """F1 of a precision and a recall (``None`` if either is undefined)."""
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def is_definite(verdict: str | None) -> bool:
    """True for ``supported`` and ``contradicted``."""
    return verdict in DEFINITE


def claim_span(claim: Claim) -> tuple[int, int]:
    """Character range ``[column, column + len(quote))`` of a tool claim on its line."""
    start = int(claim.get("column") or 0)
    return start, start + len(claim.get("quote") or "")


def label_span(label: Label, report_lines: Sequence[str]) -> tuple[int, int] | None:
    """Range of the label's quote in its report line, or ``None`` if it cannot be found there."""
    line_no = int(label["line"])
    quote = label.get("quote") or ""
    if not quote or not 1 <= line_no <= len(report_lines):
        return None
    start = report_lines[line_no - 1].find(quote)
    return None if start < 0 else (start, start + len(quote))


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Length of the intersection of two half-open ranges."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def preference(candidate: tuple[Claim, int]) -> tuple[bool, int]:
    """Sort key of a ``(claim, overlap)`` candidate: definite verdict first, then overlap size."""
    claim, size = candidate
    return is_definite(claim.get("verdict")), size


def best_claim(candidates: Iterable[tuple[Claim, int]]) -> tuple[Claim, int] | None:
    """Prefer a definite verdict, then the largest overlap; the first one wins ties."""
    return max(candidates, key=preference, default=None)


def claims_by_line(tool_claims: Iterable[Claim]) -> dict[int, list[Claim]]:
    """Group tool claims by their 1-based report line."""
    grouped: dict[int, list[Claim]] = defaultdict(list)
    for claim in tool_claims:
        grouped[int(claim.get("line") or 0)].append(claim)
    return grouped


def match_label(label: Label, on_line: list[Claim], report_lines: Sequence[str]) -> tuple[Claim | None, int, bool]:
    """Choose the tool claim for one label among the claims on its line.

    Returns ``(claim, overlap, fallback)``; ``fallback`` is True when the label quote was not
    found in the line and any claim on the line was accepted.
    """
    span = label_span(label, report_lines)
    if span is None:
        chosen = best_claim((claim, 0) for claim in on_line)
        return (chosen[0], 0, True) if chosen else (None, 0, True)
    overlapping = [(claim, overlap(span, claim_span(claim))) for claim in on_line]
    chosen = best_claim((claim, size) for claim, size in overlapping if size > 0)
    return (chosen[0], chosen[1], False) if chosen else (None, 0, False)


def match_labels(labels: Iterable[Label], tool_claims: Iterable[Claim], report_lines: Sequence[str],
                 task: str = "") -> list[Match]:
    """Match every label of one task to a tool claim of the same task (one ``Match`` per label).

    A claim matches when it is on the same line and its range overlaps the label quote's range;
    if the quote is not in the line, any claim on the line matches. Several labels may share a claim.
    """
    grouped = claims_by_line(tool_claims)
    matches = []
    for label in labels:
        claim, size, fallback = match_label(label, grouped.get(int(label["line"]), []), report_lines)
        matches.append(Match(task or label.get("task", ""), label, claim, size, fallback))
    return matches


def flagged_lines(items: Iterable[dict[str, Any]], task: str) -> set[LineKey]:
    """Lines of one task holding at least one item whose verdict is ``contradicted``."""
    return {(task, int(item["line"])) for item in items if item.get("verdict") == "contradicted"}


def flag_scores(tool_flagged: set[LineKey], label_flagged: set[LineKey]) -> FlagScores:
    """Precision, recall and F1 of the tool's contradicted lines against the labels' ones."""
    tp = len(tool_flagged & label_flagged)
    precision = ratio(tp, len(tool_flagged))
    recall = ratio(tp, len(label_flagged))
    return FlagScores(
        tp=tp,
        fp=len(tool_flagged - label_flagged),
        fn=len(label_flagged - tool_flagged),
        precision=precision,
        recall=recall,
        f1=harmonic(precision, recall),
        false_positives=sorted(tool_flagged - label_flagged),
        false_negatives=sorted(label_flagged - tool_flagged),
    )


def confusion_table(matches: Iterable[Match]) -> dict[str, dict[str, int]]:
    """Counts of label verdict (rows) x tool verdict or ``no-claim`` (columns)."""
    table = {row: dict.fromkeys((*VERDICTS, NO_CLAIM), 0) for row in VERDICTS}
    for match in matches:
        row = table.setdefault(match.label.get("verdict", "?"), dict.fromkeys((*VERDICTS, NO_CLAIM), 0))
        row[match.tool_verdict] = row.get(match.tool_verdict, 0) + 1
    return table


def recall_and_accuracy(matches: Iterable[Match]) -> tuple[int, int, int]:
    """``(definite labels, matched with a definite tool verdict, of those with the same verdict)``."""
    definite = matched = correct = 0
    for match in matches:
        if not is_definite(match.label.get("verdict")):
            continue
        definite += 1
        if is_definite(match.tool_verdict):
            matched += 1
            correct += match.tool_verdict == match.label["verdict"]
    return definite, matched, correct


def claim_scores(matches: Sequence[Match]) -> ClaimScores:
    """Claim recall and verdict accuracy overall and per label scope, plus the confusion table."""
    definite, matched, correct = recall_and_accuracy(matches)
    by_scope: dict[str, list[Match]] = defaultdict(list)
    for match in matches:
        by_scope[match.label.get("scope", "?")].append(match)
    per_scope = {}
    for scope, group in sorted(by_scope.items()):
        s_def, s_matched, s_correct = recall_and_accuracy(group)
        per_scope[scope] = {
            "labels": len(group),
            "definite": s_def,
            "matched": s_matched,
            "correct": s_correct,
            "claim_recall": ratio(s_matched, s_def),
            "verdict_accuracy": ratio(s_correct, s_matched),
        }
    return ClaimScores(
        definite_labels=definite,
        matched_definite=matched,
        correct=correct,
        claim_recall=ratio(matched, definite),
        verdict_accuracy=ratio(correct, matched),
        confusion=confusion_table(matches),
        per_scope=per_scope,
    )


def claim_problems(claim: Claim, report_lines: Sequence[str]) -> list[str]:
    """Shape problems of one tool claim: unknown verdict, line out of range, quote not at column."""
    problems = []
    if claim.get("verdict") not in VERDICTS:
        problems.append(f"unknown verdict {claim.get('verdict')!r}")
    line_no = claim.get("line")
    if not isinstance(line_no, int) or not 1 <= line_no <= len(report_lines):
        problems.append(f"line {line_no!r} outside the report ({len(report_lines)} lines)")
        return problems
    start, end = claim_span(claim)
    quote = claim.get("quote") or ""
    if not quote:
        problems.append("empty quote")
    elif report_lines[line_no - 1][start:end] != quote:
        problems.append(f"quote {quote!r} not at column {start}")
    return problems


def verdict_counts(claims: Iterable[Claim]) -> Counter[str]:
    """Number of claims per verdict."""
    return Counter(claim.get("verdict", "?") for claim in claims)
