"""Reading JSON and text for the fact readers: through ``safe_files``, problems become warnings.

Also lists the files of a top-level ``coverage/`` folder, which ``safe_files.walk`` leaves out as
generated output but which is where coverage and results reports usually are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from verifier import safe_files

REPORT_DIRS = ("coverage",)


def read_text(root: Path, path: Path, warnings: list[str]) -> str | None:
    """Text of ``path`` or None with a warning when it exists but is refused."""
    try:
        return safe_files.read_text(root, path)
    except safe_files.FileRefused as exc:
        warnings.append(str(exc))
        return None


def read_json(root: Path, path: Path, warnings: list[str]) -> Any | None:
    """Decoded JSON of ``path``; None (and a warning) when refused or broken."""
    text = read_text(root, path, warnings)
    if text is None:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        warnings.append(f"{safe_files.relative(root, path)}: broken JSON at line {exc.lineno}: {exc.msg}; not used")
    except (ValueError, RecursionError) as exc:
        warnings.append(f"{safe_files.relative(root, path)}: JSON not decoded ({type(exc).__name__}); not used")
    return None


def report_files(root: Path, files: list[Path]) -> list[Path]:
    """``files`` plus the files under top-level report folders such as ``coverage/``."""
    extra: list[Path] = []
    for name in REPORT_DIRS:
        folder = root / name
        if folder.is_dir() and not folder.is_symlink() and safe_files.inside(root, folder):
            extra.extend(safe_files.walk(folder, max_files=500))
    seen = set(files)
    return list(files) + [path for path in extra if path not in seen]
