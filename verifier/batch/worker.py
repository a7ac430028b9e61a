"""Inside a worker process: apply the memory limit, then check the tasks the parent sends, one at a time."""

from __future__ import annotations

import os
import signal
import time
import warnings
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from verifier.batch.platforms import platform_of
from verifier.batch.records import Digest, digest_of, error_text, make_record, to_line

try:
    import resource
except ImportError:  # not on POSIX: no memory limit
    resource = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Job:
    """One task to check: its path relative to the root, its folder and its report."""

    rel: str
    folder: str
    report: str | None


@dataclass(frozen=True)
class Reply:
    """A finished task: its results line, its digest, and whether the worker must be replaced."""

    rel: str
    line: str
    digest: Digest
    error: str | None
    restart: bool = False
    rss_mb: float = 0.0  # the worker's resident memory after the task
    private_mb: float = 0.0  # the part of it no other process shares (what the task left behind)


def resident_mb() -> float:
    """This process's resident memory in MB (0 when unknown)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return 0.0


def private_mb() -> float:
    """This process's private memory in MB: resident pages not shared with the parent or other
    workers (``Private_*`` of /proc/self/smaps_rollup; 0 when unknown)."""
    total = 0
    try:
        with open("/proc/self/smaps_rollup") as handle:
            for line in handle:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return total / 1024


def _address_space() -> int:
    """This process's current virtual size in bytes (0 when unknown)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_memory(megabytes: int) -> bool:
    """Let this process grow by at most ``megabytes`` of address space (``RLIMIT_AS``); False when unsupported."""
    if resource is None or megabytes <= 0:
        return False
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = _address_space() + megabytes * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        return True
    except (ValueError, OSError):
        return False


def _quiet() -> None:
    """Nothing a task prints reaches the terminal or the summary on standard output."""
    warnings.simplefilter("ignore")
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def serve(conn: Connection, memory_mb: int, inherited: list[Connection]) -> None:
    """The worker's main loop: receive a ``Job``, send back a ``Reply``; stop on ``None`` or a closed pipe."""
    for other in inherited:  # the parent's ends of the other workers' pipes, copied by fork
        other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _quiet()
    limit_memory(memory_mb)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        reply = run_job(job)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return
        if reply.restart:
            return


def run_job(job: Job) -> Reply:
    """Check one task; any exception becomes the task's one-line error."""
    from verifier.api import check_task

    started = time.perf_counter()
    folder = Path(job.folder)
    result = None
    restart = False
    try:
        result = check_task(folder, job.report)
        status, error = "ok", None
    except MemoryError:
        status, error, restart = "error", "MemoryError: over the worker's memory limit", True
    except RecursionError:
        status, error = "error", "RecursionError: input nested too deeply"
    except (Exception, SystemExit) as exc:  # any failure of one task is that task's error, never the run's
        status, error = "error", error_text(exc)
    seconds = time.perf_counter() - started
    try:
        record = make_record(job.rel, status, error, seconds, platform_of(folder, result), result)
        line = to_line(record)
    except MemoryError:
        record = make_record(job.rel, "error", "MemoryError: result too large", seconds, "unknown", None)
        line, restart = to_line(record), True
    except Exception as exc:
        record = make_record(job.rel, "error", f"result not serializable ({error_text(exc)})", seconds, "unknown", None)
        line = to_line(record)
    return Reply(job.rel, line, digest_of(record), record["error"], restart, resident_mb(), private_mb())
