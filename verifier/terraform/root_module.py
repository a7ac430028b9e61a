"""Assemble one root module into a ``TerraformTemplate``.

Evaluates the root module (and the local modules it calls), applies the default provider's
``default_tags``, projects every instance onto CloudFormation (``project.py``), merges split
resources (``split_resources.py``) and reads providers, variables (as parameters, with allowed
values and patterns from simple ``validation`` blocks) and outputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from verifier.model import Output, Parameter, Resource, Template
from verifier.terraform import hcl_ast as ast
from verifier.terraform.config import ModuleConfig
from verifier.terraform.environment import ModuleEnv
from verifier.terraform.evaluate import TooComplex
from verifier.terraform.expand import literal_lines
from verifier.terraform.mapping import RESOURCE_TYPES
from verifier.terraform.modules import Instance, TerraformLoader, instances
from verifier.terraform.project import finish, project
from verifier.terraform.split_resources import merge_splits
from verifier.terraform.values import as_unresolved, finalize


@dataclass
class ProviderConfig:
    name: str  # "aws"
    alias: str | None
    region: Any  # str, or Unresolved when not known statically
    file: str
    line: int


@dataclass
class TerraformTemplate(Template):
    """A root module: a ``Template`` plus its provider configurations and files."""

    providers: list[ProviderConfig] = field(default_factory=list)
    files: list[str] = field(default_factory=list)



def load_root(loader: TerraformLoader, config: ModuleConfig, values: dict[str, ast.Attribute], fmt: str = "hcl",
               line_offset: int = 0) -> TerraformTemplate | None:
    where = config.rel
    try:
        env = ModuleEnv(loader, config, "", None, values)
        providers = _providers(env)
        default = next((p for p in providers if p.name == "aws" and p.alias is None and isinstance(p.region, str)), None)
        loader.region = default.region if default else None
        found = instances(env)
        _apply_default_tags(env, found)
        projections = [project(i) for i in found]
        merge_splits(projections)
        resources = [finish(p) for p in projections]
        template = TerraformTemplate(file=where, format=fmt, line_offset=line_offset, providers=providers, files=list(config.files))
        _regions(resources, providers)
        template.resources = {r.logical_id: r for r in resources}
        template.parameters = _parameters(env)
        template.outputs = _outputs(env)
        return template
    except TooComplex as exc:
        loader.warnings.append(f"{where}: {exc}; not checked")
    except RecursionError:
        loader.warnings.append(f"{where}: nested too deeply; not checked")
    except Exception as exc:  # a loader bug must cost this module, not the whole run
        loader.warnings.append(f"{where}: could not be loaded ({type(exc).__name__}: {' '.join(str(exc).split())[:120]}); not checked")
    return None


def _providers(env: ModuleEnv) -> list[ProviderConfig]:
    found = []
    for block in env.config.providers:
        attributes = block.body.attributes
        alias = env.evaluator.evaluate(attributes["alias"].expr) if "alias" in attributes else None
        region = env.evaluator.evaluate(attributes["region"].expr) if "region" in attributes else None
        line = attributes["region"].line if "region" in attributes else block.line
        found.append(ProviderConfig(block.labels[0], alias if isinstance(alias, str) else None, as_unresolved(region), block.file, line))
    return found


def _apply_default_tags(env: ModuleEnv, found: list[Instance]) -> None:
    """``default_tags`` of the default aws provider join every taggable resource's tags (its own win)."""
    block = next((b for b in env.config.providers if b.labels[:1] == ["aws"] and "alias" not in b.body.attributes), None)
    tags_block = next(iter(block.body.blocks_of("default_tags")), None) if block else None
    attribute = tags_block.body.attributes.get("tags") if tags_block else None
    if attribute is None:
        return
    defaults = as_unresolved(env.evaluator.evaluate(attribute.expr))
    if not isinstance(defaults, dict):
        return
    key_lines: dict[tuple[Any, ...], int] = {}
    literal_lines(attribute.expr, (), key_lines)
    file = block.file if block else ""
    for instance in found:
        type_map = RESOURCE_TYPES.get(instance.type)
        own = instance.values.get("tags", {})
        if type_map is None or "tags" not in type_map.rules or not isinstance(own, dict):
            continue
        instance.values["tags"] = {**defaults, **own}
        if ("tags",) not in instance.lines:
            instance.lines[("tags",)] = attribute.line
            instance.line_files[("tags",)] = file
        for key in defaults:
            if key not in own:
                instance.lines[("tags", key)] = key_lines.get((key,), attribute.line)
                instance.line_files[("tags", key)] = file


def _regions(resources: list[Resource], providers: list[ProviderConfig]) -> None:
    """Resources using an aliased provider (``provider = aws.west``) get that provider's region."""
    by_alias = {f"{p.name}.{p.alias}": p.region for p in providers if p.alias}
    for resource in resources:
        provider = resource.attributes.get("Provider")
        if isinstance(provider, str) and provider in by_alias:
            resource.attributes["Region"] = by_alias[provider]


def _validation(env: ModuleEnv, block: ast.Block, name: str) -> tuple[list[Any] | None, str | None]:
    """Allowed values from ``contains([...], var.x)`` and a pattern from ``can(regex("...", var.x))``."""
    allowed, pattern = None, None
    for validation in block.body.blocks_of("validation"):
        condition = validation.body.attributes.get("condition")
        expr = condition.expr if condition else None
        if isinstance(expr, ast.Call) and expr.name == "contains" and len(expr.args) == 2 and expr.args[1].text.strip() == f"var.{name}":
            values = env.evaluator.evaluate(expr.args[0])
            if isinstance(values, list):
                allowed = values
        if isinstance(expr, ast.Call) and expr.name == "can" and len(expr.args) == 1:
            inner = expr.args[0]
            if isinstance(inner, ast.Call) and inner.name == "regex" and inner.args and isinstance(inner.args[0], ast.Literal):
                pattern = str(inner.args[0].value)
    return allowed, pattern


def _parameters(env: ModuleEnv) -> dict[str, Parameter]:
    found = {}
    for name, block in env.config.variables.items():
        attributes = block.body.attributes
        default = as_unresolved(env.evaluator.evaluate(attributes["default"].expr)) if "default" in attributes else None
        allowed, pattern = _validation(env, block, name)
        raw: dict[str, Any] = {"Type": attributes["type"].expr.text if "type" in attributes else None}
        if "default" in attributes:
            raw["Default"] = default
        if "description" in attributes:
            raw["Description"] = as_unresolved(env.evaluator.evaluate(attributes["description"].expr))
        if allowed is not None:
            raw["AllowedValues"] = allowed
        if name in env.values:
            raw["Value"] = as_unresolved(env.variable(name))  # from a .tfvars file
        raw["@File"] = block.file
        found[name] = Parameter(name, raw["Type"], default, allowed, pattern, block.line, raw)
    return found


def _outputs(env: ModuleEnv) -> dict[str, Output]:
    found = {}
    for name, block in env.config.outputs.items():
        expr = block.body.attributes.get("value")
        value = finalize(env.evaluator.evaluate(expr.expr), expr.expr.text) if expr else None
        found[name] = Output(name, value, None, block.line, raw=expr.expr.text if expr else None)
    return found
