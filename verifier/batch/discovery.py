"""Find the task folders under a root: folders holding a report, plus task-like folders without one."""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass
from pathlib import Path

from verifier import safe_files
from verifier.task import REPORT_CANDIDATES

# Never descended into: vendored code, VCS data, CDK build output (plus safe_files' own list).
SKIP_DIRS = frozenset({"node_modules", ".git", "cdk.out"}) | frozenset(safe_files.SKIP_DIRS)
# A folder without a report still looks like a task when it holds one of these.
TASK_MARKERS = ("metadata.json", "lib")
# Reports found by pattern (after the known names) in the folder itself or its lib/.
REPORT_PATTERN_DIRS = (".", "lib")
REPORT_PATTERN = "MODEL_FAILURES*.md"


@dataclass(frozen=True)
class Found:
    """A discovered folder: its path relative to the root (POSIX, ``.`` for the root) and its report."""

    rel: str
    path: Path
    report: Path | None  # None: looks like a task but holds no report

    @property
    def has_report(self) -> bool:
        return self.report is not None


@dataclass
class Discovery:
    """Every task folder under a root in sorted order, and one-line warnings about unreadable folders."""

    found: list[Found]
    warnings: list[str]

    @property
    def tasks(self) -> list[Found]:
        return [f for f in self.found if f.has_report]


def report_of(folder: Path, report: str | None = None) -> Path | None:
    """The folder's report as ``verifier.task.find_report`` would pick it, without searching subfolders.

    ``report`` (a path relative to the folder) replaces the known names. A report whose resolved
    path leaves the folder (a symlink) does not count.
    """
    names = (report,) if report else REPORT_CANDIDATES
    for name in names:
        candidate = folder / name
        if candidate.is_file() and safe_files.inside(folder, candidate):
            return candidate
    if report:
        return None
    for sub in REPORT_PATTERN_DIRS:
        try:
            matches = sorted((folder / sub).glob(REPORT_PATTERN))
        except OSError:
            continue
        for candidate in matches:
            if candidate.is_file() and safe_files.inside(folder, candidate):
                return candidate
    return None


def _subfolders(folder: Path, warnings: list[str], root: Path) -> tuple[list[str], set[str]]:
    """Names of the folder's subfolders to descend into (no symlinks, hidden or skipped ones) and all entry names."""
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except OSError as exc:
        warnings.append(f"{safe_files.relative(root, folder) or '.'}: cannot list ({exc.strerror or exc}); skipped")
        return [], set()
    names = {entry.name for entry in listed}
    subfolders = []
    for entry in listed:
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_folder and not entry.name.startswith(".") and entry.name not in SKIP_DIRS:
            subfolders.append(entry.name)
    return sorted(subfolders), names


def _rel(root: Path, folder: Path) -> str:
    rel = folder.relative_to(root).as_posix()
    return rel if rel else "."


def discover(root: Path, report: str | None = None) -> Discovery:
    """Walk ``root`` (symlinked folders are never followed) and return its task folders.

    A folder with a report is a task and is not descended into. A folder without one that holds
    ``metadata.json`` or ``lib/`` is reported as having no report, unless a task lies beneath it.
    """
    root = Path(root)
    warnings: list[str] = []
    tasks: list[Found] = []
    candidates: list[Found] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        found = report_of(folder, report)
        if found is not None:
            tasks.append(Found(_rel(root, folder), folder, found))
            continue
        subfolders, names = _subfolders(folder, warnings, root)
        if any(marker in names for marker in TASK_MARKERS):
            candidates.append(Found(_rel(root, folder), folder, None))
        stack.extend(folder / name for name in reversed(subfolders))
    task_rels = sorted(t.rel for t in tasks)
    lonely = [c for c in candidates if not _has_task_beneath(c.rel, task_rels)]
    return Discovery(sorted(tasks + lonely, key=lambda f: f.rel), warnings)


def _has_task_beneath(rel: str, task_rels: list[str]) -> bool:
    """True when a task folder lies under ``rel`` (``task_rels`` sorted)."""
    if rel == ".":
        return bool(task_rels)
    prefix = rel + "/"
    index = bisect.bisect_left(task_rels, prefix)
    return index < len(task_rels) and task_rels[index].startswith(prefix)
