"""The platform a task is written for: metadata.json ``platform``/``language``, else the artifact kind found."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from verifier import safe_files
from verifier.task import TEMPLATE_SKIP_DIRS

PLATFORM_NAMES = {
    "cfn": "CloudFormation", "cloudformation": "CloudFormation", "tf": "Terraform", "terraform": "Terraform",
    "cdk": "CDK", "cdktf": "CDKTF", "pulumi": "Pulumi", "sam": "SAM",
}
LANGUAGE_NAMES = {
    "yaml": "YAML", "yml": "YAML", "json": "JSON", "hcl": "HCL", "ts": "TypeScript", "typescript": "TypeScript",
    "js": "JavaScript", "javascript": "JavaScript", "py": "Python", "python": "Python", "go": "Go",
    "java": "Java", "csharp": "C#", "cs": "C#",
}
# Kinds of the final artifacts a check lists, tried in order. A Terraform configuration is
# listed as its folder (an entry without a suffix); CDK apps as their source files or cdk.out templates.
ARTIFACT_KINDS = (
    (lambda f: f.endswith((".tf", ".tf.json")) or "." not in f.rsplit("/", 1)[-1], "Terraform"),
    (lambda f: "cdk.out/" in f, "CDK"),
    (lambda f: f.endswith((".ts", ".js")), "CDK TypeScript"),
    (lambda f: f.endswith(".py"), "CDK Python"),
    (lambda f: f.endswith((".yml", ".yaml", ".template")), "CloudFormation YAML"),
    (lambda f: f.endswith(".json"), "CloudFormation JSON"),
)
# Kinds of a folder nobody checked (a task that timed out), from its file names, tried in order.
FOLDER_KINDS = (
    (lambda f: f == "cdk.json" or f.endswith("/cdk.json"), "CDK"),
    (lambda f: f.endswith((".tf", ".tf.json")), "Terraform"),
    (lambda f: f.endswith((".yml", ".yaml", ".template")), "CloudFormation YAML"),
    (lambda f: f.endswith(".json") and not f.endswith("metadata.json"), "CloudFormation JSON"),
)
NO_ARTIFACTS = "no IaC found"
METADATA_LIMIT = 1024 * 1024


def metadata_platform(folder: Path) -> str | None:
    """``"CloudFormation YAML"`` from metadata.json's ``platform`` and ``language``; None without them."""
    path = folder / "metadata.json"
    if not path.is_file():
        return None
    try:
        data: Any = json.loads(safe_files.read_text(folder, path, limit=METADATA_LIMIT))
    except (safe_files.FileRefused, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("platform"), str):
        return None
    platform = data["platform"].strip()
    label = PLATFORM_NAMES.get(platform.lower(), platform)
    language = data.get("language")
    if isinstance(language, str) and language.strip():
        label += " " + LANGUAGE_NAMES.get(language.strip().lower(), language.strip())
    return label[:60]


def first_kind(files: Iterable[str], kinds) -> str:
    """The first kind in ``kinds`` that any of ``files`` has."""
    names = [f.replace("\\", "/").lower() for f in files]
    for test, kind in kinds:
        if any(test(name) for name in names):
            return kind
    return NO_ARTIFACTS


def platform_of(folder: Path, result: dict[str, Any] | None = None) -> str:
    """metadata.json's platform, else the kind of the artifacts the check found (or the folder holds)."""
    label = metadata_platform(folder)
    if label:
        return label
    if result is not None:
        return first_kind((result.get("artifacts") or {}).get("final") or [], ARTIFACT_KINDS)
    files = [safe_files.relative(folder, p) for p in safe_files.walk(folder, max_files=500)]
    return first_kind((f for f in files if not set(f.split("/")[:-1]) & TEMPLATE_SKIP_DIRS), FOLDER_KINDS)
