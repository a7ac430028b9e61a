"""Speed and memory of ``iac-verify batch`` over a folder of tasks (default: the shared corpus).

Usage: ``python bench/batch_speed.py [ROOT] [--jobs N] [--task-timeout S] [--max-tasks-per-worker N]
[--overhead N] [--json FILE]``

Runs ``python -m verifier batch ROOT --out TMP --format json`` in a subprocess, samples
``/proc/<pid>/status`` (VmRSS) and ``/proc/<pid>/smaps_rollup`` (Pss) of that process and all its
descendants every few milliseconds, and prints: tasks, wall time, throughput (tasks/s), the peak
of the summed RSS of the process tree (shared pages counted once per process), the peak of the
summed PSS (shared pages split between the processes sharing them: the real footprint), the
largest single-process RSS, crashes (tasks with status error, a traceback from the command) and
the batch summary. ``--overhead N`` also times N synthetic tasks without claims, run normally
and with a 1 ms time limit (every task's worker killed and replaced): the machinery's own cost.

Skips cleanly (exit 0) when ROOT does not exist. Always exits 0: it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ROOT = REPO.parent / "shared" / "corpus"
SAMPLE_SECONDS = 0.02
TARGET_TASKS_PER_SECOND = 40
TARGET_PEAK_MB = 300


@dataclass
class MemoryPeaks:
    """Peaks over the samples, in kB: summed RSS, summed PSS, largest single RSS; process count."""

    rss_sum: int = 0
    pss_sum: int = 0
    rss_single: int = 0
    processes: int = 0
    samples: int = 0
    per_sample: list[int] = field(default_factory=list)


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from /proc/<pid>/task/*/children)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                found += [int(c) for c in handle.read().split()]
        except OSError:
            continue
    return found


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += _children(current)
    return tree


def _field_kb(path: str, name: str) -> int:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def sample(pid: int, peaks: MemoryPeaks) -> None:
    """Add one sample of the tree under ``pid`` to ``peaks``."""
    rss = [_field_kb(f"/proc/{p}/status", "VmRSS") for p in process_tree(pid)]
    pss = [_field_kb(f"/proc/{p}/smaps_rollup", "Pss") for p in process_tree(pid)]
    peaks.rss_sum = max(peaks.rss_sum, sum(rss))
    peaks.pss_sum = max(peaks.pss_sum, sum(pss))
    peaks.rss_single = max([peaks.rss_single, *rss])
    peaks.processes = max(peaks.processes, len(rss))
    peaks.samples += 1


def run_batch(root: Path, extra: list[str]) -> dict[str, Any]:
    """Run the batch in a subprocess while sampling its memory; return what the report needs."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.jsonl"
        command = [sys.executable, "-m", "verifier", "batch", str(root), "--out", str(out), "--format", "json", *extra]
        started = time.monotonic()
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(Path(tmp) / "stdout", "w+") as stdout, open(Path(tmp) / "stderr", "w+") as stderr:
            proc = subprocess.Popen(command, cwd=REPO, stdout=stdout, stderr=stderr)
            peaks = MemoryPeaks()
            while proc.poll() is None:
                sample(proc.pid, peaks)
                time.sleep(SAMPLE_SECONDS)
            wall = time.monotonic() - started
            cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
            stdout.seek(0)
            stderr.seek(0)
            text, errors = stdout.read(), stderr.read()
        records = [json.loads(line) for line in out.read_text().splitlines() if line.strip()] if out.is_file() else []
    try:
        summary = json.loads(text)
    except ValueError:
        summary = None
    return {"returncode": proc.returncode, "wall": wall, "cpu": cpu, "peaks": peaks, "summary": summary, "stderr": errors,
            "records": records}


def report(run: dict[str, Any], jobs: str) -> dict[str, Any]:
    """Print the figures of one run and return them as a dict."""
    records, peaks, summary = run["records"], run["peaks"], run["summary"]
    checked = [r for r in records if r["status"] != "no-report"]
    errors = [r for r in records if r["status"] == "error"]
    timeouts = [r for r in records if r["status"] == "timeout"]
    task_seconds = sum(r["seconds"] for r in checked if r["status"] == "ok")
    rate = len(checked) / run["wall"] if run["wall"] else 0.0
    figures = {
        "tasks": len(checked), "wall_seconds": round(run["wall"], 2), "tasks_per_second": round(rate, 2),
        "jobs": jobs, "sum_task_seconds": round(task_seconds, 2), "cpu_seconds": round(run["cpu"], 2),
        "cpu_bound_tasks_per_second": round(len(checked) * int(jobs) / run["cpu"], 2) if jobs.isdigit() and run["cpu"] else None,
        "parallel_efficiency": round(task_seconds / (run["wall"] * int(jobs)), 2) if jobs.isdigit() and run["wall"] else None,
        "peak_rss_sum_mb": round(peaks.rss_sum / 1024, 1), "peak_pss_sum_mb": round(peaks.pss_sum / 1024, 1),
        "peak_rss_single_mb": round(peaks.rss_single / 1024, 1), "processes": peaks.processes, "samples": peaks.samples,
        "errors": len(errors), "timeouts": len(timeouts), "returncode": run["returncode"],
        "traceback": "Traceback" in run["stderr"],
    }
    print(f"tasks: {figures['tasks']}  wall: {figures['wall_seconds']} s  throughput: {rate:.1f} tasks/s "
          f"(target >= {TARGET_TASKS_PER_SECOND})  jobs: {jobs}")
    print(f"sum of per-task check seconds: {task_seconds:.1f} s  CPU seconds of the process tree: {run['cpu']:.1f}  "
          f"parallel efficiency: {figures['parallel_efficiency']}")
    print(f"throughput if the {jobs} cores were ours alone (tasks x jobs / CPU seconds): "
          f"{figures['cpu_bound_tasks_per_second']} tasks/s")
    print(f"peak memory of the process tree: RSS sum {figures['peak_rss_sum_mb']} MB (target < {TARGET_PEAK_MB}), "
          f"PSS sum {figures['peak_pss_sum_mb']} MB, largest process RSS {figures['peak_rss_single_mb']} MB, "
          f"{peaks.processes} processes, {peaks.samples} samples")
    print(f"crashes: {len(errors)} task error(s), {len(timeouts)} timeout(s), exit code {run['returncode']}, "
          f"traceback: {'yes' if figures['traceback'] else 'no'}")
    for record in (errors + timeouts)[:10]:
        print(f"  {record['task']}: {record['status']}: {record['error']}")
    if summary is not None:
        tasks, claims = summary["tasks"], summary["claims"]
        print(f"summary: {tasks['ok']} ok / {tasks['error']} error / {tasks['timeout']} timeout / {tasks['no_report']} no report; "
              f"{claims['total']} claims ({claims['supported']} supported, {claims['contradicted']} contradicted, "
              f"{claims['unverifiable']} unverifiable); tasks with a contradicted claim: {summary['tasks_with_contradicted']} "
              f"({summary['contradicted_task_share']})")
        figures["summary"] = summary
    elif run["stderr"].strip():
        print("stderr: " + run["stderr"].strip().splitlines()[-1])
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--jobs", "-j", type=int, help="worker processes (default: the batch's default, all cores)")
    parser.add_argument("--task-timeout", type=float)
    parser.add_argument("--max-tasks-per-worker", type=int)
    parser.add_argument("--worker-max-rss", type=int, metavar="MB")
    parser.add_argument("--worker-max-private", type=int, metavar="MB")
    parser.add_argument("--overhead", type=int, default=0, metavar="N",
                        help="also time N tasks run with a 1 ms limit (every worker killed and replaced)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        print(f"skipped: {args.root} does not exist")
        return 0
    extra: list[str] = []
    for flag, value in (("--jobs", args.jobs), ("--task-timeout", args.task_timeout),
                        ("--max-tasks-per-worker", args.max_tasks_per_worker), ("--worker-max-rss", args.worker_max_rss),
                        ("--worker-max-private", args.worker_max_private)):
        if value is not None:
            extra += [flag, str(value)]
    jobs = str(args.jobs) if args.jobs else str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())
    figures = report(run_batch(args.root, extra), jobs)
    if args.overhead:
        figures["overhead"] = overhead(args.overhead, extra)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    return 0


def overhead(count: int, extra: list[str]) -> dict[str, Any]:
    """The batch machinery's own cost per task, on ``count`` synthetic tasks whose report holds no
    claim: once run normally (dispatch, pipe, results line) and once with a 1 ms time limit
    (every task's worker killed and a new one forked)."""
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "tasks"
        for index in range(count):
            lib = root / f"t{index:05d}" / "lib"
            lib.mkdir(parents=True)
            (lib / "MODEL_FAILURES.md").write_text("# Model failures\n\nNothing to report.\n")
        flags = [f for i, f in enumerate(extra) if f != "--task-timeout" and (i == 0 or extra[i - 1] != "--task-timeout")]
        for label, limit in (("normal", []), ("killed", ["--task-timeout", "0.001"])):
            run = run_batch(root, [*flags, *limit])
            statuses = [r["status"] for r in run["records"]]
            per_task = 1000 * run["wall"] / max(1, len(statuses))
            cpu_per_task = 1000 * run["cpu"] / max(1, len(statuses))
            figures[label] = {"tasks": len(statuses), "timeouts": statuses.count("timeout"),
                              "wall_seconds": round(run["wall"], 3), "ms_per_task": round(per_task, 2),
                              "cpu_seconds": round(run["cpu"], 3), "cpu_ms_per_task": round(cpu_per_task, 2)}
            print(f"machinery overhead, {label}: {len(statuses)} empty tasks ({statuses.count('timeout')} killed at 1 ms) "
                  f"in {run['wall']:.2f} s = {per_task:.1f} ms wall, {cpu_per_task:.1f} ms CPU per task "
                  "(including interpreter start, warm-up and discovery)")
    return figures


if __name__ == "__main__":
    sys.exit(main())
