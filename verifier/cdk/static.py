"""Read a CDK app without running it: parse the sources, evaluate the construct tree, and turn
each stack into a ``Template`` of CloudFormation-shaped resources with source lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verifier import safe_files
from verifier.cdk import ir
from verifier.cdk.draft import StackOut, to_template
from verifier.cdk.evaluator import Budget, Evaluator, Frame, Program
from verifier.cdk.project import CdkProject, load_project
from verifier.cdk.py_reader import read_python
from verifier.cdk.ts_reader import ReaderUnavailable, read_typescript
from verifier.cdk.values import ConstructV, ObjV, UserClassV
from verifier.model import Template

# resource types whose Tags property CDK's Tags.of(scope).add(...) fills (Tags list of Key/Value)
TAGGABLE = {
    "AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::Lambda::Function", "AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::KMS::Key",
    "AWS::IAM::Role", "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::InternetGateway", "AWS::EC2::EIP",
    "AWS::EC2::NatGateway", "AWS::EC2::SecurityGroup", "AWS::EC2::Instance", "AWS::EC2::FlowLog", "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster", "AWS::RDS::DBSubnetGroup", "AWS::Logs::LogGroup", "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Stage",
    "AWS::StepFunctions::StateMachine", "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::SecretsManager::Secret", "AWS::CloudWatch::Alarm", "AWS::Events::EventBus", "AWS::CodeDeploy::Application",
    "AWS::CodeDeploy::DeploymentGroup", "AWS::Kinesis::Stream", "AWS::SSM::Parameter",
    "AWS::ECS::Cluster", "AWS::ECS::Service", "AWS::ECS::TaskDefinition",
}
TAGS_AT = {"AWS::DynamoDB::GlobalTable": ("Replicas", 0, "Tags")}


class LazyProgram(Program):
    """Parses a module the first time it is needed."""

    def __init__(self, root: Path, files: dict[str, Path], warnings: list[str]) -> None:
        super().__init__({})
        self.root = root
        self.files = files
        self.warnings = warnings
        self._parsed: dict[str, ir.Module | None] = {}  # None: read or parsed once, unusable
        self.modules = _ModuleMap(self)

    def parse(self, rel: str) -> ir.Module | None:
        if rel in self._parsed:
            return self._parsed[rel]
        path = self.files.get(rel)
        if path is None:
            return None
        try:
            text = safe_files.read_text(self.root, path)
        except safe_files.FileRefused as exc:
            self.warnings.append(str(exc))
            module = None
        else:
            module = parse_text(text, rel, language_of(rel), 0, self.warnings)
        self._parsed[rel] = module
        return module


class _ModuleMap(dict):
    """``program.modules`` for a lazy program: membership and lookup parse on demand."""

    def __init__(self, program: LazyProgram) -> None:
        super().__init__()
        self.program = program

    def __contains__(self, key: object) -> bool:  # a file that cannot be read or parsed is no module
        return isinstance(key, str) and key in self.program.files and self.program.parse(key) is not None

    def __getitem__(self, key: str) -> ir.Module:
        module = self.program.parse(key)
        if module is None:
            raise KeyError(key)
        return module

    def get(self, key: str, default: Any = None) -> Any:
        return self.program.parse(key) if key in self.program.files else default

    def values(self) -> list[ir.Module]:  # type: ignore[override]
        return [m for m in (self.program.parse(k) for k in self.program.files) if m is not None]


def language_of(rel: str) -> str:
    return "python" if rel.endswith(".py") else "typescript"


def parse_text(text: str, file: str, language: str, line_offset: int, warnings: list[str]) -> ir.Module | None:
    """Parse source text into an ``ir.Module``; errors become warnings, never exceptions."""
    try:
        module = read_python(text, file, line_offset) if language == "python" else read_typescript(text, file, line_offset)
    except ReaderUnavailable as exc:
        warnings.append(f"{file}: {exc}; not read")
        return None
    except RecursionError:
        warnings.append(f"{file}: code nested too deeply; not read")
        return None
    warnings.extend(module.errors)
    return module


def evaluate(program: Program, entry: ir.Module | None, candidates: list[ir.Module], context: dict[str, Any], warnings: list[str]) -> list[StackOut]:
    """Run the entry module (or, without one, instantiate every Stack subclass) statically."""
    evaluator = Evaluator(program, context, warnings)
    try:
        if entry is not None:
            evaluator.module_env(entry)
        if not evaluator.stacks:
            _instantiate_stacks(evaluator, candidates)
    except Budget:
        warnings.append("CDK app too large or looping to read statically; partial result (use --synth)")
    except RecursionError:
        warnings.append("CDK app nested too deeply to read statically; partial result (use --synth)")
    _apply_tags(evaluator)
    return evaluator.stacks


def _instantiate_stacks(evaluator: Evaluator, modules: list[ir.Module]) -> None:
    """No app entry: build each Stack subclass once, as ``new X(app, 'X', {})`` would."""
    app = ConstructV("core.App", "App", (), ObjV(), 0, "")
    for module in modules:
        env = evaluator.module_env(module, run_body=False)
        for name, cls in module.classes.items():
            value = UserClassV(cls, module)
            if evaluator._root_base(value) in ("core.Stack", "core.NestedStack"):
                evaluator.instantiate(value, [app, name, ObjV()], ObjV(), cls.line, Frame(env, module))


def _apply_tags(evaluator: Evaluator) -> None:
    """``Tags.of(scope).add(k, v)`` applies to every taggable resource below ``scope``."""
    for scope_path, key, value, line in evaluator.tags:
        prefix = "/".join(scope_path)
        for stack in evaluator.stacks:
            for draft in stack.drafts:
                if prefix and not (draft.cdk_path == prefix or draft.cdk_path.startswith(prefix + "/")):
                    continue
                path = TAGS_AT.get(draft.type, ("Tags",))
                if draft.type not in TAGGABLE and draft.type not in TAGS_AT:
                    continue
                if "CustomResourceProvider" in draft.cdk_path:
                    continue  # the providers are plain CfnResources: Tags.of does not reach them
                tags = draft.get(path)
                tags = tags if isinstance(tags, list) else []
                if any(isinstance(t, dict) and t.get("Key") == key for t in tags):
                    continue
                draft.append(path, {"Key": key, "Value": value}, line)
    for stack in evaluator.stacks:  # CDK writes tags sorted by key, ignoring case
        for draft in stack.drafts:
            path = TAGS_AT.get(draft.type, ("Tags",))
            tags = draft.get(path)
            if isinstance(tags, list) and len(tags) > 1 and all(isinstance(t, dict) and isinstance(t.get("Key"), str) for t in tags):
                _sort_tags(draft, path, tags)


def _sort_tags(draft: Any, path: tuple[Any, ...], tags: list[dict[str, Any]]) -> None:
    """Order a tag list by key in place, moving each tag's source lines with it."""
    order = sorted(range(len(tags)), key=lambda i: tags[i]["Key"].lower())  # as CDK: "aws-cdk:..." before "Environment"
    if order == list(range(len(tags))):
        return
    new_index = {old: new for new, old in enumerate(order)}
    tags[:] = [tags[i] for i in order]
    depth = len(path)
    moved = {}
    for key, line in list(draft.lines.items()):
        if len(key) > depth and key[:depth] == path and isinstance(key[depth], int) and key[depth] in new_index:
            moved[(*path, new_index[key[depth]], *key[depth + 1:])] = line
            del draft.lines[key]
    draft.lines.update(moved)


def load_static(root: Path, warnings: list[str], project: CdkProject | None = None) -> list[Template]:
    """Templates of a CDK app folder, read statically (user code is never executed)."""
    project = project or load_project(root, warnings)
    program = LazyProgram(root, project.sources, warnings)
    entry = program.parse(project.entry) if project.entry else None
    candidates = [m for m in (program.parse(rel) for rel in project.sources if _may_hold_stack(rel)) if m is not None]
    stacks = evaluate(program, entry, candidates, project.context, warnings)
    return [to_template(stack, project.language) for stack in stacks]


def _may_hold_stack(rel: str) -> bool:
    return rel.startswith("lib/") or "/" not in rel or rel.startswith("src/") or rel.startswith("stacks/")


def templates_in_blocks(blocks: list[tuple[str, str, int, str]], file: str, warnings: list[str]) -> list[Template]:
    """CDK code quoted in several fenced blocks of one Markdown answer, read as one app: each block
    is a module at the path its heading names (``## File: lib/constructs/network.py``) or at a
    made-up one, so a stack in one block can use a construct class another block defines. Blocks
    are ``(path, text, line offset, language)``; every resource's file is the Markdown ``file``."""
    modules: dict[str, ir.Module] = {}
    notes: list[str] = []
    for path, text, line_offset, language in blocks:
        module = parse_text(text, path, language, line_offset, notes)
        if module is not None and path not in modules:
            modules[path] = module
    if modules:
        program = Program(modules, link_by_name=True)
        entries = [m for m in modules.values() if _APP.search(_source_of(blocks, m.file))]
        stacks = evaluate(program, entries[0] if entries else None, list(modules.values()), {}, notes)
    else:
        stacks = []
    paths = {path for path, _t, _o, _l in blocks}
    for note in notes:  # "block0.py:12: ..." -> "lib/MODEL_RESPONSE.md:12: ...": lines already count from the document's top
        head, sep, rest = note.partition(":")
        warnings.append(f"{file}{sep}{rest}" if head in paths and sep else note)
    templates = []
    for stack in stacks:
        template = to_template(stack, next(iter(modules.values())).language)
        template.file = file
        for resource in template.resources.values():
            if resource.file in modules:
                resource.file = file
        templates.append(template)
    return templates


_APP = re.compile(r"\b(?:new\s+)?(?:cdk\.|core\.)?App\(\s*\)")


def _source_of(blocks: list[tuple[str, str, int, str]], path: str) -> str:
    return next((text for p, text, _o, _l in blocks if p == path), "")


def templates_in_text(text: str, file: str, line_offset: int, language: str, warnings: list[str]) -> list[Template]:
    """CDK code quoted in a Markdown answer (one fenced block), lines pointing into the file."""
    module = parse_text(text, file, language, line_offset, warnings)
    if module is None:
        return []
    program = Program({file: module})
    stacks = evaluate(program, None if not module.body else module, [module], {}, warnings)
    return [to_template(stack, language, line_offset) for stack in stacks]
