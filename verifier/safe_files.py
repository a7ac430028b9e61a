"""Reading files of an untrusted task folder safely.

Only regular files inside the task root are read (symlinks that lead outside are refused), up to
a size limit, and text is decoded leniently so odd encodings never raise. Every refusal becomes a
one-line warning for the caller.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_TEXT_BYTES = 5 * 1024 * 1024
SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".terraform", "dist", "build", "coverage", ".pytest_cache"}


class FileRefused(Exception):
    """A file that is not read; the message is one line."""


def inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


def read_text(root: Path, path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """Return the text of ``path`` or raise ``FileRefused`` with the reason."""
    rel = relative(root, path)
    if not inside(root, path):
        raise FileRefused(f"{rel}: points outside the task folder; not read")
    try:
        if not path.is_file():
            raise FileRefused(f"{rel}: not a regular file")
        size = path.stat().st_size
        if size > limit:
            raise FileRefused(f"{rel}: {size // 1024} KiB is over the {limit // 1024} KiB limit; not read")
        data = path.read_bytes()
    except PermissionError:
        raise FileRefused(f"{rel}: permission denied") from None
    except OSError as exc:
        raise FileRefused(f"{rel}: cannot read ({exc.strerror or exc})") from None
    if b"\x00" in data[:8192]:
        raise FileRefused(f"{rel}: binary file (NUL bytes); not read")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace")


def relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def walk(root: Path, max_files: int = 5000) -> list[Path]:
    """Files under root (not following directory symlinks), skipping vendored and VCS folders."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            found.append(Path(dirpath) / name)
            if len(found) >= max_files:
                return found
    return found
