"""Find and load what a task folder holds: the report, the final templates, the model's answer.

A task folder (as in IaC training pipelines) looks like ``lib/MODEL_FAILURES.md`` (the report),
``lib/*.yml|*.json`` (the final templates, often a YAML file and its JSON twin),
``lib/MODEL_RESPONSE.md`` (the model's original answer with its code in fenced blocks),
``metadata.json`` and sometimes ``lib/AWS_REGION``. Nothing here raises on bad input: problems
become one-line warnings and the rest is still loaded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verifier import globs, safe_files
from verifier.cfn import intrinsics
from verifier.cfn.decoder import DecodeError
from verifier.cfn.template import build_template, decode, looks_like_template
from verifier.fences import Fence, fences
from verifier.model import ArtifactSet, Template

REPORT_CANDIDATES = ("lib/MODEL_FAILURES.md", "MODEL_FAILURES.md", "lib/model_failures.md", "docs/MODEL_FAILURES.md")
MODEL_ANSWER_CANDIDATES = ("lib/MODEL_RESPONSE.md", "MODEL_RESPONSE.md")
IDEAL_ANSWER_CANDIDATES = ("lib/IDEAL_RESPONSE.md", "IDEAL_RESPONSE.md")
PROMPT_CANDIDATES = ("lib/PROMPT.md", "PROMPT.md")
REGION_FILES = ("lib/AWS_REGION", "AWS_REGION")
TEMPLATE_SUFFIXES = {".yml": "yaml", ".yaml": "yaml", ".json": "json", ".template": "yaml"}
NOT_TEMPLATES = {"metadata.json", "package.json", "package-lock.json", "tsconfig.json", "cdk.json", "cdk.context.json"}
TEMPLATE_SKIP_DIRS = {"test", "tests", "__tests__", "cdk.out", "cfn-outputs", "coverage"}
FENCE_FORMATS = {"yaml": "yaml", "yml": "yaml", "json": "json", "": "yaml", "cloudformation": "yaml"}


@dataclass
class Task:
    root: Path
    report_path: Path | None = None
    final: ArtifactSet = field(default_factory=lambda: ArtifactSet("final"))
    model: ArtifactSet = field(default_factory=lambda: ArtifactSet("model"))
    model_answer: str | None = None  # text of MODEL_RESPONSE.md
    model_answer_file: str | None = None
    ideal_answer: str | None = None
    prompt: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    region: str | None = None
    region_source: str | None = None
    warnings: list[str] = field(default_factory=list)
    model_side_files: list[Path] = field(default_factory=list)  # model_template.json and the like
    var_files: list[Path] = field(default_factory=list)  # Terraform -var-file arguments
    synth: bool = False  # synthesize a CDK app (runs the app's code; opt-in)
    synth_timeout: float = 300
    include: tuple[str, ...] = ()  # artifact globs (configuration): only these files are loaded when given
    exclude: tuple[str, ...] = ()  # artifact globs never loaded

    def rel(self, path: Path) -> str:
        return safe_files.relative(self.root, path)

    def wanted(self, path: Path) -> bool:
        """Whether the configured include/exclude globs let this artifact file be loaded."""
        return globs.selected(self.rel(path), self.include, self.exclude)


def _first_existing(root: Path, names: tuple[str, ...]) -> Path | None:
    for name in names:
        candidate = root / name
        if candidate.is_file():
            return candidate
    return None


def find_report(root: Path) -> Path | None:
    """The task's report: the first known name, else any MODEL_FAILURES*.md, never outside ``root``.

    A candidate whose resolved path leaves the task folder (a symlinked ``lib/`` or report) is
    skipped, so the report read later is always the task's own.
    """
    for name in REPORT_CANDIDATES:
        candidate = root / name
        if candidate.is_file() and safe_files.inside(root, candidate):
            return candidate
    try:
        found = sorted(root.glob("**/MODEL_FAILURES*.md"))
    except OSError:
        return None
    for path in found:
        if path.is_file() and safe_files.inside(root, path):
            return path
    return None


def _read_optional(task: Task, names: tuple[str, ...]) -> tuple[str | None, Path | None]:
    path = _first_existing(task.root, names)
    if path is None:
        return None, None
    try:
        return safe_files.read_text(task.root, path), path
    except safe_files.FileRefused as exc:
        task.warnings.append(str(exc))
        return None, None


def _load_metadata(task: Task) -> None:
    path = task.root / "metadata.json"
    if not path.is_file():
        return
    try:
        data = json.loads(safe_files.read_text(task.root, path, limit=1024 * 1024))
    except safe_files.FileRefused as exc:
        task.warnings.append(str(exc))
        return
    except ValueError as exc:
        task.warnings.append(f"metadata.json: not valid JSON ({exc})")
        return
    except RecursionError:
        task.warnings.append("metadata.json: JSON nested too deeply; not read")
        return
    if isinstance(data, dict):
        task.metadata = data


def _load_region(task: Task) -> None:
    text, path = _read_optional(task, REGION_FILES)
    if text and text.strip() and len(text.strip()) < 40:
        task.region, task.region_source = text.strip().split()[0], task.rel(path)  # type: ignore[arg-type]
    elif isinstance(task.metadata.get("region"), str):
        task.region, task.region_source = task.metadata["region"], "metadata.json"


def _template_files(root: Path) -> list[Path]:
    files = []
    for path in safe_files.walk(root):
        parts = set(path.relative_to(root).parts[:-1])
        if parts & TEMPLATE_SKIP_DIRS or path.name in NOT_TEMPLATES or path.name.endswith("outputs.json"):
            continue
        if path.suffix.lower() in TEMPLATE_SUFFIXES:
            files.append(path)
    return files


def _add_template(artifacts: ArtifactSet, template: Template) -> None:
    """Add unless a twin (same resources and types) is there already."""
    signature = template.signature()
    for kept in artifacts.templates:
        if kept.signature() == signature:
            artifacts.twins[template.file] = kept.file
            return
    artifacts.templates.append(template)


MODEL_SIDE_FILE = re.compile(r"(?:^|[_.-])(?:model|original|initial|before|old)(?:[_.-]|$)|model_?response", re.I)


def _load_final(task: Task) -> None:
    """Templates of the task folder. Files named as the model's version (``model_template.json``,
    ``original.yaml``) are kept apart for the model side."""
    task.final.region, task.final.region_source = task.region, task.region_source
    candidates = [p for p in _template_files(task.root) if task.wanted(p)]
    # YAML first: when a YAML template and its JSON twin both exist, evidence points at the YAML.
    candidates.sort(key=lambda p: (TEMPLATE_SUFFIXES[p.suffix.lower()] != "yaml", len(p.parts), p.name))
    documents: dict[str, Any] = {}  # file of each template kept so far -> its decoded document
    for path in candidates:
        if MODEL_SIDE_FILE.search(path.stem):
            task.model_side_files.append(path)
            continue
        twin = _same_document(task, path, documents)
        if twin is not None:
            task.final.twins[task.rel(path)] = twin
            continue
        template = _load_file(task, path, documents)
        if template is not None:
            _add_template(task.final, template)
            if template.file in task.final.twins:  # a twin by resources and types: not kept
                documents.pop(template.file, None)
    _load_terraform(task)
    _load_cdk(task)


def _load_cdk(task: Task) -> None:
    """A CDK app: its cdk.out templates, a synthesis (only with --synth: it runs the app's code),
    or a static reading of its source."""
    if not (task.root / "cdk.json").is_file() and not any(
        p.suffix in (".ts", ".py") and p.relative_to(task.root).parts[0] in ("lib", "bin", p.name)
        for p in safe_files.walk(task.root)
    ):
        return
    from verifier import cdk

    if not cdk.is_cdk_app(task.root) or not task.wanted(task.root / "cdk.json"):  # an app is taken or left whole
        return
    before = len(task.warnings)
    for template in cdk.load_cdk(task.root, task.warnings, synth=task.synth, timeout_s=task.synth_timeout):
        _add_template(task.final, template)
    task.final.unread.extend(w.split(":", 1)[0] for w in task.warnings[before:] if "syntax error" in w or "skipped" in w)


def _load_terraform(task: Task) -> None:
    """Terraform configurations of the folder (imported only when there are .tf files)."""
    if not any(p.name.endswith((".tf", ".tf.json")) for p in safe_files.walk(task.root)):
        return
    from verifier import terraform

    files = [f for f in terraform.terraform_files(task.root) if task.wanted(f)]
    if not files:
        return
    before = len(task.warnings)
    templates = terraform.load_terraform(task.root, files, task.warnings, task.var_files)
    task.final.unread.extend(w.split(":", 1)[0] for w in task.warnings[before:] if "skipped" in w or "syntax error" in w)
    for template in templates:
        task.final.templates.append(template)
    if task.region is None:
        region, source = terraform.region_of(templates)
        if region:
            task.region, task.region_source = region, source
            task.final.region, task.final.region_source = region, source


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len({key for key, _ in pairs}) != len(pairs):
        raise ValueError("duplicate keys")
    return dict(pairs)


def _same_document(task: Task, path: Path, documents: dict[str, Any]) -> str | None:
    """The kept template a JSON file repeats value for value (a YAML template's JSON twin), if any.

    Such a file would be decoded, built and then dropped as a twin (same resources and types);
    comparing its plain JSON with the kept documents gives the same answer at a fraction of the
    cost. Anything else (not JSON, duplicate keys, a difference) goes the full way.
    """
    if not documents or TEMPLATE_SUFFIXES[path.suffix.lower()] != "json":
        return None
    try:
        text = safe_files.read_text(task.root, path)
        if "Resources" not in text:
            return None
        plain = json.loads(text, object_pairs_hook=_no_duplicates)
    except (safe_files.FileRefused, ValueError, RecursionError):
        return None
    return next((file for file, document in documents.items() if document == plain), None)


def _load_file(task: Task, path: Path, documents: dict[str, Any] | None = None) -> Template | None:
    """The template in ``path`` (None when it is none); ``documents`` collects the decoded document."""
    rel = task.rel(path)
    try:
        text = safe_files.read_text(task.root, path)
    except safe_files.FileRefused as exc:
        task.warnings.append(str(exc))
        return None
    if "Resources" not in text:
        return None
    fmt = TEMPLATE_SUFFIXES[path.suffix.lower()]
    try:
        document = decode(text, rel, fmt)
        if not looks_like_template(document):
            return None
        template = build_template(document, rel, fmt, text=text, region=task.region)
        if documents is not None:
            documents[rel] = document
        return template
    except DecodeError as exc:
        task.warnings.append(f"{rel}: cannot parse as CloudFormation: {exc}")
    except intrinsics.TooComplex as exc:
        task.warnings.append(f"{rel}: {exc}; not checked")
    except RecursionError:
        task.warnings.append(f"{rel}: nested too deeply; not checked")
    task.final.unread.append(rel)
    return None


def templates_in_markdown(markdown: str, file: str, region: str | None, warnings: list[str]) -> list[Template]:
    """CloudFormation templates quoted in a Markdown answer, lines pointing into the .md."""
    found: list[Template] = []
    for fence in fences(markdown):
        fmt = FENCE_FORMATS.get(fence.info)
        if fmt is None or "Resources" not in fence.content:
            continue
        try:
            document = decode(fence.content, file, fmt)
        except DecodeError as exc:
            warnings.append(f"{file}: code block at line {fence.first_line} is not parseable CloudFormation: {exc}")
            continue
        except RecursionError:
            continue
        if not looks_like_template(document):
            continue
        try:
            found.append(build_template(document, file, fmt, text=fence.content, line_offset=fence.first_line - 1, region=region))
        except (intrinsics.TooComplex, RecursionError) as exc:
            warnings.append(f"{file}: code block at line {fence.first_line}: {exc}")
    return found


def _load_model(task: Task) -> None:
    text, path = _read_optional(task, MODEL_ANSWER_CANDIDATES)
    task.model.region, task.model.region_source = task.region, task.region_source
    if text is not None and path is not None:
        task.model_answer, task.model_answer_file = text, task.rel(path)
        quoted = templates_in_markdown(text, task.rel(path), task.region, task.warnings)
        quoted += _hcl_in_markdown(text, task.rel(path), task.warnings)
        quoted += _cdk_in_markdown(text, task.rel(path), task.warnings)
        if not quoted and not fences(text):
            quoted = _whole_file_template(text, task.rel(path), task.region)
        for template in quoted:
            _add_template(task.model, template)
    if task.model.empty:
        for file in task.model_side_files:
            template = _load_file(task, file)
            if template is not None:
                _add_template(task.model, template)


HCL_FENCES = {"hcl", "terraform", "tf", "hcl2"}
HCL_TOP_BLOCK = re.compile(r"^\s*(?:resource|output|variable|locals|data|module|provider)\b", re.M)
CDK_FENCES = {"typescript": "typescript", "ts": "typescript", "javascript": "typescript", "js": "typescript",
              "python": "python", "py": "python"}


def _cdk_in_markdown(markdown: str, file: str, warnings: list[str]) -> list[Template]:
    """CDK stacks quoted in a Markdown answer (TypeScript or Python blocks using aws-cdk-lib)."""
    found: list[Template] = []
    blocks = [f for f in fences(markdown) if f.info in CDK_FENCES and re.search(r"aws-cdk-lib|aws_cdk|extends (?:cdk\.)?Stack", f.content)]
    if not blocks:
        return found
    from verifier.cdk import templates_in_cdk_blocks

    lines = markdown.splitlines()
    named = [(_block_path(lines, fence, index), fence.content, fence.first_line - 1, CDK_FENCES[fence.info]) for index, fence in enumerate(blocks)]
    return templates_in_cdk_blocks(named, file, warnings)


_SOURCE_PATH = re.compile(r"([\w.-]+(?:/[\w.-]+)*\.(?:py|ts|js|tsx))\b")


def _block_path(lines: list[str], fence: Fence, index: int) -> str:
    """The source path a CDK block stands for: named in its first line (``# lib/tap_stack.py``) or
    in the few lines above it (``## File: lib/constructs/network.py``); else a made-up one."""
    above = [line for line in lines[max(0, fence.first_line - 5) : fence.first_line - 2] if line.strip()]
    first = fence.content.split("\n", 1)[0]
    for text in ([first] if re.match(r"\s*(?:#|//)", first) else []) + above[::-1]:
        m = _SOURCE_PATH.search(text)
        if m:
            return m.group(1).lstrip("./")
    return f"block{index}.{'py' if CDK_FENCES[fence.info] in ('python', 'py') else 'ts'}"


def _hcl_in_markdown(markdown: str, file: str, warnings: list[str]) -> list[Template]:
    """Terraform quoted in a Markdown answer, all its HCL blocks read as one module."""
    blocks = [(f.content, f.first_line - 1) for f in fences(markdown) if f.info in HCL_FENCES and HCL_TOP_BLOCK.search(f.content)]
    if not blocks:
        return []
    from verifier.terraform import templates_in_hcl_blocks

    return templates_in_hcl_blocks(blocks, file, warnings)


def _whole_file_template(text: str, file: str, region: str | None) -> list[Template]:
    """An answer that is a bare template with no fences around it."""
    try:
        document = decode(text, file, "json" if text.lstrip().startswith("{") else "yaml")
        if looks_like_template(document):
            return [build_template(document, file, "yaml", text=text, region=region)]
    except (DecodeError, intrinsics.TooComplex, RecursionError):
        pass
    return []


def missing_nested_stacks(side: ArtifactSet) -> list[str]:
    """Nested stacks (``AWS::CloudFormation::Stack``) whose template is not among the side's files:
    what they create is unknown, so absence and count verdicts must not rest on the rest."""
    have = {Path(t.file).name.lower() for t in side.templates} | {Path(t.file).stem.lower() for t in side.templates}
    missing = []
    for template in side.templates:
        for resource in template.resources.values():
            if resource.type != "AWS::CloudFormation::Stack":
                continue
            url = resource.properties.get("TemplateURL")
            name = Path(str(url).split("?")[0]).name.lower() if isinstance(url, str) else ""
            if not name or (name not in have and Path(name).stem not in have):
                missing.append(f"nested stack {resource.logical_id} ({name or 'template unknown'})")
    return missing


def load_task(root: Path, report: Path | None = None, var_files: list[Path] | None = None, synth: bool = False,
              synth_timeout: float = 300, include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> Task:
    """Load everything a check needs from a task folder (``var_files``: Terraform -var-file;
    ``synth``: run a CDK app's code to synthesize it)."""
    task = Task(root=root, var_files=list(var_files or []), synth=synth, synth_timeout=synth_timeout,
                include=tuple(include), exclude=tuple(exclude))
    task.report_path = report if report is not None else find_report(root)
    _load_metadata(task)
    _load_region(task)
    _load_final(task)
    _load_model(task)
    for side in (task.final, task.model):
        side.unread.extend(missing_nested_stacks(side))
    task.ideal_answer, _ = _read_optional(task, IDEAL_ANSWER_CANDIDATES)
    task.prompt, _ = _read_optional(task, PROMPT_CANDIDATES)
    return task
