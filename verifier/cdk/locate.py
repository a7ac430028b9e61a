"""Map a synthesized resource back to the source line that created its construct.

For a construct path ``Stack/Orders/Table/Resource`` the construct id searched for is the last
id that is not ``Resource``/``Default`` (``Table``), in ``new X(this, 'Table'`` (TypeScript)
or ``X(self, "Table"`` (Python) form in the app's source files.
"""

from __future__ import annotations

import re
from pathlib import Path

from verifier import safe_files

GENERATED_IDS = {"Resource", "Default"}


def construct_id(cdk_path: str) -> str | None:
    """The construct id a path's resource was written under in the source."""
    parts = [p for p in cdk_path.split("/")[1:] if p]
    while parts and parts[-1] in GENERATED_IDS:
        parts.pop()
    return parts[-1] if parts else None


class SourceIndex:
    """Lines of ``new X(this, 'Id'`` / ``X(self, "Id"`` per construct id in the given files."""

    PATTERN = re.compile(r"""(?:new\s+[\w.$]+\s*(?:<[^>]*>)?\s*\(\s*|[\w.]+\s*\(\s*)(?:this|self|scope|stack|[\w.]+)\s*,\s*(['"`])([^'"`]+?)\1""")

    def __init__(self, root: Path, files: dict[str, Path], warnings: list[str]) -> None:
        self.sites: dict[str, list[tuple[str, int]]] = {}
        for rel, path in files.items():
            try:
                text = safe_files.read_text(root, path)
            except safe_files.FileRefused as exc:
                warnings.append(str(exc))
                continue
            for match in self.PATTERN.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                self.sites.setdefault(match.group(2), []).append((rel, line))

    def find(self, cdk_path: str) -> tuple[str, int] | None:
        """The unique source site for the path's construct id (None when absent or ambiguous)."""
        parts = [p for p in cdk_path.split("/")[1:] if p and p not in GENERATED_IDS]
        for part in reversed(parts):
            sites = self.sites.get(part)
            if sites and len(sites) == 1:
                return sites[0]
            if sites:
                return None
        return None
