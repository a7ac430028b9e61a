"""Load synthesized templates (``cdk.out/*.template.json`` or a synth run's output folder) with
the CloudFormation loader, and tie each resource to its construct path and source line.
"""

from __future__ import annotations

from pathlib import Path

from verifier import safe_files
from verifier.cdk.locate import SourceIndex
from verifier.cfn import intrinsics
from verifier.cfn.decoder import DecodeError
from verifier.cfn.template import build_template, decode, looks_like_template
from verifier.model import Template

CDK_INTERNAL_TYPES = ("AWS::CDK::Metadata",)


def template_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.template.json") if p.is_file())


def load_synthesized(root: Path, files: list[Path], warnings: list[str], index: SourceIndex | None, base: Path | None = None) -> list[Template]:
    """Templates from synthesized JSON files; ``base`` is where ``files`` are read from
    (``root`` for cdk.out inside the app, the synth output folder otherwise)."""
    base = base or root
    templates = []
    for path in files:
        rel = safe_files.relative(root, path) if base == root else f"synth/{path.name}"
        try:
            text = safe_files.read_text(base, path, limit=20 * 1024 * 1024)
        except safe_files.FileRefused as exc:
            warnings.append(str(exc))
            continue
        try:
            document = decode(text, rel, "json")
            if not looks_like_template(document):
                continue
            template = build_template(document, rel, "json", text=text)
        except DecodeError as exc:
            warnings.append(f"{rel}: cannot parse as CloudFormation: {exc}")
            continue
        except (intrinsics.TooComplex, RecursionError) as exc:
            warnings.append(f"{rel}: {exc or 'nested too deeply'}; not checked")
            continue
        attach_construct_paths(template, index)
        templates.append(template)
    return templates


def attach_construct_paths(template: Template, index: SourceIndex | None) -> None:
    """``attributes["cdk_path"]`` from ``Metadata["aws:cdk:path"]``; source file:line when found."""
    for logical_id in list(template.resources):
        resource = template.resources[logical_id]
        if resource.type in CDK_INTERNAL_TYPES:
            del template.resources[logical_id]
            continue
        metadata = resource.attributes.get("Metadata")
        path = metadata.get("aws:cdk:path") if isinstance(metadata, dict) else None
        if not isinstance(path, str):
            continue
        resource.attributes["cdk_path"] = path
        site = index.find(path) if index is not None else None
        if site is not None:
            resource.attributes["synth_file"], resource.attributes["synth_line"] = resource.file, resource.line
            resource.attributes["source"] = f"{site[0]}:{site[1]}"
            resource.file, resource.line = site
            resource.lines = {}  # lines of the JSON no longer apply; evidence points at the construct
