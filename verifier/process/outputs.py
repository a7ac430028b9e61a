"""Read deployment outputs (stack output name -> value) saved in a task folder.

Looked at, first found wins for a name: ``cfn-outputs/flat-outputs.json``, the other
``cfn-outputs/*.json`` in name order, then ``flat-outputs.json`` at the top. A file may be flat
(``{"BucketName": "x"}``), keyed by stack (``{"Stack": {"BucketName": "x"}}``, as ``cdk deploy
--outputs-file`` writes) or a CloudFormation ``Outputs`` list (``[{"OutputKey": .., "OutputValue": ..}]``,
also under a stack name or as ``describe-stacks`` output).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verifier import safe_files
from verifier.process import sources

OUTPUT_DIR = "cfn-outputs"
PRIMARY = "flat-outputs.json"


@dataclass(frozen=True)
class OutputValue:
    """One output's value and the file it was read from."""

    value: Any
    path: str


def output_files(root: Path) -> list[Path]:
    folder = root / OUTPUT_DIR
    files: list[Path] = []
    if folder.is_dir() and safe_files.inside(root, folder):
        try:
            others = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".json" and p.name != PRIMARY)
        except OSError:
            others = []
        files = ([folder / PRIMARY] if (folder / PRIMARY).is_file() else []) + others
    if (root / PRIMARY).is_file():
        files.append(root / PRIMARY)
    return files


def read_outputs(root: Path, warnings: list[str]) -> dict[str, OutputValue]:
    """Flat mapping of output name -> ``OutputValue``; conflicting later values are warned about."""
    found: dict[str, OutputValue] = {}
    for path in output_files(root):
        rel = safe_files.relative(root, path)
        data = sources.read_json(root, path, warnings)
        if data is None:
            continue
        pairs = flatten_outputs(data)
        if pairs is None:
            warnings.append(f"{rel}: not a recognised outputs layout; not used")
            continue
        for name, value in pairs:
            if name not in found:
                found[name] = OutputValue(value, rel)
            elif found[name].value != value:
                warnings.append(f"{rel}: output {name} differs from {found[name].path}; the first is kept")
    return found


def _output_list(items: list[Any]) -> list[tuple[str, Any]] | None:
    pairs = []
    for item in items:
        if not isinstance(item, dict) or "OutputKey" not in item:
            return None
        pairs.append((str(item["OutputKey"]), item.get("OutputValue")))
    return pairs


def flatten_outputs(data: Any) -> list[tuple[str, Any]] | None:
    """(name, value) pairs of one outputs file, None for a layout that is not one of the known ones."""
    if isinstance(data, list):
        return _output_list(data)
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("Outputs"), list):
        return _output_list(data["Outputs"])
    if isinstance(data.get("Stacks"), list):  # aws cloudformation describe-stacks
        stacks = [stack.get("Outputs", []) for stack in data["Stacks"] if isinstance(stack, dict)]
        lists = [_output_list(outputs) if isinstance(outputs, list) else None for outputs in stacks]
        return None if any(item is None for item in lists) else [pair for item in lists for pair in item or []]
    pairs: list[tuple[str, Any]] = []
    for key, value in data.items():
        if isinstance(value, dict) and value and all(not isinstance(v, (dict, list)) for v in value.values()):
            pairs += [(str(name), item) for name, item in value.items()]  # keyed by stack name
        elif isinstance(value, list) and value and _output_list(value) is not None:
            pairs += _output_list(value) or []
        else:
            pairs.append((str(key), value))
    return pairs
