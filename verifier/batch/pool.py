"""Long-lived worker processes that check tasks in parallel; a task over its time limit is killed.

Workers are forked from the parent (imports done once, shared), get one task at a time over a
pipe and stream back one results line each. A worker whose task runs over ``task_timeout`` is
killed and replaced by a fresh fork, and the task is recorded as ``timeout``; a worker that dies
(a crash, the kernel's OOM killer) costs only its current task, recorded as ``error``.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from verifier.batch.platforms import platform_of
from verifier.batch.records import digest_of, make_record, to_line
from verifier.batch.warmup import warm_up
from verifier.batch.worker import Job, Reply, serve

JOIN_SECONDS = 5.0


@dataclass(frozen=True)
class PoolSettings:
    """Worker count, per-task time limit (seconds), per-worker memory growth limit (MB, 0: none),
    how many tasks a worker checks before it is replaced, and the resident size (MB) over which
    it is replaced after a task (0: never), and the same for its private (unshared) memory."""

    jobs: int
    task_timeout: float
    memory_mb: int = 0
    max_tasks_per_worker: int = 0
    recycle_rss_mb: int = 0
    recycle_private_mb: int = 0


def start_context() -> multiprocessing.context.BaseContext:
    """Fork where available (workers share the parent's imports), else the platform default."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


class Worker:
    """One worker process, its pipe, and the task it is checking (with its start time)."""

    def __init__(self, context: multiprocessing.context.BaseContext, memory_mb: int, others: list[Connection]):
        sys.stdout.flush()
        sys.stderr.flush()
        self.conn, child = context.Pipe(duplex=True)
        inherited = others if context.get_start_method() == "fork" else []
        self.process = context.Process(target=serve, args=(child, memory_mb, inherited), daemon=True)
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.started = 0.0
        self.checked = 0

    def give(self, job: Job) -> bool:
        """Send a task; False when the worker is gone."""
        try:
            self.conn.send(job)
        except (OSError, ValueError):
            return False
        self.job, self.started = job, time.monotonic()
        return True

    def stop(self, kill: bool = False) -> None:
        """End the process (politely unless ``kill``) and close the pipe."""
        if kill and self.process.is_alive():
            self.process.kill()
        elif not kill:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
        self.process.join(JOIN_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(JOIN_SECONDS)
        self.conn.close()

    def death(self) -> str:
        """Why the process ended, as one line."""
        self.process.join(JOIN_SECONDS)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return f"worker process killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"worker process killed by signal {-code}"
        return f"worker process exited (code {code})"


def _failure(job: Job, status: str, error: str, seconds: float) -> Reply:
    """A results line the parent writes for a task its worker could not finish."""
    record = make_record(job.rel, status, error, seconds, platform_of(Path(job.folder)), None)
    return Reply(job.rel, to_line(record), digest_of(record), error)


def run_jobs(jobs: Iterable[Job], settings: PoolSettings) -> Iterator[Reply]:
    """Check every job in parallel and yield each reply as it arrives (not in job order)."""
    queue = deque(jobs)
    if not queue:
        return
    warm_up()
    context = start_context()
    workers: list[Worker] = []

    def spawn() -> Worker:
        worker = Worker(context, settings.memory_mb, [w.conn for w in workers])
        workers.append(worker)
        return worker

    def replace(worker: Worker, kill: bool) -> None:
        workers.remove(worker)
        worker.stop(kill=kill)
        if queue:
            spawn()

    try:
        for _ in range(max(1, min(settings.jobs, len(queue)))):
            spawn()
        while True:
            for worker in [w for w in workers if w.job is None]:
                while queue and worker.job is None:
                    job = queue.popleft()
                    if not worker.give(job):
                        yield _failure(job, "error", worker.death(), 0.0)
                        replace(worker, kill=True)
                        break
            busy = [w for w in workers if w.job is not None]
            if not busy:
                return
            now = time.monotonic()
            wait_for = max(0.0, min(w.started + settings.task_timeout for w in busy) - now)
            ready = wait([w.conn for w in busy], timeout=wait_for)
            for worker in [w for w in busy if w.conn in ready]:
                yield from _collect(worker, settings, replace)
            now = time.monotonic()
            for worker in [w for w in busy if w in workers and w.job is not None and now - w.started >= settings.task_timeout]:
                job, elapsed = worker.job, now - worker.started
                worker.job = None
                replace(worker, kill=True)
                yield _failure(job, "timeout", f"over the {settings.task_timeout:g} s time limit; killed", elapsed)
    finally:
        for worker in list(workers):
            worker.stop(kill=worker.job is not None)


def _worn_out(worker: Worker, reply: Reply, settings: PoolSettings) -> bool:
    """True when the worker has checked its quota of tasks or grown over the resident or private limit."""
    return bool((settings.max_tasks_per_worker and worker.checked >= settings.max_tasks_per_worker)
                or (settings.recycle_rss_mb and reply.rss_mb > settings.recycle_rss_mb)
                or (settings.recycle_private_mb and reply.private_mb > settings.recycle_private_mb))


def _collect(worker: Worker, settings: PoolSettings, replace) -> Iterator[Reply]:
    """The reply of a worker whose pipe is readable (or the error of a worker that died)."""
    job, elapsed = worker.job, time.monotonic() - worker.started
    assert job is not None
    try:
        reply: Reply = worker.conn.recv()
    except (EOFError, OSError):
        worker.job = None
        error = worker.death()
        replace(worker, kill=True)
        yield _failure(job, "error", error, elapsed)
        return
    worker.job = None
    worker.checked += 1
    if reply.restart or _worn_out(worker, reply, settings):
        replace(worker, kill=reply.restart)
    yield reply
