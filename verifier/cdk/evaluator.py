"""Evaluate a CDK app's ``ir`` statically: no user code runs, nothing is imported or executed.

The evaluator walks the entry file (``bin/tap.ts``, ``app.py``), follows relative imports, and
interprets the subset of the language a CDK app uses to build its construct tree: constants,
props with defaults, template strings, ``if`` on known values, ``for ... of`` over known
lists, user construct classes and helper functions. Library constructs are handed to
``verifier.cdk.library`` which emits CloudFormation-shaped resource drafts. Anything it
cannot know becomes ``Unresolved``; a budget of steps bounds the work on hostile input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from verifier.cdk import enums, ir
from verifier.cdk.draft import StackOut
from verifier.cdk.factories import FACTORIES
from verifier.cdk.values import (
    ArrV,
    ConstructV,
    EnumV,
    Made,
    Method,
    ObjectV,
    ObjV,
    Quantity,
    Sym,
    UserClassV,
    UserFnV,
    truthy,
    unknown,
)
from verifier.model import Unresolved

MAX_STEPS = 200_000
MAX_DEPTH = 40
MAX_LOOP = 50

PSEUDO = {
    "account": Unresolved("Ref", "!Ref AWS::AccountId"),
    "region": Unresolved("Ref", "!Ref AWS::Region"),
    "stackName": Unresolved("Ref", "!Ref AWS::StackName"),
    "stackId": Unresolved("Ref", "!Ref AWS::StackId"),
    "partition": "aws",
    "urlSuffix": "amazonaws.com",
}
AWS_PSEUDO = {"ACCOUNT_ID": PSEUDO["account"], "REGION": PSEUDO["region"], "STACK_NAME": PSEUDO["stackName"], "PARTITION": "aws", "URL_SUFFIX": "amazonaws.com", "STACK_ID": PSEUDO["stackId"]}

STACK_BASES = {"core.Stack", "core.NestedStack", "core.Stage"}
CONSTRUCT_BASES = {"constructs.Construct", "core.Construct", "core.Resource"}


class Budget(Exception):
    """The step budget ran out (hostile or runaway input)."""


class _Return(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


def cdk_module(spec: str) -> str | None:
    """The CDK service a module specifier names: ``aws-cdk-lib/aws-s3`` -> ``s3``; else None."""
    spec = spec.strip()
    if spec in ("aws-cdk-lib", "aws_cdk", "@aws-cdk/core", "aws_cdk.core"):
        return "core"
    if spec == "constructs":
        return "constructs"
    for prefix in ("aws-cdk-lib/aws-", "@aws-cdk/aws-", "aws_cdk.aws_"):
        if spec.startswith(prefix):
            name = spec[len(prefix):].replace("-", "_")
            return re.sub(r"_alpha$", "", name)
    return None


@dataclass
class Env:
    vars: dict[str, Any] = field(default_factory=dict)
    parent: Env | None = None

    def lookup(self, name: str) -> tuple[bool, Any]:
        env: Env | None = self
        while env is not None:
            if name in env.vars:
                return True, env.vars[name]
            env = env.parent
        return False, None

    def assign(self, name: str, value: Any) -> None:
        env: Env | None = self
        while env is not None:
            if name in env.vars:
                env.vars[name] = value
                return
            env = env.parent
        self.vars[name] = value


@dataclass
class Frame:
    env: Env
    module: ir.Module
    this: Any = None
    active: bool | None = True  # False/None inside branches that are not / maybe taken


class Program:
    """The parsed modules of one app, by path relative to the app root."""

    def __init__(self, modules: dict[str, ir.Module], link_by_name: bool = False) -> None:
        self.modules = modules
        self.link_by_name = link_by_name  # blocks of a Markdown answer: an unresolved import may name a class another block defines

    def defining(self, name: str) -> ir.Module | None:
        """The one module defining a class or function called ``name`` (Markdown answers only)."""
        if not self.link_by_name:
            return None
        found = [m for m in self.modules.values() if name in m.classes or name in m.functions]
        return found[0] if len(found) == 1 else None

    def resolve(self, importer: ir.Module, spec: str) -> ir.Module | None:
        if importer.language == "python":
            return self._resolve_python(importer, spec)
        if not spec.startswith("."):
            return None
        base = importer.file.rsplit("/", 1)[0] if "/" in importer.file else ""
        parts = [p for p in base.split("/") if p]
        for piece in spec.split("/"):
            if piece == "..":
                if parts:
                    parts.pop()
            elif piece not in (".", ""):
                parts.append(piece)
        stem = "/".join(parts)
        stem = re.sub(r"\.(js|ts)$", "", stem)
        for candidate in (f"{stem}.ts", f"{stem}.js", f"{stem}/index.ts", f"{stem}/index.js"):
            if candidate in self.modules:
                return self.modules[candidate]
        return None

    def _resolve_python(self, importer: ir.Module, spec: str) -> ir.Module | None:
        level = len(spec) - len(spec.lstrip("."))
        dotted = spec.lstrip(".").replace(".", "/")
        bases = [""]
        if level:
            parts = importer.file.split("/")[:-1]
            parts = parts[: len(parts) - (level - 1)] if level > 1 else parts
            bases = ["/".join(parts)]
        else:
            folder = importer.file.rsplit("/", 1)[0] if "/" in importer.file else ""
            bases = ["", folder] if folder else [""]
        for base in bases:
            stem = "/".join(p for p in (base, dotted) if p)
            for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
                if candidate in self.modules:
                    return self.modules[candidate]
        return None


class Evaluator:
    """Interprets app code; library constructs go through ``verifier.cdk.library``."""

    def __init__(self, program: Program, context: dict[str, Any], warnings: list[str]) -> None:
        from verifier.cdk import library  # the construct tables import this module's helpers

        self.library = library
        self.program = program
        self.context = context
        self.warnings = warnings
        self.stacks: list[StackOut] = []
        self.steps = 0
        self.depth = 0
        self.module_envs: dict[str, Env] = {}
        self._loading: set[str] = set()
        self.app: ConstructV | None = None
        self.library_warned: set[str] = set()
        self.tags: list[tuple[tuple[str, ...], Any, Any, int]] = []

    # --- modules ------------------------------------------------------------------------------

    def module_env(self, module: ir.Module, run_body: bool = True) -> Env:
        """The top-level scope of a module: imports, classes, functions and top-level constants."""
        if module.file in self.module_envs:
            return self.module_envs[module.file]
        env = Env()
        self.module_envs[module.file] = env
        for item in module.imports:
            env.vars[item.local] = self._import_value(module, item)
        for name, cls in module.classes.items():
            env.vars[name] = UserClassV(cls, module)
        for name, fn in module.functions.items():
            env.vars[name] = UserFnV(fn, module)
        if run_body and module.file not in self._loading:
            self._loading.add(module.file)
            try:
                self.run_block(module.body, Frame(env, module))
            except _Return:
                pass
        return env

    def _import_value(self, module: ir.Module, item: ir.Import) -> Any:
        service = cdk_module(item.module)
        if service is not None:
            if item.name in (None, "default"):
                return Sym(service)
            return Sym(service).member(item.name)
        target = self.program.resolve(module, item.module)
        if target is None and item.name not in (None, "default"):
            target = self.program.defining(item.name)
        if target is not None:
            if item.name is None:
                return _ModuleV(target, self)
            return _ModuleV(target, self).attr(item.name)
        return _Foreign(item.module if item.name is None else f"{item.module}.{item.name}")

    # --- statements ---------------------------------------------------------------------------

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Budget()

    def run_block(self, statements: list[ir.Node], frame: Frame) -> None:
        for statement in statements:
            self.run(statement, frame)

    def run(self, node: ir.Node, frame: Frame) -> None:
        self.tick()
        if isinstance(node, ir.Assign):
            value = self.eval(node.value, frame) if node.value is not None else None
            self._assign(node.target, value, frame, node.declare)
        elif isinstance(node, ir.ExprStmt):
            self.eval(node.expr, frame)
        elif isinstance(node, ir.If):
            test = truthy(self.eval(node.test, frame))
            if test is True:
                self.run_block(node.body, frame)
            elif test is False:
                self.run_block(node.orelse, frame)
            else:  # unknown condition: both branches, their resources marked "maybe"
                branch = Frame(frame.env, frame.module, frame.this, None)
                self.run_block(node.body, branch)
                self.run_block(node.orelse, branch)
        elif isinstance(node, ir.ForOf):
            self._for(node, frame)
        elif isinstance(node, ir.Return):
            raise _Return(self.eval(node.value, frame) if node.value is not None else None)

    def _for(self, node: ir.ForOf, frame: Frame) -> None:
        iterable = self.eval(node.iterable, frame)
        if isinstance(iterable, dict):
            iterable = list(iterable.keys())
        if not isinstance(iterable, list):
            self.warnings.append(f"{frame.module.file}:{node.line}: loop over a value not known statically; its body is not read")
            return
        names = [n.strip() for n in node.target.strip("[]() ").split(",") if n.strip()]
        for item in list(iterable)[:MAX_LOOP]:
            if len(names) == 1:
                frame.env.vars[names[0]] = item
            else:
                for index, name in enumerate(names):
                    frame.env.vars[name] = item[index] if isinstance(item, list) and index < len(item) else unknown(name)
            self.run_block(node.body, frame)

    def _assign(self, target: ir.Node, value: Any, frame: Frame, declare: bool) -> None:
        if isinstance(target, ir.Name):
            if declare:
                frame.env.vars[target.id] = value
            else:
                frame.env.assign(target.id, value)
        elif isinstance(target, ir.Attr):
            owner = self.eval(target.obj, frame)
            if isinstance(owner, ConstructV):
                owner.fields[target.name] = value
            elif isinstance(owner, ObjectV):
                owner.fields[target.name] = value
            elif isinstance(owner, ObjV):
                owner[target.name] = value

    # --- expressions --------------------------------------------------------------------------

    def eval(self, node: ir.Node | None, frame: Frame) -> Any:
        if node is None:
            return None
        self.tick()
        method = getattr(self, "_e_" + type(node).__name__, None)
        if method is None:
            return unknown(type(node).__name__)
        return method(node, frame)

    def _e_Lit(self, node: ir.Lit, frame: Frame) -> Any:
        return node.value

    def _e_Opaque(self, node: ir.Opaque, frame: Frame) -> Any:
        return unknown(node.text)

    def _e_Name(self, node: ir.Name, frame: Frame) -> Any:
        if node.id == "this":
            return frame.this
        found, value = frame.env.lookup(node.id)
        if found:
            return value
        found, value = self.module_env(frame.module).lookup(node.id)
        if found:
            return value
        if node.id == "process":
            return _Foreign("process")
        if node.id in BUILTINS:
            return _Builtin(BUILTINS[node.id])
        if node.id in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.id]
        return unknown(node.id)

    def _e_Attr(self, node: ir.Attr, frame: Frame) -> Any:
        return self.attr(self.eval(node.obj, frame), node.name, node.line)

    def attr(self, obj: Any, name: str, line: int = 0) -> Any:
        if isinstance(obj, Sym):
            member = obj.member(name)
            if obj.qual == "core.Aws" and name in AWS_PSEUDO:
                return AWS_PSEUDO[name]
            is_enum, value = enums.lookup(member.qual)
            return EnumV(member.qual, value) if is_enum else member
        if isinstance(obj, ConstructV):
            return self.library.construct_attr(self, obj, name, line)
        if isinstance(obj, ObjV) and obj.kind is not None and name not in obj:
            return Method(obj, name)
        if isinstance(obj, (ObjV, dict)):
            return obj.get(name)
        if isinstance(obj, ObjectV):
            return obj.fields.get(name)
        if isinstance(obj, _ModuleV):
            return obj.attr(name)
        if isinstance(obj, _Foreign):
            return obj.attr(name)
        if isinstance(obj, (UserClassV,)):
            return Method(obj, name)
        if isinstance(obj, (Made, Quantity, EnumV, str, ArrV, list)):
            return Method(obj, name)
        if obj is None:
            return None  # props?.x with props undefined
        if isinstance(obj, Unresolved):
            return Unresolved(obj.kind if obj.kind in ("Env", "Unknown") else "Unknown", f"{obj.text}.{name}")
        return unknown(name)

    def _e_Index(self, node: ir.Index, frame: Frame) -> Any:
        obj, key = self.eval(node.obj, frame), self.eval(node.key, frame)
        if isinstance(obj, dict) and isinstance(key, str):
            return obj.get(key)
        if isinstance(obj, list) and isinstance(key, int) and not isinstance(key, bool) and -len(obj) <= key < len(obj):
            return obj[key]
        if isinstance(obj, _Foreign):
            return obj.attr(str(key))
        return unknown("index")

    def _e_Obj(self, node: ir.Obj, frame: Frame) -> Any:
        result = ObjV(line=node.line)
        for spread in node.spreads:
            value = self.eval(spread, frame)
            if isinstance(value, dict):
                result.update(value)
                if isinstance(value, ObjV):
                    result.lines.update(value.lines)
        for key, value_node, line in node.items:
            result[key] = self.eval(value_node, frame)
            result.lines[key] = line
        return result

    def _e_Arr(self, node: ir.Arr, frame: Frame) -> Any:
        return ArrV([self.eval(item, frame) for item in node.items], [item.line for item in node.items], node.line)

    def _e_Template(self, node: ir.Template, frame: Frame) -> Any:
        return concat([part if isinstance(part, str) else self.eval(part, frame) for part in node.parts])

    def _e_Unary(self, node: ir.Unary, frame: Frame) -> Any:
        value = self.eval(node.operand, frame)
        if node.op == "!":
            state = truthy(value)
            return (not state) if state is not None else unknown("!")
        if node.op == "-" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value
        if node.op == "+":
            return value
        return unknown(node.op)

    def _e_Cond(self, node: ir.Cond, frame: Frame) -> Any:
        test = truthy(self.eval(node.test, frame))
        if test is None:
            then, other = self.eval(node.then, frame), self.eval(node.other, frame)
            return Unresolved("If", "condition not known statically", (then, other))
        return self.eval(node.then if test else node.other, frame)

    def _e_BinOp(self, node: ir.BinOp, frame: Frame) -> Any:
        left = self.eval(node.left, frame)
        if node.op in ("||", "??", "&&"):
            state = (left is not None) if node.op == "??" and not isinstance(left, Unresolved) else truthy(left)
            if node.op == "&&":
                if state is False:
                    return left
                right = self.eval(node.right, frame)
                return right if state else Unresolved("If", "condition not known statically", (left, right))
            if state is True:
                return left
            right = self.eval(node.right, frame)
            if state is False:
                return right
            return Unresolved("If", f"{_show(left)} or {_show(right)}", (left, right))
        right = self.eval(node.right, frame)
        return binary(node.op, left, right)

    def _e_Call(self, node: ir.Call, frame: Frame) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                return unknown("call nested too deeply")
            return self._call(node, frame)
        finally:
            self.depth -= 1

    def _call(self, node: ir.Call, frame: Frame) -> Any:
        if isinstance(node.func, ir.Name) and node.func.id == "super":
            return self._super(node, frame)
        func = self.eval(node.func, frame)
        args = [self.eval(a, frame) for a in node.args]
        props = ObjV(line=node.line)
        for key, value_node, line in node.kwargs:
            value = self.eval(value_node, frame)
            if key == "**":
                if isinstance(value, dict):
                    props.update(value)
                continue
            props[key] = value
            props.lines[key] = line
        return self.call(func, args, props, node.line, frame)

    def call(self, func: Any, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
        """Call ``func`` with positional ``args`` and Python keyword ``props``."""
        if isinstance(func, Sym):
            return self._call_library(func, args, props, line, frame)
        if isinstance(func, UserClassV):
            return self.instantiate(func, args, props, line, frame)
        if isinstance(func, UserFnV):
            return self.invoke(func, args, props, frame)
        if isinstance(func, Method):
            return self._call_method(func, args, props, line, frame)
        if isinstance(func, _Foreign):
            return func.call(args, props)
        if isinstance(func, _Builtin):
            return func.fn(args, props)
        return unknown("call")

    def _call_library(self, func: Sym, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
        if func.qual in FACTORIES:
            return FACTORIES[func.qual](args, props, line)
        if func.qual == "core.Stack.of":
            return args[0].stack if args and isinstance(args[0], ConstructV) and args[0].stack else unknown("Stack.of")
        if func.qual == "core.App":
            self.app = ConstructV("core.App", "App", (), _props(args, props, 0), line, frame.module.file)
            return self.app
        scope = args[0] if args else None
        construct_id = args[1] if len(args) > 1 else None
        last = func.qual.rsplit(".", 1)[-1]
        if isinstance(scope, ConstructV) and last[:1].isupper() and (isinstance(construct_id, str) or isinstance(construct_id, Unresolved)):
            construct_props = _props(args, props, 2)
            if func.qual in STACK_BASES:
                return self.new_stack(func.qual, scope, construct_id, construct_props, line, frame)
            return self.library.create(self, func.qual, scope, construct_id, construct_props, line, frame)
        if last[:1].isupper() and not args and frame.module.language == "python":  # s3.LifecycleRule(id=...)
            return ObjV(dict(props), dict(props.lines), line, kind=func.qual)
        if last[:1].isupper():  # a struct or helper class: new iam.PolicyStatement({...})
            return Made(func.qual, args, _props(args, props, 0), line)
        return Made(func.qual, args, props, line)

    def new_stack(self, kind: str, scope: Any, construct_id: Any, props: ObjV, line: int, frame: Frame, user_class: ir.ClassDef | None = None) -> ConstructV:
        stack_id = construct_id if isinstance(construct_id, str) else "Stack"
        stack = ConstructV(kind, stack_id, (stack_id,), props, line, frame.module.file, user_class=user_class.name if user_class else None)
        stack.stack = stack
        out = StackOut(construct_id, user_class.file if user_class else frame.module.file, user_class.line if user_class else line)
        stack.state["out"] = out
        self.stacks.append(out)
        return stack

    def _super(self, node: ir.Call, frame: Frame) -> Any:
        base = frame.env.vars.get("__base__")
        if isinstance(base, UserClassV) and frame.this is not None:
            args = [self.eval(a, frame) for a in node.args]
            props = ObjV()
            for key, value_node, line in node.kwargs:
                if key != "**":
                    props[key] = self.eval(value_node, frame)
                    props.lines[key] = line
            self._run_init(base, frame.this, args, props, frame)
        return None

    def instantiate(self, cls: UserClassV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
        """``new MyStack(app, 'Id', props)`` / ``MyConstruct(self, "Id", ...)`` / a props class."""
        root = self._root_base(cls)
        scope = args[0] if args else None
        construct_id = args[1] if len(args) > 1 else None
        if root in STACK_BASES and isinstance(scope, ConstructV):
            this: Any = self.new_stack(root, scope, construct_id, _props(args, props, 2), line, frame, cls.cls)
        elif root is not None and isinstance(scope, ConstructV):
            stack = scope.stack
            path = (*scope.path, construct_id if isinstance(construct_id, str) else "Construct")
            this = ConstructV("user", path[-1], path, _props(args, props, 2), line, frame.module.file, stack=stack, user_class=cls.cls.name)
        else:
            this = ObjectV(cls.cls.name)
        self._run_init(cls, this, args, props, frame)
        return this

    def _root_base(self, cls: UserClassV, seen: int = 0) -> str | None:
        """The library class at the root of a user class's base chain (``core.Stack``, ...)."""
        if seen > 10:
            return None
        env = self.module_env(cls.module)
        for base in cls.cls.bases:
            value = self.eval(base, Frame(env, cls.module))
            if isinstance(value, Sym):
                if value.qual in STACK_BASES or value.qual in CONSTRUCT_BASES:
                    return value.qual
                if value.qual.startswith("core.") and value.qual.endswith("Props"):
                    return None
                return "constructs.Construct"
            if isinstance(value, UserClassV):
                return self._root_base(value, seen + 1)
        return None

    def _run_init(self, cls: UserClassV, this: Any, args: list[Any], props: ObjV, frame: Frame) -> None:
        module_env = self.module_env(cls.module)
        env = Env(parent=module_env)
        base_value = None
        for base in cls.cls.bases:
            value = self.eval(base, Frame(module_env, cls.module))
            if isinstance(value, UserClassV):
                base_value = value
        env.vars["__base__"] = base_value
        inner = Frame(env, cls.module, this, frame.active)
        for assign in cls.cls.fields:
            self.run(assign, inner)
        init = cls.cls.init
        if init is None:
            if base_value is not None:
                self._run_init(base_value, this, args, props, frame)
            elif isinstance(this, ObjectV):
                this.fields.update(props)
            return
        self._bind(init, args, props, env, inner)
        try:
            self.run_block(init.body, inner)
        except _Return:
            pass

    def _bind(self, fn: ir.Function, args: list[Any], props: ObjV, env: Env, frame: Frame) -> None:
        positional = list(args)
        for param in fn.params:
            if param.rest:
                env.vars[param.name] = ObjV({k: v for k, v in props.items() if k not in env.vars}, props.lines)
                continue
            if positional:
                env.vars[param.name] = positional.pop(0)
            elif param.name in props or _camel_key(param.name) in props:
                env.vars[param.name] = props.get(param.name, props.get(_camel_key(param.name)))
            elif param.default is not None:
                env.vars[param.name] = self.eval(param.default, frame)
            else:
                env.vars[param.name] = None

    def invoke(self, fn: UserFnV, args: list[Any], props: ObjV, frame: Frame) -> Any:
        env = Env(parent=self.module_env(fn.module))
        inner = Frame(env, fn.module, fn.this, frame.active)
        self._bind(fn.fn, args, props, env, inner)
        try:
            self.run_block(fn.fn.body, inner)
        except _Return as done:
            return done.value
        return None

    def _call_method(self, method: Method, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
        obj, name = method.obj, method.name
        if isinstance(obj, ConstructV):
            user = self._user_method(obj, name)
            if user is not None:
                return self.invoke(user, args, props, frame)
            return self.library.call_method(self, obj, name, args, props, line, frame)
        if isinstance(obj, ObjectV):
            return unknown(f"{obj.cls}.{name}()")
        if isinstance(obj, Quantity):
            return _quantity_method(obj, name)
        if isinstance(obj, (str, list)):
            return _builtin_method(obj, name, args)
        if isinstance(obj, UserClassV):
            fn = obj.cls.methods.get(name)
            return self.invoke(UserFnV(fn, obj.module), args, props, frame) if fn else unknown(name)
        return self.library.call_made(self, obj, name, args, props, line, frame)

    def _user_method(self, obj: ConstructV, name: str) -> UserFnV | None:
        if obj.user_class is None:
            return None
        for module in self.program.modules.values():
            cls = module.classes.get(obj.user_class)
            if cls is not None and name in cls.methods:
                return UserFnV(cls.methods[name], module, obj)
        return None


class _ModuleV:
    """A user module imported by another (``import { TapStack } from '../lib/tap-stack'``)."""

    def __init__(self, module: ir.Module, evaluator: Evaluator) -> None:
        self.module = module
        self.evaluator = evaluator

    def attr(self, name: str) -> Any:
        found, value = self.evaluator.module_env(self.module).lookup(name)
        return value if found else unknown(f"{self.module.file}:{name}")


@dataclass
class _Foreign:
    """A name from a non-CDK module (``os``, ``process``, ``path``): environment reads are Unresolved."""

    name: str

    def attr(self, name: str) -> Any:
        if self.name in ("process.env", "os.environ"):
            return Unresolved("Env", f"{self.name}.{name}")
        return _Foreign(f"{self.name}.{name}")

    def call(self, args: list[Any], props: ObjV) -> Any:
        if self.name in ("os.getenv", "os.environ.get") and args and isinstance(args[0], str):
            default = args[1] if len(args) > 1 else props.get("default")
            env = Unresolved("Env", f"environment variable {args[0]}")
            return Unresolved("If", f"environment variable {args[0]} or {_show(default)}", (env, default)) if default is not None else env
        return unknown(f"{self.name}()")


@dataclass
class _Builtin:
    fn: Any


def _range(args: list[Any], props: ObjV) -> Any:
    numbers = [a for a in args if isinstance(a, int) and not isinstance(a, bool)]
    if len(numbers) != len(args) or not 1 <= len(numbers) <= 3:
        return unknown("range()")
    values = list(range(*numbers))[:MAX_LOOP]
    return ArrV(values, [0] * len(values))


def _len(args: list[Any], props: ObjV) -> Any:
    return len(args[0]) if args and isinstance(args[0], (str, list, dict)) else unknown("len()")


def _str(args: list[Any], props: ObjV) -> Any:
    return concat([args[0]]) if args else ""


BUILTINS = {"range": _range, "len": _len, "str": _str, "String": _str}


def _props(args: list[Any], props: ObjV, index: int) -> ObjV:
    """Props of a call: the object literal at ``args[index]`` (TypeScript) or the keywords (Python)."""
    if len(args) > index and isinstance(args[index], ObjV):
        merged = ObjV(args[index], args[index].lines, args[index].line)
        merged.update(props)
        merged.lines.update(props.lines)
        return merged
    if len(args) > index and isinstance(args[index], dict):
        return ObjV(dict(args[index]), line=props.line)
    return props


def _camel_key(name: str) -> str:
    from verifier.cdk.py_reader import camel

    return camel(name)


def _show(value: Any) -> str:
    if isinstance(value, Unresolved):
        return value.text
    return repr(value)


def concat(parts: list[Any]) -> Any:
    """Join template-string parts; unknown parts make the result an ``Unresolved`` Join.

    One part with alternatives (``env || 'dev'``) gives an ``If`` over the joined alternatives.
    """
    choices = [i for i, p in enumerate(parts) if isinstance(p, Unresolved) and p.kind == "If" and p.options]
    if len(choices) == 1:
        index = choices[0]
        options = tuple(concat([*parts[:index], option, *parts[index + 1:]]) for option in parts[index].options)
        joined = _concat_plain(parts)
        return Unresolved("If", joined.text if isinstance(joined, Unresolved) else str(joined), options)
    return _concat_plain(parts)


def _concat_plain(parts: list[Any]) -> Any:
    out: list[str] = []
    unresolved = False
    for part in parts:
        if isinstance(part, EnumV):
            part = part.value
        if isinstance(part, Unresolved):
            unresolved = True
            out.append("${" + part.text + "}")
        elif isinstance(part, ConstructV):
            from verifier.cdk.draft import ref

            unresolved = True
            out.append("${" + ref(part).text + "}")
        elif isinstance(part, bool):
            out.append("true" if part else "false")
        elif isinstance(part, (int, float, str)):
            out.append(str(part))
        elif part is None:
            out.append("undefined")
        else:
            unresolved = True
            out.append("${?}")
    text = "".join(out)
    return Unresolved("Join", text) if unresolved else text


def binary(op: str, left: Any, right: Any) -> Any:
    if isinstance(left, EnumV):
        left = left.value
    if isinstance(right, EnumV):
        right = right.value
    if op == "+" and (isinstance(left, str) or isinstance(right, str)):
        return concat([left, right])
    if isinstance(left, Unresolved) or isinstance(right, Unresolved):
        return unknown(f"{_show(left)} {op} {_show(right)}")
    if op in ("==", "!="):
        same = left == right
        return same if op == "==" else not same
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right))
    if not numbers:
        return unknown(op)
    operations = {
        "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
        "/": lambda a, b: a / b if b else None, "//": lambda a, b: a // b if b else None, "%": lambda a, b: a % b if b else None,
        "<": lambda a, b: a < b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b,
    }
    if op not in operations:
        return unknown(op)
    result = operations[op](left, right)
    if isinstance(result, float) and result.is_integer() and op != "/":
        return int(result)
    return result


def _quantity_method(value: Quantity, name: str) -> Any:
    units = {"toSeconds": "s", "toMinutes": "min", "toHours": "h", "toDays": "d", "toMilliseconds": "ms", "toMebibytes": "MiB", "toGibibytes": "GiB"}
    if name in units:
        return value.to(units[name])
    return unknown(name)


def _builtin_method(value: Any, name: str, args: list[Any]) -> Any:
    if isinstance(value, str):
        simple = {"toLowerCase": str.lower, "lower": str.lower, "toUpperCase": str.upper, "upper": str.upper, "trim": str.strip, "strip": str.strip}
        if name in simple:
            return simple[name](value)
        if name in ("replace", "replaceAll") and len(args) == 2 and all(isinstance(a, str) for a in args):
            return value.replace(args[0], args[1]) if name == "replaceAll" else value.replace(args[0], args[1], 1)
    if isinstance(value, list) and name in ("map", "forEach", "filter"):
        return unknown(f"{name}()")
    return unknown(f"{name}()")
