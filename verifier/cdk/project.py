"""What a CDK app folder holds: cdk.json (app command, context), source files, language, entry.

All reads go through ``safe_files``; problems become one-line warnings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verifier import safe_files

SOURCE_SUFFIXES = {".ts": "typescript", ".js": "typescript", ".mjs": "typescript", ".py": "python"}
SKIP_DIRS = {"cdk.out", "test", "tests", "__tests__", "coverage", "node_modules", "cfn-outputs"}
CDK_IMPORT = re.compile(r"""(['"]aws-cdk-lib(?:/[\w-]+)?['"]|\bfrom\s+aws_cdk\b|\bimport\s+aws_cdk\b|['"]@aws-cdk/)""")
ENTRY_GUESSES = ("bin/tap.ts", "bin/app.ts", "bin/main.ts", "app.py", "tap.py", "main.py", "bin/tap.js", "bin/app.js")


@dataclass
class CdkProject:
    root: Path
    app_command: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)  # relative path -> file
    entry: str | None = None
    language: str = "typescript"


def read_json(root: Path, path: Path, warnings: list[str]) -> Any:
    if not path.is_file():
        return None
    try:
        return json.loads(safe_files.read_text(root, path, limit=1024 * 1024))
    except safe_files.FileRefused as exc:
        warnings.append(str(exc))
    except ValueError as exc:
        warnings.append(f"{safe_files.relative(root, path)}: not valid JSON ({exc})")
    except RecursionError:
        warnings.append(f"{safe_files.relative(root, path)}: JSON nested too deeply; not read")
    return None


def source_files(root: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in safe_files.walk(root):
        rel = safe_files.relative(root, path)
        parts = set(rel.split("/")[:-1])
        if parts & SKIP_DIRS or rel.endswith(".d.ts") or path.suffix not in SOURCE_SUFFIXES:
            continue
        if path.suffix == ".js" and path.with_suffix(".ts").exists():
            continue  # compiled output next to its source
        if rel.endswith((".test.ts", ".spec.ts", "_test.py")) or path.name.startswith("test_") or path.name in ("jest.config.js", "setup.py", "conftest.py"):
            continue
        found[rel] = path
    return found


def load_project(root: Path, warnings: list[str]) -> CdkProject:
    project = CdkProject(root=root)
    config = read_json(root, root / "cdk.json", warnings)
    if isinstance(config, dict):
        if isinstance(config.get("app"), str):
            project.app_command = config["app"]
        if isinstance(config.get("context"), dict):
            project.context.update(config["context"])
    cached = read_json(root, root / "cdk.context.json", warnings)
    if isinstance(cached, dict):
        project.context.update(cached)
    project.sources = source_files(root)
    project.entry = find_entry(project)
    if project.entry is not None:
        project.language = SOURCE_SUFFIXES.get(Path(project.entry).suffix, "typescript")
    elif any(p.endswith(".py") for p in project.sources) and not any(p.endswith(".ts") for p in project.sources):
        project.language = "python"
    return project


def find_entry(project: CdkProject) -> str | None:
    """The app's entry file from cdk.json's ``app`` command, else a conventional name."""
    if project.app_command:
        for token in project.app_command.replace('"', " ").replace("'", " ").split():
            clean = token.lstrip("./")
            if clean in project.sources:
                return clean
    for guess in ENTRY_GUESSES:
        if guess in project.sources:
            return guess
    return None


def is_cdk_app(root: Path) -> bool:
    """cdk.json present, or a source file importing aws-cdk-lib / aws_cdk."""
    if (root / "cdk.json").is_file():
        return True
    for path in list(source_files(root).values())[:200]:
        try:
            text = safe_files.read_text(root, path, limit=512 * 1024)
        except safe_files.FileRefused:
            continue
        if CDK_IMPORT.search(text):
            return True
    return False
