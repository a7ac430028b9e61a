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
    """True when ``path``, with every symlink resolved, lies inside the resolved ``root``.

    A path that cannot be resolved (a symlink loop raises ``RuntimeError`` before Python 3.13,
    ``OSError`` on permission problems) counts as outside.
    """
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def read_text(root: Path, path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """Return the text of ``path`` or raise ``FileRefused`` with the reason."""
    rel = relative(root, path)
    target = _resolved(path, rel)
    if not inside(root, target):
        raise FileRefused(f"{rel}: points outside the task folder; not read")
    return decode_bytes(_read_bytes(target, rel, limit), rel)


def _resolved(path: Path, rel: str) -> Path:
    """``path`` with its symlinks resolved; a loop or an unreadable link is refused."""
    try:
        return path.resolve()
    except RuntimeError:
        raise FileRefused(f"{rel}: symlink loop; not read") from None
    except OSError as exc:
        raise FileRefused(f"{rel}: cannot resolve ({exc.strerror or exc})") from None


def _read_bytes(path: Path, rel: str, limit: int) -> bytes:
    """The bytes of a regular file up to ``limit``; anything else is refused."""
    try:
        if not path.is_file():
            raise FileRefused(f"{rel}: not a regular file")
        size = path.stat().st_size
        if size > limit:
            raise FileRefused(f"{rel}: {size // 1024} KiB is over the {limit // 1024} KiB limit; not read")
        return path.read_bytes()
    except PermissionError:
        raise FileRefused(f"{rel}: permission denied") from None
    except OSError as exc:
        raise FileRefused(f"{rel}: cannot read ({exc.strerror or exc})") from None


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
)


def decode_bytes(data: bytes, rel: str) -> str:
    """Decode leniently: a BOM decides the encoding (UTF-8 otherwise); NUL bytes mean binary."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    text = data.decode(encoding, errors="replace")
    if "\x00" in text[:8192]:
        raise FileRefused(f"{rel}: binary file (NUL bytes); not read")
    return text


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
