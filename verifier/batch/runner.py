"""Run a batch: discover, take the shard, skip what an earlier run did, check the rest in parallel,
stream one results line per task, and summarize."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from verifier.batch.discovery import Found, discover
from verifier.batch.platforms import platform_of
from verifier.batch.pool import PoolSettings, run_jobs
from verifier.batch.progress import Progress
from verifier.batch.records import Digest, as_check_result, digest_of, make_record, to_line
from verifier.batch.resume import Previous, cut_torn_tail, read_previous, read_records
from verifier.batch.sharding import take_shard
from verifier.batch.summary import summarize
from verifier.batch.worker import Job


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass
class BatchOptions:
    """What ``iac-verify batch`` was asked to do."""

    root: Path
    out: Path | None = None
    resume: bool = False
    retry_errors: bool = False
    shard: tuple[int, int] | None = None
    jobs: int = field(default_factory=default_jobs)
    task_timeout: float = 60.0
    task_memory_mb: int = 2048
    max_tasks_per_worker: int = 0
    worker_max_rss_mb: int = 0
    report: str | None = None
    fail_on: str = "contradicted"
    keep_results: bool = False  # return every task's check result (for the result formats)
    worker_max_private_mb: int = 0  # replace a worker whose unshared memory grew over this (0: never)


@dataclass
class BatchOutcome:
    """The summary, one-line warnings about the run, and the results when asked for."""

    summary: dict[str, Any]
    warnings: list[str]
    results: list[dict[str, Any]] | None = None

    @property
    def failed(self) -> bool:
        return bool(self.summary["gate"]["failed"])


@contextmanager
def _results_file(options: BatchOptions, previous: Previous) -> Iterator[IO[str] | None]:
    """The --out file, opened to append after a resumed run's lines or truncated for a fresh run."""
    if options.out is None:
        yield None
        return
    if previous.torn_bytes:
        cut_torn_tail(options.out)
    mode = "a" if options.resume else "w"
    with open(options.out, mode, encoding="utf-8") as handle:
        yield handle


def run_batch(options: BatchOptions, progress: Progress) -> BatchOutcome:
    """Check every task under ``options.root``; never raises for a task's failure (OSError on --out)."""
    started = time.monotonic()
    root = Path(options.root)
    discovery = discover(root, options.report)
    found = take_shard(discovery.found, lambda f: f.rel, options.shard)
    warnings = list(discovery.warnings)
    previous = Previous()
    if options.resume and options.out is not None and options.out.is_file():
        previous = read_previous(options.out)
        warnings += previous.warnings(options.out)
    done = previous.done(options.retry_errors)
    digests: dict[str, Digest] = {f.rel: previous.digests[f.rel] for f in found if f.rel in previous.digests}
    to_check = [f for f in found if f.has_report and f.rel not in done]
    lines: list[str] = []
    with _results_file(options, previous) as handle:

        def emit(line: str, digest: Digest) -> None:
            digests[digest.task] = digest
            if handle is not None:
                handle.write(line + "\n")
                handle.flush()
            elif options.keep_results:
                lines.append(line)

        for item in found:
            if not item.has_report and (item.rel not in digests or digests[item.rel].status != "no-report"):
                record = make_record(item.rel, "no-report", "no report", 0.0, platform_of(item.path), None)
                emit(to_line(record), digest_of(record))
        progress.start(len(to_check))
        try:
            for reply in run_jobs((_job(f) for f in to_check), _pool_settings(options)):
                emit(reply.line, reply.digest)
                progress.advance(reply.rel, reply.digest.status, reply.error)
        finally:
            progress.close()
    wall = time.monotonic() - started
    run = {
        "root": str(root), "shard": f"{options.shard[0]}/{options.shard[1]}" if options.shard else None,
        "jobs": options.jobs, "task_timeout": options.task_timeout, "discovered": len(found),
        "checked": len(to_check), "resumed": len(found) - len(to_check) - sum(not f.has_report for f in found),
        "wall_seconds": round(wall, 3), "tasks_per_second": round(len(to_check) / wall, 2) if wall > 0 else None,
    }
    summary = summarize((digests[f.rel] for f in found if f.rel in digests), run, options.fail_on)
    results = _results(options, found, lines) if options.keep_results else None
    return BatchOutcome(summary, warnings, results)


def _job(found: Found) -> Job:
    return Job(found.rel, str(found.path), str(found.report) if found.report is not None else None)


def _pool_settings(options: BatchOptions) -> PoolSettings:
    return PoolSettings(options.jobs, options.task_timeout, options.task_memory_mb, options.max_tasks_per_worker,
                        options.worker_max_rss_mb, options.worker_max_private_mb)


def _results(options: BatchOptions, found: list[Found], lines: list[str]) -> list[dict[str, Any]]:
    """Every task's check result in discovery order (read back from --out when there is one)."""
    records = read_records(options.out) if options.out is not None else [json.loads(line) for line in lines]
    by_task = {r["task"]: r for r in records}
    return [as_check_result(by_task[f.rel], Path(options.root)) for f in found if f.rel in by_task]
