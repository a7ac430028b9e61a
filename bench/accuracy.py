"""Accuracy and speed benchmark of iac-verify against hand labels and the shared corpus.

Usage: ``python bench/accuracy.py [--shared DIR] [--labels DIR] [--tasks-root DIR] [--labelled-only | --all]
[--verbose] [--json FILE]``

1. Labelled tasks (``--labels DIR``, default ``<shared>/corpus-labels``; every ``*.jsonl`` in it): runs
   ``python -m verifier check TASK --format json`` per task as a user would and scores the claims
   against the labels (see ``scoring.py``). A label's ``task`` is a folder under ``--tasks-root``
   (default ``<shared>/corpus``), e.g. ``--labels bench/labels/terraform --tasks-root .`` for the
   Terraform sample stacks, whose labels name ``sample_stacks/<stack>``.
2. Whole corpus (``<shared>/corpus/*/*/``): runs ``verifier.api.check_task`` in-process (subprocess
   if it cannot be imported) and counts crashes, warnings and verdicts.

Always exits 0: it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from scoring import (  # noqa: E402
    DEFINITE,
    NO_CLAIM,
    VERDICTS,
    ClaimScores,
    FlagScores,
    Match,
    claim_problems,
    claim_scores,
    flag_scores,
    flagged_lines,
    match_labels,
    verdict_counts,
)

REPORT = "lib/MODEL_FAILURES.md"
SUBPROCESS_TIMEOUT = 120
INPROCESS_TIMEOUT = 30


@dataclass
class Run:
    """Outcome of checking one task folder."""

    task: str
    seconds: float
    result: dict[str, Any] | None = None
    exit_code: int | None = None
    error: str | None = None  # one line; set when the run crashed

    @property
    def claims(self) -> list[dict[str, Any]]:
        """The tool's claims (empty when the run produced no JSON)."""
        return list((self.result or {}).get("claims") or [])

    @property
    def warnings(self) -> list[str]:
        """The tool's warnings (empty when the run produced no JSON)."""
        return list((self.result or {}).get("warnings") or [])


@dataclass
class Oddity:
    """A tool claim whose shape is wrong (quote not at its column, line out of range, ...)."""

    task: str
    line: Any
    problem: str


@dataclass
class CorpusFigures:
    """Robustness figures over the whole corpus."""

    tasks: int = 0
    mode: str = "in-process"
    crashed: list[tuple[str, str]] = field(default_factory=list)
    with_warnings: int = 0
    claims: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    with_contradicted: int = 0
    median_seconds: float | None = None
    max_seconds: float | None = None
    slowest: list[tuple[str, float]] = field(default_factory=list)
    odd_claims: list[Oddity] = field(default_factory=list)
    seconds_total: float = 0.0


# ---------------------------------------------------------------- input


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="folder holding corpus/ and corpus-labels/ (default: ../shared next to the repo)")
    parser.add_argument("--labels", type=Path, metavar="DIR",
                        help="folder of label *.jsonl files (default: <shared>/corpus-labels)")
    parser.add_argument("--tasks-root", type=Path, metavar="DIR",
                        help="folder the labels' task names are relative to (default: <shared>/corpus)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--labelled-only", action="store_true", help="skip the whole-corpus run")
    which.add_argument("--all", action="store_true", help="labelled tasks and whole corpus (the default)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list false positive / negative lines, wrong verdicts and odd claims")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write all figures as JSON to FILE")
    parser.add_argument("--subprocess", action="store_true",
                        help="run the corpus through the CLI (in parallel) even if verifier.api imports")
    return parser.parse_args(argv)


def load_labels(labels_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Labels per task (``cfn-json/Pr6989``) from every ``*.jsonl`` file, in file order."""
    by_task: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(labels_dir.glob("*.jsonl")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            try:
                label = json.loads(raw)
                by_task.setdefault(label["task"], []).append(label)
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                print(f"bench: {path.name}:{number}: skipped malformed label ({exc})", file=sys.stderr)
    return by_task


def report_lines(task_dir: Path) -> list[str]:
    """The report's raw lines (index 0 is line 1), split on newlines only."""
    path = task_dir / REPORT
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    return [line.rstrip("\r") for line in text.split("\n")]


def corpus_tasks(corpus: Path) -> list[Path]:
    """Every task folder ``<corpus>/<platform>/<task>/``."""
    return sorted(p for p in corpus.glob("*/*") if p.is_dir())


def task_name(corpus: Path, task_dir: Path) -> str:
    """``cfn-json/Pr6989`` for a task folder."""
    return task_dir.relative_to(corpus).as_posix()


# ---------------------------------------------------------------- running the tool


def first_line(text: str) -> str:
    """The most telling line of an error output: the last non-empty one (traceback's exception)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def run_subprocess(task: str, task_dir: Path) -> Run:
    """Run ``python -m verifier check TASK --format json`` from the repo root and time it."""
    cmd = [sys.executable, "-m", "verifier", "check", str(task_dir), "--format", "json"]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT)
    except subprocess.TimeoutExpired:
        return Run(task, time.perf_counter() - start, error=f"timeout after {SUBPROCESS_TIMEOUT} s")
    run = Run(task, time.perf_counter() - start, exit_code=proc.returncode)
    try:
        run.result = json.loads(proc.stdout) if proc.stdout.strip() else None
    except json.JSONDecodeError as exc:
        run.error = f"stdout is not JSON ({exc.msg})"
    if proc.returncode not in (0, 1) or "Traceback (most recent call last)" in proc.stderr:
        run.error = f"exit {proc.returncode}: {first_line(proc.stderr) or 'no message'}"
    return run


class Timeout(Exception):
    """Raised by the alarm when an in-process check runs too long."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise ``Timeout`` after ``seconds`` (POSIX main thread only; no limit elsewhere)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise Timeout(f"timeout after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_inprocess(check_task: Callable[[Path], dict[str, Any]], task: str, task_dir: Path) -> Run:
    """Call ``check_task`` directly; any exception is a crash recorded with its one-line message."""
    start = time.perf_counter()
    try:
        with time_limit(INPROCESS_TIMEOUT):
            result = check_task(task_dir)
    except Exception as exc:  # noqa: BLE001 - every exception is a finding here
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
        return Run(task, time.perf_counter() - start, error=f"{type(exc).__name__}: {exc}"[:200] + at)
    seconds = time.perf_counter() - start
    return Run(task, seconds, result=json.loads(json.dumps(result, default=str)), exit_code=0)


def import_check_task() -> Callable[[Path], dict[str, Any]] | None:
    """``verifier.api.check_task`` if the tool can be imported from the repo, else ``None``."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    try:
        from verifier.api import check_task
    except Exception:  # noqa: BLE001 - any import failure means: use the subprocess
        return None
    return check_task


# ---------------------------------------------------------------- labelled tasks


def odd_claims(task: str, claims: list[dict[str, Any]], lines: list[str]) -> list[Oddity]:
    """Shape problems of a task's claims."""
    return [Oddity(task, c.get("line"), p) for c in claims for p in claim_problems(c, lines)]


def labelled_benchmark(tasks_root: Path, labels: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Run the CLI on every labelled task (folder ``tasks_root / task``) and score it."""
    runs: list[Run] = []
    matches: list[Match] = []
    tool_flagged: set[tuple[str, int]] = set()
    label_flagged: set[tuple[str, int]] = set()
    lines_of: dict[str, list[str]] = {}
    oddities: list[Oddity] = []
    for task, task_labels in sorted(labels.items()):
        task_dir = tasks_root / task
        lines_of[task] = report_lines(task_dir)
        run = run_subprocess(task, task_dir) if task_dir.is_dir() else Run(task, 0.0, error=f"no task folder {task_dir}")
        runs.append(run)
        matches += match_labels(task_labels, run.claims, lines_of[task], task)
        tool_flagged |= flagged_lines(run.claims, task)
        label_flagged |= flagged_lines(task_labels, task)
        oddities += odd_claims(task, run.claims, lines_of[task])
    return {
        "runs": runs,
        "matches": matches,
        "flags": flag_scores(tool_flagged, label_flagged),
        "claims": claim_scores(matches),
        "lines": lines_of,
        "oddities": oddities,
    }


# ---------------------------------------------------------------- whole corpus


def corpus_runs(corpus: Path, check_task: Callable[[Path], dict[str, Any]] | None) -> Iterator[tuple[Path, Run]]:
    """Check every task: sequentially in-process, or through the CLI with one worker per CPU."""
    tasks = corpus_tasks(corpus)
    if check_task:
        for task_dir in tasks:
            yield task_dir, run_inprocess(check_task, task_name(corpus, task_dir), task_dir)
        return
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = pool.map(lambda d: run_subprocess(task_name(corpus, d), d), tasks)
        yield from zip(tasks, runs, strict=True)


def corpus_benchmark(corpus: Path, force_subprocess: bool = False) -> CorpusFigures:
    """Check every corpus task (in-process if possible) and count crashes and verdicts."""
    check_task = None if force_subprocess else import_check_task()
    figures = CorpusFigures(mode="in-process" if check_task else "subprocess, parallel")
    times: list[tuple[str, float]] = []
    verdicts: Counter[str] = Counter()
    started = time.perf_counter()
    for task_dir, run in corpus_runs(corpus, check_task):
        task = run.task
        figures.tasks += 1
        times.append((task, run.seconds))
        if run.error:
            figures.crashed.append((task, run.error))
            continue
        figures.with_warnings += bool(run.warnings)
        figures.claims += len(run.claims)
        task_verdicts = verdict_counts(run.claims)
        verdicts.update(task_verdicts)
        figures.with_contradicted += task_verdicts["contradicted"] > 0
        figures.odd_claims += odd_claims(task, run.claims, report_lines(task_dir))
    figures.seconds_total = time.perf_counter() - started
    figures.verdicts = {v: verdicts.get(v, 0) for v in VERDICTS} | {k: n for k, n in verdicts.items() if k not in VERDICTS}
    seconds = [s for _, s in times]
    figures.median_seconds = statistics.median(seconds) if seconds else None
    figures.max_seconds = max(seconds) if seconds else None
    figures.slowest = sorted(times, key=lambda t: -t[1])[:5]
    return figures


# ---------------------------------------------------------------- output


def fmt(value: float | None, digits: int = 2) -> str:
    """A figure with ``digits`` decimals, ``n/a`` when undefined."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def line_text(lines: list[str], line: int, width: int = 100) -> str:
    """The stripped report line, shortened to ``width`` characters."""
    text = lines[line - 1].strip() if 1 <= line <= len(lines) else "?"
    return text if len(text) <= width else text[: width - 3] + "..."


def print_flag_lines(title: str, keys: list[tuple[str, int]], result: dict[str, Any], tool_side: bool) -> None:
    """List flagged lines with the contradicted quotes (tool's or labels') and the line text."""
    print(f"  {title} ({len(keys)}):")
    by_line: dict[tuple[str, int], list[str]] = {}
    if tool_side:
        for run in result["runs"]:
            for c in run.claims:
                if c.get("verdict") == "contradicted":
                    detail = f"{c.get('quote')!r} [{c.get('concept')}] expected={c.get('expected')!r} actual={c.get('actual')!r}"
                    by_line.setdefault((run.task, int(c["line"])), []).append(detail)
    else:
        for m in result["matches"]:
            if m.label.get("verdict") == "contradicted":
                detail = f"{m.label.get('quote')!r} [{m.label.get('topic')}] tool={m.tool_verdict}"
                by_line.setdefault((m.task, int(m.label["line"])), []).append(detail)
    for task, line in keys:
        print(f"    {task}:{line}  {line_text(result['lines'][task], line)}")
        for detail in by_line.get((task, line), []):
            print(f"        {detail}")


def print_wrong_verdicts(matches: list[Match]) -> None:
    """List definite labels whose matched tool claim has the other definite verdict or none."""
    wrong = [m for m in matches if m.label.get("verdict") in DEFINITE and m.tool_verdict != m.label["verdict"]]
    print(f"  definite labels not reproduced ({len(wrong)}):")
    for m in wrong:
        got = m.tool_verdict
        if m.claim:
            got += f" via {m.claim.get('quote')!r} [{m.claim.get('concept')}] actual={m.claim.get('actual')!r}"
        print(f"    {m.task}:{m.label['line']} [{m.label.get('scope')}] {m.label.get('quote')!r} "
              f"label={m.label['verdict']} tool={got}")


def print_confusion(scores: ClaimScores) -> None:
    """Label verdict x tool verdict table."""
    columns = (*VERDICTS, NO_CLAIM)
    print("  confusion (rows: label, columns: tool)")
    print("    " + " " * 13 + "".join(f"{c:>14}" for c in columns))
    for row, counts in scores.confusion.items():
        print(f"    {row:<13}" + "".join(f"{counts.get(c, 0):>14}" for c in columns))


def print_per_scope(scores: ClaimScores) -> None:
    """Claim recall and verdict accuracy per label scope."""
    print("  per scope      labels  definite  matched  correct  recall  accuracy")
    for scope, s in scores.per_scope.items():
        print(f"    {scope:<12}{s['labels']:>8}{s['definite']:>10}{s['matched']:>9}{s['correct']:>9}"
              f"{fmt(s['claim_recall']):>8}{fmt(s['verdict_accuracy']):>10}")


def print_labelled(result: dict[str, Any], verbose: bool) -> None:
    """The labelled-task block (details only; headline lines come last)."""
    runs: list[Run] = result["runs"]
    flags: FlagScores = result["flags"]
    print(f"labelled tasks: {len(runs)}  labels: {len(result['matches'])}")
    width = max([18, *(len(run.task) for run in runs)])
    for run in runs:
        status = f"ERROR {run.error}" if run.error else f"exit {run.exit_code}"
        counts = verdict_counts(run.claims)
        print(f"  {run.task:<{width}} {run.seconds:5.2f} s  {status:<8} claims {len(run.claims):>3}  "
              + "  ".join(f"{v} {counts.get(v, 0)}" for v in VERDICTS)
              + f"  warnings {len(run.warnings)}")
    print(f"  contradicted lines: tool {flags.tp + flags.fp}, labels {flags.tp + flags.fn}, both {flags.tp}")
    fallbacks = sum(m.fallback for m in result["matches"])
    if fallbacks:
        print(f"  labels whose quote is not in their line (matched to any claim on the line): {fallbacks}")
    print_confusion(result["claims"])
    print_per_scope(result["claims"])
    if verbose:
        print_flag_lines("false positive lines (tool contradicted, labels not)", flags.false_positives, result, True)
        print_flag_lines("false negative lines (labels contradicted, tool not)", flags.false_negatives, result, False)
        print_wrong_verdicts(result["matches"])
        print_oddities(result["oddities"])


def print_oddities(oddities: list[Oddity], limit: int = 20) -> None:
    """Claims whose quote/line/verdict do not fit the report."""
    if not oddities:
        return
    print(f"  odd claims ({len(oddities)}):")
    for odd in oddities[:limit]:
        print(f"    {odd.task}:{odd.line}  {odd.problem}")
    if len(oddities) > limit:
        print(f"    ... {len(oddities) - limit} more")


def print_corpus(figures: CorpusFigures, verbose: bool) -> None:
    """The whole-corpus block."""
    print(f"corpus ({figures.mode}): {figures.tasks} tasks in {figures.seconds_total:.1f} s")
    for task, error in figures.crashed:
        print(f"  CRASH {task}: {error}")
    print("  slowest: " + ", ".join(f"{t} {s:.2f} s" for t, s in figures.slowest))
    if figures.odd_claims:
        print(f"  odd claims: {len(figures.odd_claims)} (quote not at its column, line out of range, ...)")
        if verbose:
            print_oddities(figures.odd_claims)


def headline(result: dict[str, Any] | None, corpus: CorpusFigures | None) -> list[str]:
    """One line per headline figure."""
    lines = []
    if result:
        f: FlagScores = result["flags"]
        c: ClaimScores = result["claims"]
        secs = [r.seconds for r in result["runs"]]
        lines.append(f"contradicted precision {fmt(f.precision)}  recall {fmt(f.recall)}  F1 {fmt(f.f1)}")
        lines.append(f"claim recall {fmt(c.claim_recall)}  verdict accuracy {fmt(c.verdict_accuracy)}")
        if secs:
            lines.append(f"median check time {fmt(statistics.median(secs))} s (max {fmt(max(secs))} s)")
    if corpus:
        v = corpus.verdicts
        lines.append(
            f"corpus: {corpus.tasks} tasks, {len(corpus.crashed)} crashed, {corpus.with_warnings} with warnings, "
            f"{corpus.claims} claims ({v.get('supported', 0)} supported, {v.get('contradicted', 0)} contradicted, "
            f"{v.get('unverifiable', 0)} unverifiable), {corpus.with_contradicted} tasks with a contradiction, "
            f"median {fmt(corpus.median_seconds, 3)} s/task {corpus.mode}"
        )
    return lines


def figures_json(result: dict[str, Any] | None, corpus: CorpusFigures | None) -> dict[str, Any]:
    """Every figure as JSON-ready data."""
    out: dict[str, Any] = {}
    if result:
        secs = [r.seconds for r in result["runs"]]
        out["labelled"] = {
            "flags": asdict(result["flags"]),
            "claims": asdict(result["claims"]),
            "runs": [{"task": r.task, "seconds": r.seconds, "exit_code": r.exit_code, "error": r.error,
                      "claims": len(r.claims), "warnings": r.warnings} for r in result["runs"]],
            "median_seconds": statistics.median(secs) if secs else None,
            "max_seconds": max(secs) if secs else None,
            "mismatches": [{"task": m.task, "line": m.label["line"], "quote": m.label.get("quote"),
                            "label": m.label.get("verdict"), "tool": m.tool_verdict,
                            "tool_quote": (m.claim or {}).get("quote")}
                           for m in result["matches"] if m.tool_verdict != m.label.get("verdict")],
            "odd_claims": [asdict(o) for o in result["oddities"]],
        }
    if corpus:
        out["corpus"] = asdict(corpus)
    return out


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; always returns 0."""
    args = parse_args(argv)
    shared: Path = args.shared
    corpus = shared / "corpus"
    labels_dir: Path = args.labels or shared / "corpus-labels"
    tasks_root: Path = (args.tasks_root or corpus).resolve()  # the CLI runs from the repo root
    if args.labels is None and args.tasks_root is None and (not labels_dir.is_dir() or not corpus.is_dir()):
        print(f"bench: shared folder {shared} (with corpus/ and corpus-labels/) not found; nothing to measure")
        return 0
    for option, folder in (("--labels", labels_dir), ("--tasks-root", tasks_root)):
        if not folder.is_dir():
            print(f"bench: {option} folder {folder} not found; nothing to measure")
            return 0
    labels = load_labels(labels_dir)
    if not labels:
        print(f"bench: no labels in {labels_dir}/*.jsonl; nothing to measure")
        return 0
    result = labelled_benchmark(tasks_root, labels)
    print_labelled(result, args.verbose)
    figures = None
    if not args.labelled_only:
        if corpus.is_dir():
            figures = corpus_benchmark(corpus, args.subprocess)
        else:
            print(f"corpus: {corpus} not found; whole-corpus run skipped")
    if figures:
        print_corpus(figures, args.verbose)
    print()
    print("\n".join(headline(result, figures)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures_json(result, figures), indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
