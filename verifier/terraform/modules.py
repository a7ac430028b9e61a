"""Walk a root module and the local modules it calls, producing resource instances.

The ``TerraformLoader`` owns what one load shares: the task root, the warnings list, the step
budget and the parsed config of every module directory (read once, whatever the number of
calls). ``instances`` walks a module environment: every resource block is expanded by
count/for_each and its body evaluated into native values with lines; child module calls are
walked with their own environments, their resources getting ``module.<name>.`` addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verifier import safe_files
from verifier.model import Path as PropPath
from verifier.terraform import hcl_ast as ast
from verifier.terraform.config import ModuleConfig, module_files, read_module
from verifier.terraform.evaluate import Budget
from verifier.terraform.expand import body_values, instance_address
from verifier.terraform.values import as_unresolved


@dataclass
class Instance:
    """One resource instance with native (Terraform-named) values."""

    address: str  # "module.net.aws_subnet.private[0]"
    type: str  # "aws_subnet"
    name: str
    prefix: str  # "module.net." for resources inside a module call
    values: dict[str, Any]
    lines: dict[PropPath, int]
    file: str
    line: int
    active: bool | None = True
    meta: dict[str, Any] = field(default_factory=dict)  # depends_on, provider, lifecycle
    meta_lines: dict[str, int] = field(default_factory=dict)
    line_files: dict[PropPath, str] = field(default_factory=dict)  # paths whose line is in another file


class TerraformLoader:
    """Shared state of one load: task root, warnings, budget, parsed modules."""

    def __init__(self, root: Path, warnings: list[str], budget: Budget | None = None, region: str | None = None,
                 local_modules: bool = True):
        self.root = root
        self.local_modules = local_modules
        self.warnings = warnings
        self.budget = budget or Budget()
        self.region = region
        self._configs: dict[str, ModuleConfig] = {}

    def module_config(self, parent: ModuleConfig, source: str, line: int, file: str) -> ModuleConfig | None:
        if not self.local_modules:  # code quoted in Markdown: there is no folder to read modules from
            return None
        directory = (parent.directory / source).resolve()
        if not safe_files.inside(self.root, directory):
            self.warnings.append(f"{file}:{line}: module source {source!r} is outside the task folder; not loaded")
            return None
        key = str(directory)
        if key not in self._configs:
            files = module_files(self.root, directory)
            if not files:
                self.warnings.append(f"{file}:{line}: module source {source!r} has no .tf files; not loaded")
                return None
            self._configs[key] = read_module(self.root, directory, files, self.warnings)
        return self._configs[key]


def instances(env: Any) -> list[Instance]:
    """Every resource instance of a module environment and of the local modules it calls."""
    found: list[Instance] = []
    for key, block in env.config.resources.items():
        found.extend(_resource_instances(env, key, block))
    for name in env.config.modules:
        for _, child in env.children(name) or []:
            found.extend(instances(child))
    return found


def _resource_instances(env: Any, key: str, block: ast.Block) -> list[Instance]:
    resource_type, name = block.labels
    expansion = env.expansion_of("resource", key, block)
    if expansion is None:
        return []
    found = []
    base = f"{env.prefix}{key}"
    for instance_key, names in expansion.items:
        line_files: dict[PropPath, str] = {}
        values, lines = body_values(block.body, env.evaluator, names, line_files=line_files)
        active: bool | None = True
        if expansion.empty:
            active = False
        elif not expansion.known:
            active = None
        instance = Instance(
            address=instance_address(base, instance_key),
            type=resource_type,
            name=name,
            prefix=env.prefix,
            values=as_unresolved(values),
            lines=lines,
            file=block.file,
            line=block.line,
            active=active,
            line_files=line_files,
        )
        if not expansion.known:
            instance.meta["instances"] = "unknown"  # count/for_each not known statically: any number of instances
        _meta(env, block, names, instance)
        found.append(instance)
    return found


def _meta(env: Any, block: ast.Block, names: dict[str, Any], instance: Instance) -> None:
    """Meta-arguments: depends_on and provider as written, lifecycle settings evaluated."""
    attributes = block.body.attributes
    if "depends_on" in attributes:
        expr = attributes["depends_on"].expr
        items = expr.items if isinstance(expr, ast.TupleExpr) else [expr]
        instance.meta["depends_on"] = [env.prefix + item.text.strip('"') for item in items]
        instance.meta_lines["depends_on"] = attributes["depends_on"].line
    if "provider" in attributes:
        instance.meta["provider"] = attributes["provider"].expr.text.strip('"')
        instance.meta_lines["provider"] = attributes["provider"].line
    for lifecycle in block.body.blocks_of("lifecycle"):
        values, lines = body_values(lifecycle.body, env.evaluator, names, top=False)
        instance.meta.setdefault("lifecycle", {}).update(as_unresolved(values))
        for path, line in lines.items():
            instance.meta_lines[f"lifecycle.{path[0]}"] = line
