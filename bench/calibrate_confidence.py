"""Derive the confidence table of ``verifier/confidence.py`` from per-claim correctness, and show how well it fits.

Usage: ``python bench/calibrate_confidence.py [--shared DIR] [--no-samples] [--python] [--verbose]``

Ground truth: the hand labels (``<shared>/corpus-labels/*.jsonl``, tasks under ``<shared>/corpus``)
and the true verdicts of the sample stacks (``sample_stacks/*/expected.json``). Each task is checked
in-process with the default configuration; each tool claim is matched to the truth entry on its
line whose quote overlaps its own (the largest overlap; the only entry of the line when its quote
cannot be found there). A matched claim is correct when its verdict equals the true one; claims
with no truth entry are counted apart and left out.

For every table row (verdict; check id x verdict; scope basis x verdict; service-default evidence;
pinned claim) it prints the number of matched claims, how many were right, the observed
precision, the derived value (precision smoothed toward the verdict's overall precision with
``confidence.SMOOTHING`` pseudo-claims; factors divided by that overall precision) and the value in
the table now. Then the fit: observed accuracy per confidence band and the Brier score of the
table against a verdict-only baseline, in-sample and leave-one-task-out. ``--python`` prints the derived table to paste into
``verifier/confidence.py``. Always exits 0: it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from scoring import claim_span, label_span, overlap  # noqa: E402

from verifier import confidence  # noqa: E402

TABLES = ("VERDICT_PRECISION", "CHECK_PRECISION", "SCOPE_BASIS_FACTOR", "SERVICE_DEFAULT_FACTOR", "PINNED_FACTOR")
BANDS = ((0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01))


@dataclass
class Sample:
    """One tool claim with its true verdict."""

    task: str
    claim: dict[str, Any]
    truth: str

    @property
    def correct(self) -> bool:
        return self.claim["verdict"] == self.truth

    @property
    def features(self) -> dict[str, Any]:
        return self.claim["confidence_basis"]


def match_truth(claim: dict[str, Any], on_line: list[dict[str, Any]], lines: list[str]) -> dict[str, Any] | None:
    """The truth entry of the claim's line whose quote overlaps the claim most (None when none does)."""
    best, best_size = None, 0
    for entry in on_line:
        span = label_span(entry, lines)
        size = overlap(span, claim_span(claim)) if span else 0
        if size > best_size:
            best, best_size = entry, size
    if best is None and len(on_line) == 1 and label_span(on_line[0], lines) is None:
        return on_line[0]
    return best


def samples_of(task: str, task_dir: Path, truths: list[dict[str, Any]], report: str | None) -> tuple[list[Sample], int]:
    """Matched claims of one task and the number of claims with no truth entry."""
    from verifier.api import check_task
    from verifier.config import Config

    result = check_task(task_dir, report, config=Config())
    lines = (task_dir / result["report"]).read_text(errors="replace").splitlines()
    by_line: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry in truths:
        by_line[int(entry["line"])].append(entry)
    found, unmatched = [], 0
    for claim in result["claims"]:
        entry = match_truth(claim, by_line.get(claim["line"], []), lines)
        if entry is None:
            unmatched += 1
        else:
            found.append(Sample(task, claim, entry["verdict"]))
    return found, unmatched


def collect(shared: Path, samples: bool) -> tuple[list[Sample], int, list[str]]:
    """Every matched claim of the labelled tasks and sample stacks, unmatched count, sources used."""
    found: list[Sample] = []
    unmatched = 0
    sources = []
    labels = shared / "corpus-labels"
    if labels.is_dir():
        for file in sorted(labels.glob("*.jsonl")):
            entries = [json.loads(line) for line in file.read_text().splitlines() if line.strip()]
            if not entries:
                continue
            task = entries[0]["task"]
            more, missed = samples_of(task, shared / "corpus" / task, entries, None)
            found += more
            unmatched += missed
            sources.append(task)
    if samples:
        for expected in sorted((REPO / "sample_stacks").glob("*/expected.json")):
            data = json.loads(expected.read_text())
            more, missed = samples_of(expected.parent.name, expected.parent, data["claims"], data.get("report"))
            found += more
            unmatched += missed
            sources.append(f"sample_stacks/{expected.parent.name}")
    return found, unmatched, sources


def smoothed(correct: int, total: int, prior: float, weight: float) -> float:
    """Precision of a group pulled toward ``prior`` by ``weight`` pseudo-claims."""
    return (correct + weight * prior) / (total + weight)


def group_rows(samples: Iterable[Sample]) -> dict[str, dict[Any, list[int]]]:
    """[total, correct] per key of every table."""
    rows: dict[str, dict[Any, list[int]]] = {name: defaultdict(lambda: [0, 0]) for name in TABLES}
    for sample in samples:
        f = sample.features
        keys = [("VERDICT_PRECISION", f["verdict"]), *confidence.rows_of(f)]
        for table, key in keys:
            rows[table][key][0] += 1
            rows[table][key][1] += sample.correct
    return rows


def derive(rows: dict[str, dict[Any, list[int]]], weight: float = confidence.SMOOTHING) -> dict[str, dict[Any, float]]:
    """The table values from the grouped counts (Laplace for the verdicts, smoothed ratios for the rest)."""
    base = {v: round(smoothed(c, n, 0.5, 2), 3) for v, (n, c) in rows["VERDICT_PRECISION"].items()}
    table: dict[str, dict[Any, float]] = {"VERDICT_PRECISION": base}
    table["CHECK_PRECISION"] = {key: round(smoothed(c, n, base[key[1]], weight), 3) for key, (n, c) in rows["CHECK_PRECISION"].items()}
    for name in ("SCOPE_BASIS_FACTOR", "SERVICE_DEFAULT_FACTOR", "PINNED_FACTOR"):
        values = {}
        for key, (n, c) in rows[name].items():
            verdict = key[1] if isinstance(key, tuple) else key
            values[key] = round(smoothed(c, n, base[verdict], weight) / base[verdict], 3)
        table[name] = values
    return table


def score_with(table: dict[str, dict[Any, float]], features: dict[str, Any]) -> float:
    """``confidence.score`` computed with another table."""
    saved = {name: getattr(confidence, name) for name in TABLES}
    try:
        for name in TABLES:
            setattr(confidence, name, table[name])
        return confidence.score(features)
    finally:
        for name, value in saved.items():
            setattr(confidence, name, value)


def brier(samples: list[Sample], predict: Any) -> float:
    """Mean squared gap between predicted confidence and correctness (lower is better)."""
    return sum((predict(s) - s.correct) ** 2 for s in samples) / len(samples) if samples else float("nan")


def print_rows(rows: dict[str, dict[Any, list[int]]], derived: dict[str, dict[Any, float]]) -> None:
    print(f"{'table':24} {'row':34} {'n':>5} {'right':>6} {'observed':>9} {'derived':>8} {'in table':>9}")
    for name in TABLES:
        current = getattr(confidence, name)
        for key in sorted(rows[name], key=str):
            n, c = rows[name][key]
            label = "/".join(map(str, key)) if isinstance(key, tuple) else str(key)
            now = current.get(key)
            print(f"{name:24} {label or '(none)':34} {n:5} {c:6} {c / n:9.2f} {derived[name][key]:8.3f} "
                  f"{'-' if now is None else f'{now:.3f}':>9}")


def print_fit(samples: list[Sample], derived: dict[str, dict[Any, float]]) -> None:
    print("\nfit of the derived table (observed accuracy per confidence band):")
    scored = [(score_with(derived, s.features), s) for s in samples]
    for low, high in BANDS:
        band = [s for value, s in scored if low <= value < high]
        if band:
            right = sum(s.correct for s in band)
            print(f"  [{low:.2f}, {min(high, 1):.2f}): {len(band):4} claims, {right / len(band):.2f} right")
    base = derived["VERDICT_PRECISION"]
    print(f"Brier score: derived table {brier(samples, lambda s: score_with(derived, s.features)):.4f}, "
          f"table in verifier/confidence.py {brier(samples, lambda s: confidence.score(s.features)):.4f}, "
          f"verdict only {brier(samples, lambda s: base.get(s.features['verdict'], 0.5)):.4f}")


def print_holdout(samples: list[Sample]) -> None:
    """Leave-one-task-out: the table derived without a task scores that task's claims (an honest fit)."""
    table_error = base_error = 0.0
    for task in sorted({s.task for s in samples}):
        held = [s for s in samples if s.task == task]
        derived = derive(group_rows(s for s in samples if s.task != task))
        base = derived["VERDICT_PRECISION"]
        table_error += sum((score_with(derived, s.features) - s.correct) ** 2 for s in held)
        base_error += sum((base.get(s.features["verdict"], 0.5) - s.correct) ** 2 for s in held)
    print(f"leave-one-task-out Brier score: table {table_error / len(samples):.4f}, verdict only {base_error / len(samples):.4f}")


def print_python(derived: dict[str, dict[Any, float]], total: int, sources: int) -> None:
    print(f"# -- derived by bench/calibrate_confidence.py ({total} matched claims from {sources} tasks) --")
    types = {"VERDICT_PRECISION": "dict[str, float]", "CHECK_PRECISION": "dict[tuple[str, str], float]",
             "SCOPE_BASIS_FACTOR": "dict[tuple[str, str], float]", "SERVICE_DEFAULT_FACTOR": "dict[str, float]",
             "PINNED_FACTOR": "dict[str, float]"}
    for name in TABLES:
        print(f"{name}: {types[name]} = {{")
        for key in sorted(derived[name], key=str):
            print(f"    {key!r}: {derived[name][key]},")
        print("}")
    print("# -- end of derived table --")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="folder holding corpus/ and corpus-labels/")
    parser.add_argument("--no-samples", action="store_true", help="leave out the sample stacks (only the hand labels)")
    parser.add_argument("--python", action="store_true", help="print the derived table as Python for verifier/confidence.py")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every wrong verdict with its confidence")
    args = parser.parse_args(argv)
    samples, unmatched, sources = collect(args.shared, not args.no_samples)
    if not samples:
        print("no labelled data found (neither <shared>/corpus-labels nor sample_stacks); nothing to calibrate")
        return 0
    print(f"{len(samples)} matched claims ({unmatched} tool claims without a truth entry left out) from {len(sources)} tasks")
    rows = group_rows(samples)
    derived = derive(rows)
    if args.python:
        print_python(derived, len(samples), len(sources))
        return 0
    print_rows(rows, derived)
    print_fit(samples, derived)
    print_holdout(samples)
    if args.verbose:
        print("\nwrong verdicts:")
        for s in samples:
            if not s.correct:
                c = s.claim
                print(f"  {s.task}:{c['line']} {c['verdict']} (true: {s.truth}) confidence {c['confidence']:.2f} "
                      f"{c['check'] or '-'} {c['scope_basis']} {c['quote'][:50]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
