"""Speed benchmark: per-task CPU time, serial throughput, time per phase and CLI wall time.

Usage: ``python bench/speed.py [--shared DIR] [--limit N] [--cli N] [--repeat N] [--dump FILE] [--json FILE]``

1. Every task folder ``<shared>/corpus/*/*`` is checked in this process, serially, with
   ``verifier.api.check_task`` (cold: no result cache). For each task the CPU time
   (``time.process_time``, so other programs on the machine do not count) is split into phases:
   loading (``load_task``), reading claims (``read_claims``), checks (``verify``, lint excluded) and
   lint (cfn-lint and terraform fmt, measured inside the checks). Printed: median, mean, p95 and
   max CPU per task, serial throughput (tasks per CPU second and per wall second), the phase totals.
   Module imports happen in the first task that needs them and are counted there.
2. ``python -m verifier check TASK --format json`` is run ``--repeat`` times on ``--cli`` tasks
   (spread over the corpus) as a user would; the median wall time (and CPU time) is printed.

``--dump FILE`` writes every finding (task, line, column, concept, scope, verdict, actual, evidence,
...) and each task's warnings as JSON lines, to diff the verdicts of two versions of the tool.
Skips cleanly (exit 0) when the shared corpus is absent. Always exits 0: it is a benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PHASES = ("loading", "claims", "checks", "lint")


@dataclass
class Clock:
    """CPU seconds per phase for the task being checked; nested phases are subtracted from their parent."""

    spent: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PHASES, 0.0))
    stack: list[str] = field(default_factory=list)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.process_time()
        self.stack.append(name)
        try:
            yield
        finally:
            self.stack.pop()
            elapsed = time.process_time() - start
            self.spent[name] += elapsed
            if self.stack:
                self.spent[self.stack[-1]] -= elapsed

    def reset(self) -> dict[str, float]:
        spent, self.spent = self.spent, dict.fromkeys(PHASES, 0.0)
        return spent


def timed(clock: Clock, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with clock.phase(name):
            return fn(*args, **kwargs)

    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    return wrapper


def instrument(clock: Clock) -> Callable[[Path], dict[str, Any]]:
    """``check_task`` with its phases measured (the functions it calls are wrapped where it looks them up)."""
    import verifier.api as api
    import verifier.process.lint as lint

    api.load_task = timed(clock, "loading", api.load_task)
    api.read_claims = timed(clock, "claims", api.read_claims)
    api.verify = timed(clock, "checks", api.verify)
    lint.cfn_lint_errors = timed(clock, "lint", lint.cfn_lint_errors)
    lint.terraform_fmt_check = timed(clock, "lint", lint.terraform_fmt_check)
    return api.check_task


def corpus_tasks(shared: Path, limit: int | None) -> list[Path]:
    tasks = sorted(p for p in (shared / "corpus").glob("*/*") if p.is_dir())
    return tasks[:limit] if limit else tasks


def dump_rows(name: str, result: dict[str, Any]) -> Iterator[str]:
    for claim in result["claims"]:
        yield json.dumps({"task": name, **claim}, sort_keys=True, default=str)
    yield json.dumps({"task": name, "warnings": result["warnings"], "artifacts": result["artifacts"],
                      "summary": result["summary"]}, sort_keys=True, default=str)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_corpus(tasks: list[Path], dump: Path | None) -> dict[str, Any]:
    clock = Clock()
    check_task = instrument(clock)
    per_task: list[tuple[str, float, dict[str, float]]] = []
    totals = dict.fromkeys(PHASES, 0.0)
    errors = 0
    out = dump.open("w", encoding="utf-8") if dump else None
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    for task in tasks:
        name = f"{task.parent.name}/{task.name}"
        start = time.process_time()
        try:
            result = check_task(task)
        except Exception as exc:  # noqa: BLE001 - a benchmark records crashes and goes on
            errors += 1
            result = None
            if out:
                out.write(json.dumps({"task": name, "error": f"{type(exc).__name__}: {exc}"}) + "\n")
        spent = time.process_time() - start
        phases = clock.reset()
        for key, value in phases.items():
            totals[key] += value
        per_task.append((name, spent, phases))
        if out and result is not None:
            out.writelines(row + "\n" for row in dump_rows(name, result))
    cpu, wall = time.process_time() - cpu_start, time.perf_counter() - wall_start
    if out:
        out.close()
    cpus = [spent for _, spent, _ in per_task]
    lint_tasks = [spent for _, spent, phases in per_task if phases["lint"] > 0]
    return {
        "tasks": len(tasks), "errors": errors, "cpu_seconds": cpu, "wall_seconds": wall,
        "tasks_per_cpu_second": len(tasks) / cpu if cpu else None,
        "tasks_per_wall_second": len(tasks) / wall if wall else None,
        "median": statistics.median(cpus), "mean": statistics.fmean(cpus), "p95": percentile(cpus, 0.95), "max": max(cpus),
        "slowest": sorted(((spent, name) for name, spent, _ in per_task), reverse=True)[:5],
        "phases": totals, "lint_tasks": len(lint_tasks), "lint_task_cpu": sum(lint_tasks),
        "other_median": statistics.median([s for _, s, p in per_task if p["lint"] == 0] or [0.0]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # Linux: kilobytes
    }


def cli_times(tasks: list[Path], count: int, repeat: int) -> dict[str, Any]:
    """Median wall time of ``python -m verifier check TASK --format json`` over tasks spread through the list."""
    if count <= 0 or not tasks:
        return {}
    step = max(1, len(tasks) // count)
    chosen = tasks[::step][:count]
    # Byte-compile first, as pip does when it installs a wheel: with PYTHONDONTWRITEBYTECODE set (as on
    # some CI images) every run would otherwise compile every module from source (~0.2 s more).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", "claims", "verifier"], cwd=REPO, env=env, capture_output=True, check=False)
    seconds: list[float] = []
    cpu: list[float] = []
    for task in chosen:
        for _ in range(repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "verifier", "check", str(task), "--format", "json"],
                           cwd=REPO, env=env, capture_output=True, check=False)
            seconds.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {"cli_tasks": [f"{t.parent.name}/{t.name}" for t in chosen], "cli_runs": len(seconds),
            "cli_median": statistics.median(seconds), "cli_max": max(seconds), "cli_cpu_median": statistics.median(cpu)}


def report(figures: dict[str, Any]) -> None:
    ms = 1000
    if "tasks" not in figures:
        report_cli(figures)
        return
    print(f"tasks: {figures['tasks']} ({figures['errors']} crashed), serial, in-process, cold")
    print(f"CPU per task: median {figures['median'] * ms:.0f} ms, mean {figures['mean'] * ms:.0f} ms, "
          f"p95 {figures['p95'] * ms:.0f} ms, max {figures['max'] * ms:.0f} ms")
    print(f"total: {figures['cpu_seconds']:.1f} s CPU, {figures['wall_seconds']:.1f} s wall; "
          f"{figures['tasks_per_cpu_second']:.1f} tasks per CPU second, {figures['tasks_per_wall_second']:.1f} tasks/s wall")
    phases = figures["phases"]
    print("phases (CPU s): " + ", ".join(f"{name} {phases[name]:.2f}" for name in PHASES))
    print(f"tasks that lint: {figures['lint_tasks']} ({figures['lint_task_cpu']:.1f} s CPU); "
          f"median of the others {figures['other_median'] * ms:.0f} ms")
    print("slowest: " + ", ".join(f"{name} {spent:.2f} s" for spent, name in figures["slowest"]))
    print(f"peak memory (this process, all tasks): {figures['peak_rss_mb']:.0f} MB")
    report_cli(figures)


def report_cli(figures: dict[str, Any]) -> None:
    if figures.get("cli_median") is not None:
        print(f"CLI (python -m verifier check --format json): median {figures['cli_median']:.2f} s wall "
              f"({figures['cli_cpu_median']:.2f} s CPU), max {figures['cli_max']:.2f} s over {figures['cli_runs']} runs "
              f"on {len(figures['cli_tasks'])} tasks")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="folder holding corpus/ (default ../shared)")
    parser.add_argument("--limit", type=int, default=None, help="check only the first N tasks")
    parser.add_argument("--cli", type=int, default=5, help="tasks timed through the CLI (default 5, 0 to skip)")
    parser.add_argument("--repeat", type=int, default=3, help="CLI runs per task (default 3)")
    parser.add_argument("--cli-only", action="store_true", help="only time the CLI (skip the in-process corpus run)")
    parser.add_argument("--dump", type=Path, help="write every finding as JSON lines to FILE")
    parser.add_argument("--json", type=Path, help="write the figures as JSON to FILE")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tasks = corpus_tasks(args.shared, args.limit)
    if not tasks:
        print(f"no task folders under {args.shared / 'corpus'}; skipped")
        return 0
    figures = {} if args.cli_only else run_corpus(tasks, args.dump)
    figures.update(cli_times(tasks, args.cli, args.repeat))
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
