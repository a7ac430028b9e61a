"""The names one module instance evaluates with: ``var``, ``local``, ``module``, ``data``,
``path``, ``terraform`` and resource references.

Variables take their value from module inputs (child modules), ``.tfvars`` files (root module)
or their default, else stay ``Unresolved("Ref", "var.x")``. Locals are evaluated on first use,
so they may be declared in any order; a cycle leaves the locals involved unresolved. Local
module calls evaluate their inputs here and give access to the child's outputs. References to
resources and data sources give ``Reference`` objects (their attributes are unknown, except the
``json`` a policy document data source renders). Addresses inside a child module carry the
module prefix (``module.net.aws_subnet.private[0]``).
"""

from __future__ import annotations

from typing import Any, Protocol

from verifier.model import Unresolved
from verifier.terraform import hcl_ast as ast
from verifier.terraform.config import ModuleConfig
from verifier.terraform.evaluate import Budget, EvalError, Evaluator
from verifier.terraform.expand import META_ARGUMENTS, Expansion, body_values, expansion, instance_address
from verifier.terraform.functions import BadCall, jsonencode, to_number
from verifier.terraform.policy import document_from_values
from verifier.terraform.values import Namespace, Reference, too_large

MAX_MODULE_DEPTH = 8


class Loader(Protocol):
    """What an environment needs from the loader: the budget, warnings and child module configs."""

    budget: Budget
    warnings: list[str]
    region: str | None

    def module_config(self, parent: ModuleConfig, source: str, line: int, file: str) -> ModuleConfig | None: ...


def typed(value: Any, type_text: str) -> Any:
    """Terraform's conversion of a primitive value to a declared ``number`` or ``bool`` type."""
    if not isinstance(value, str):
        return value
    if type_text == "number":
        try:
            return to_number(value)
        except BadCall:
            return value
    if type_text == "bool" and value in ("true", "false"):
        return value == "true"
    return value


class ModuleEnv:
    """One instance of a module: its config, prefix, inputs and cached values."""

    def __init__(self, loader: Loader, config: ModuleConfig, prefix: str = "", inputs: dict[str, Any] | None = None,
                 values: dict[str, ast.Attribute] | None = None, depth: int = 0, ancestors: tuple[str, ...] = ()):
        self.loader = loader
        self.config = config
        self.prefix = prefix
        self.inputs = inputs or {}
        self.values = values or {}
        self.depth = depth
        self.ancestors = (*ancestors, str(config.directory))
        self.evaluator = Evaluator(self.root, loader.budget)
        self._variables: dict[str, Any] = {}
        self._locals: dict[str, Any] = {}
        self._data: dict[str, Any] = {}
        self._expansions: dict[str, Expansion] = {}
        self._children: dict[str, list[tuple[Any, ModuleEnv]] | None] = {}
        self._busy: set[Any] = set()

    # -- names
    def root(self, name: str) -> Any:
        special = {
            "var": lambda: Namespace("var", self.variable),
            "local": lambda: Namespace("local", self.local),
            "module": lambda: Namespace(f"{self.prefix}module", self.module_call),
            "data": lambda: Namespace(f"{self.prefix}data", lambda t: Namespace(f"{self.prefix}data.{t}", lambda n: self.data_source(t, n))),
            "path": lambda: {"module": self.config.rel, "root": ".", "cwd": "."},
            "terraform": lambda: {"workspace": "default"},
            "count": lambda: Unresolved("Ref", "count"),
            "each": lambda: Unresolved("Ref", "each"),
            "self": lambda: Reference("self"),
        }
        if name in special:
            return special[name]()
        return Namespace(f"{self.prefix}{name}", lambda resource_name: self.resource(name, resource_name))

    def variable(self, name: str) -> Any:
        if name in self._variables:
            return self._variables[name]
        block = self.config.variables.get(name)
        if block is None:
            raise EvalError(f"no variable {name!r}")
        self._variables[name] = Unresolved("Ref", f"var.{name}")  # while evaluating (self-reference)
        default = block.body.attributes.get("default")
        value: Any = Unresolved("Ref", f"var.{name}")
        if name in self.inputs:
            value = self.inputs[name]
        elif name in self.values:
            value = self.evaluator.evaluate(self.values[name].expr)
        elif default is not None:
            value = self.evaluator.evaluate(default.expr)
        if value is None and default is not None:
            value = self.evaluator.evaluate(default.expr)
        type_expr = block.body.attributes.get("type")
        value = typed(value, type_expr.expr.text if type_expr else "")
        self._variables[name] = value
        return value

    def local(self, name: str) -> Any:
        if name in self._locals:
            return self._locals[name]
        if name not in self.config.locals:
            raise EvalError(f"no local {name!r}")
        if ("local", name) in self._busy:
            return Unresolved("Ref", f"local.{name}")
        self._busy.add(("local", name))
        try:
            value = self.evaluator.evaluate(self.config.locals[name][0].expr)
        finally:
            self._busy.discard(("local", name))
        if too_large(value):
            value = Unresolved("Expr", f"local.{name}")
        self._locals[name] = value
        return value

    def expansion_of(self, kind: str, key: str, block: ast.Block) -> Expansion | None:
        """The (cached) count/for_each expansion of a resource, data or module block."""
        cache_key = f"{kind}:{key}"
        if cache_key in self._expansions:
            return self._expansions[cache_key]
        if cache_key in self._busy:
            return None
        self._busy.add(cache_key)
        try:
            found = expansion(block.body, self.evaluator)
        finally:
            self._busy.discard(cache_key)
        self._expansions[cache_key] = found
        return found

    def resource(self, resource_type: str, name: str) -> Reference:
        key = f"{resource_type}.{name}"
        block = self.config.resources.get(key)
        found = self.expansion_of("resource", key, block) if block is not None else None
        return Reference(f"{self.prefix}{key}", found.keys if found else None)

    def data_source(self, data_type: str, name: str) -> Any:
        key = f"{data_type}.{name}"
        if key in self._data:
            return self._data[key]
        address = f"{self.prefix}data.{key}"
        block = self.config.data.get(key)
        self._data[key] = Reference(address)
        found = self.expansion_of("data", key, block) if block is not None else None
        known: dict[str, Any] = {}
        origins: dict[str, tuple[str, dict[tuple[Any, ...], int]]] = {}
        if block is not None and found is not None and found.mode == "single":
            if data_type == "aws_iam_policy_document":
                native, lines = body_values(block.body, self.evaluator, {})
                document, paths = document_from_values(native)
                known = {"json": jsonencode(document)}
                known["minified_json"] = known["json"]
                where = (block.file, {path: lines.get(native_path, block.line) for path, native_path in paths.items()})
                origins = {"json": where, "minified_json": where}
            elif data_type == "aws_region" and self.loader.region:
                known = {"name": self.loader.region, "region": self.loader.region}
        value = Reference(address, found.keys if found else None, known, origins)
        self._data[key] = value
        return value

    # -- modules
    def children(self, name: str) -> list[tuple[Any, ModuleEnv]] | None:
        """The instances of a local module call, or None (remote, missing or too deep)."""
        if name in self._children:
            return self._children[name]
        self._children[name] = None
        block = self.config.modules.get(name)
        if block is None or "source" not in block.body.attributes:
            return None
        source = self.evaluator.evaluate(block.body.attributes["source"].expr)
        if not isinstance(source, str) or not source.startswith(("./", "../")):
            return None
        where = f"{block.file}:{block.line}"
        if self.depth >= MAX_MODULE_DEPTH:
            self.loader.warnings.append(f"{where}: module {name} nested more than {MAX_MODULE_DEPTH} deep; not loaded")
            return None
        config = self.loader.module_config(self.config, source, block.line, block.file)
        if config is None:
            return None
        if str(config.directory) in self.ancestors:
            self.loader.warnings.append(f"{where}: module {name} includes itself; not loaded")
            return None
        found = self.expansion_of("module", name, block)
        if found is None or not found.known:
            return None
        envs = []
        for key, names in ([] if found.empty else found.items):
            inputs = {arg: self.evaluator.evaluate(attr.expr, names) for arg, attr in block.body.attributes.items() if arg not in META_ARGUMENTS}
            prefix = f"{self.prefix}{instance_address(f'module.{name}', key)}."
            envs.append((key, ModuleEnv(self.loader, config, prefix, inputs, None, self.depth + 1, self.ancestors)))
        self._children[name] = envs
        return envs

    def module_call(self, name: str) -> Any:
        envs = self.children(name)
        block = self.config.modules.get(name)
        if envs is None or block is None:
            return Reference(f"{self.prefix}module.{name}")
        found = self._expansions.get(f"module:{name}")
        outputs = [(key, Namespace(env.prefix.rstrip("."), env.output)) for key, env in envs]
        if found is None or found.mode == "single":
            return outputs[0][1] if outputs else Reference(f"{self.prefix}module.{name}")
        if found.mode == "count":
            return [namespace for _, namespace in outputs]
        return {str(key): namespace for key, namespace in outputs}

    def output(self, name: str) -> Any:
        block = self.config.outputs.get(name)
        if block is None or "value" not in block.body.attributes:
            raise EvalError(f"no output {name!r}")
        return self.evaluator.evaluate(block.body.attributes["value"].expr)
