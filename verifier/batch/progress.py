"""Progress on standard error: a rich progress bar on a terminal, else one line per failed task only."""

from __future__ import annotations

import time
from typing import Protocol, TextIO

FAILED = ("error", "timeout")
REFRESH_SECONDS = 0.1


def failure_line(task: str, status: str, error: str | None) -> str:
    return f"iac-verify batch: {task}: {status}: {error or status}"


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, task: str, status: str, error: str | None) -> None: ...
    def close(self) -> None: ...


class LineProgress:
    """For logs and CI: nothing but one line for each task that failed."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def start(self, total: int) -> None:
        pass

    def advance(self, task: str, status: str, error: str | None) -> None:
        if status in FAILED:
            print(failure_line(task, status, error), file=self.stream, flush=True)

    def close(self) -> None:
        pass


class BarProgress:
    """A progress bar with counts, rate and time left; redrawn by the caller's thread only (no
    refresh thread, so forking workers never copies a held lock)."""

    def __init__(self, stream: TextIO):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.console = Console(file=stream)
        self.bar = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[counts]}"),
                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                            console=self.console, auto_refresh=False)
        self.task_id = self.bar.add_task("batch", total=0, counts="", rate="")
        self.failed = 0
        self.done = 0
        self.started = time.monotonic()
        self.drawn = 0.0

    def start(self, total: int) -> None:
        self.started = time.monotonic()
        self.bar.update(self.task_id, total=total)
        self.bar.start()
        self.bar.refresh()

    def advance(self, task: str, status: str, error: str | None) -> None:
        self.done += 1
        if status in FAILED:
            self.failed += 1
            self.console.print(failure_line(task, status, error), markup=False, highlight=False)
        now = time.monotonic()
        rate = self.done / max(now - self.started, 1e-9)
        self.bar.update(self.task_id, advance=1, counts=f"{self.failed} failed" if self.failed else "",
                        rate=f"{rate:.1f} tasks/s")
        if now - self.drawn >= REFRESH_SECONDS:
            self.drawn = now
            self.bar.refresh()

    def close(self) -> None:
        self.bar.refresh()
        self.bar.stop()


def make_progress(stream: TextIO, bar: bool | None = None) -> Progress:
    """A bar when ``stream`` is a terminal (or ``bar`` says so), else failure lines only."""
    is_tty = bar if bar is not None else bool(getattr(stream, "isatty", lambda: False)())
    return BarProgress(stream) if is_tty else LineProgress(stream)
