"""``--resume``: read an earlier results file, tolerate a torn last line, and say which tasks are done."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verifier.batch.records import Digest, digest_of

RETRIED_STATUSES = ("error", "timeout")  # run again with --retry-errors


@dataclass
class Previous:
    """What an earlier run left: the last digest per task, and what was wrong with the file."""

    digests: dict[str, Digest] = field(default_factory=dict)
    torn_bytes: int = 0  # length of an unfinished last line (cut off before appending)
    bad_lines: int = 0  # complete lines that are not a results record

    def done(self, retry_errors: bool) -> set[str]:
        """Tasks not to run again (``no-report`` entries are decided by discovery afresh)."""
        skipped = ("no-report", *RETRIED_STATUSES) if retry_errors else ("no-report",)
        return {task for task, digest in self.digests.items() if digest.status not in skipped}

    def warnings(self, path: Path) -> list[str]:
        found = []
        if self.torn_bytes:
            found.append(f"{path}: dropped an unfinished last line ({self.torn_bytes} bytes); that task runs again")
        if self.bad_lines:
            found.append(f"{path}: {self.bad_lines} line(s) are not results records; ignored")
        return found


def iter_lines(path: Path) -> Iterator[tuple[bytes, bool]]:
    """Each line of ``path`` without its newline, flagged True when it is complete (ends in a newline)."""
    with open(path, "rb") as handle:
        for line in handle:
            complete = line.endswith(b"\n")
            yield line.rstrip(b"\r\n"), complete


def parse_record(line: bytes) -> dict[str, Any] | None:
    """A results record, or None for a blank or malformed line."""
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("task"), str) else None


def read_previous(path: Path) -> Previous:
    """Digest every complete record of ``path`` (a later line for the same task wins)."""
    previous = Previous()
    for line, complete in iter_lines(path):
        if not complete:
            previous.torn_bytes = len(line)
            break
        record = parse_record(line)
        if record is None:
            previous.bad_lines += bool(line.strip())
            continue
        previous.digests[record["task"]] = digest_of(record)
    return previous


def cut_torn_tail(path: Path) -> None:
    """Drop an unfinished last line so that appended lines start on a line of their own."""
    with open(path, "rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return
        end = size
        while end > 0:
            start = max(0, end - 65536)
            handle.seek(start)
            chunk = handle.read(end - start)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                handle.truncate(start + newline + 1)
                return
            end = start
        handle.truncate(0)


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every complete record of a results file, the last line per task winning, in file order."""
    records: dict[str, dict[str, Any]] = {}
    for line, complete in iter_lines(path):
        record = parse_record(line) if complete else None
        if record is not None:
            records.pop(record["task"], None)
            records[record["task"]] = record
    return list(records.values())
