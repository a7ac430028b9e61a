"""Read Python CDK code into the ``ir`` tree with the standard ``ast`` module (never executed).

Attribute and keyword names are turned from snake_case into the camelCase that the CDK's
TypeScript API uses (``memory_size`` -> ``memorySize``, ``grant_write_data`` ->
``grantWriteData``), so one set of construct tables serves both languages. Enum members
(``PYTHON_3_12``), class names, ``aws_*`` module names and dunder names keep their spelling.
"""

from __future__ import annotations

import ast

from verifier.cdk import ir

_BINOPS: dict[type, str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Mod: "%", ast.FloorDiv: "//"}
_COMPARE: dict[type, str] = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.Gt: ">", ast.LtE: "<=", ast.GtE: ">=", ast.Is: "==", ast.IsNot: "!=", ast.In: "in"}


# jsii names whose TypeScript spelling keeps an acronym in capitals
ACRONYMS = {"enforceSsl": "enforceSSL", "ipv6AssignedOnCreation": "ipv6AssignedOnCreation", "sslPolicy": "sslPolicy",
            "memoryLimitMib": "memoryLimitMiB", "memoryReservationMib": "memoryReservationMiB", "memorySizeMib": "memorySizeMiB"}


def camel(name: str) -> str:
    """``memory_size`` -> ``memorySize``; leaves ``PYTHON_3_12``, ``aws_s3``, ``__init__``, ``Bucket``."""
    if "_" not in name.strip("_") or name.isupper() or name.startswith("aws_") or name.startswith("__"):
        return name
    head, *rest = name.lstrip("_").split("_")
    joined = head + "".join(part[:1].upper() + part[1:] for part in rest if part)
    return ACRONYMS.get(joined, joined)


def read_python(text: str, file: str, line_offset: int = 0) -> ir.Module:
    """Parse ``text``; a syntax error leaves an empty module with one error line."""
    module = ir.Module(file=file, language="python")
    try:
        tree = ast.parse(text, filename=file)
    except (SyntaxError, ValueError) as exc:
        line = (getattr(exc, "lineno", None) or 0) + line_offset
        module.errors.append(f"{file}:{line}: Python syntax error ({getattr(exc, 'msg', exc)}); not read")
        return module
    except (RecursionError, MemoryError):  # CPython's parser gives up on very deep nesting ('-' * 10**5 + '1')
        module.errors.append(f"{file}: Python code nested too deeply; not read")
        return module
    reader = _Reader(module, line_offset)
    for statement in tree.body:
        reader.top_level(statement)
    return module


class _Reader:
    def __init__(self, module: ir.Module, line_offset: int) -> None:
        self.module = module
        self.offset = line_offset

    def line(self, node: ast.AST) -> int:
        return int(getattr(node, "lineno", 0)) + self.offset

    def top_level(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.module.imports.append(ir.Import(alias.asname or alias.name.split(".")[0], alias.name if alias.asname else alias.name.split(".")[0], None, self.line(node)))
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            for alias in node.names:
                self.module.imports.append(ir.Import(alias.asname or alias.name, base, alias.name, self.line(node)))
        elif isinstance(node, ast.ClassDef):
            cls = self._class(node)
            self.module.classes[cls.name] = cls
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.module.functions[node.name] = self._function(node)
        elif isinstance(node, ast.If) and _is_main_guard(node.test):
            for statement in node.body:
                self.top_level(statement)
        else:
            self.module.body.extend(self.statement(node))

    def _class(self, node: ast.ClassDef) -> ir.ClassDef:
        cls = ir.ClassDef(node.name, [self.expr(b) for b in node.bases], None, {}, [], self.line(node), self.module.file)
        for member in node.body:
            if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                fn = self._function(member)
                if member.name == "__init__":
                    cls.init = fn
                else:
                    cls.methods[camel(member.name)] = fn
            elif isinstance(member, (ast.Assign, ast.AnnAssign)) and member.value is not None:
                targets = member.targets if isinstance(member, ast.Assign) else [member.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        attr = ir.Attr(self.line(member), ir.Name(self.line(member), "this"), camel(target.id))
                        cls.fields.append(ir.Assign(self.line(member), attr, self.expr(member.value)))
        return cls

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> ir.Function:
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        params = [ir.Param(a.arg, self.expr(d) if d is not None else None) for a, d in zip(positional, defaults, strict=True)]
        if params and params[0].name in ("self", "cls"):
            params = params[1:]
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            params.append(ir.Param(arg.arg, self.expr(default) if default is not None else None))
        if args.kwarg is not None:
            params.append(ir.Param(args.kwarg.arg, None, rest=True))
        body: list[ir.Node] = []
        for statement in node.body:
            body.extend(self.statement(statement))
        return ir.Function(camel(node.name), params, body, self.line(node), self.module.file)

    # --- statements ---------------------------------------------------------------------------

    def statement(self, node: ast.stmt) -> list[ir.Node]:
        line = self.line(node)
        if isinstance(node, ast.Assign):
            value = self.expr(node.value)
            found: list[ir.Node] = []
            for target in node.targets:
                if isinstance(target, (ast.Tuple, ast.List)):
                    for index, element in enumerate(target.elts):
                        found.append(ir.Assign(line, self.expr(element), ir.Index(line, value, ir.Lit(line, index)), declare=isinstance(element, ast.Name)))
                else:
                    found.append(ir.Assign(line, self.expr(target), value, declare=isinstance(target, ast.Name)))
            return found
        if isinstance(node, ast.AnnAssign):
            return [ir.Assign(line, self.expr(node.target), self.expr(node.value) if node.value else None, declare=True)]
        if isinstance(node, ast.AugAssign):
            op = _BINOPS.get(type(node.op), "+")
            return [ir.Assign(line, self.expr(node.target), ir.BinOp(line, op, self.expr(node.target), self.expr(node.value)))]
        if isinstance(node, ast.Expr):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                return []  # docstring
            return [ir.ExprStmt(line, self.expr(node.value))]
        if isinstance(node, ast.If):
            return [ir.If(line, self.expr(node.test), self._block(node.body), self._block(node.orelse))]
        if isinstance(node, ast.For):
            target = ast.unparse(node.target)
            return [ir.ForOf(line, target, self.expr(node.iter), self._block(node.body))]
        if isinstance(node, ast.Return):
            return [ir.Return(line, self.expr(node.value) if node.value is not None else None)]
        if isinstance(node, ast.With):
            return self._block(node.body)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.top_level(node)
        return []

    def _block(self, statements: list[ast.stmt]) -> list[ir.Node]:
        found: list[ir.Node] = []
        for statement in statements:
            found.extend(self.statement(statement))
        return found

    # --- expressions --------------------------------------------------------------------------

    def expr(self, node: ast.expr | None) -> ir.Node:
        if node is None:
            return ir.Lit(0, None)
        line = self.line(node)
        handler = getattr(self, "_" + type(node).__name__, None)
        if handler is None:
            return ir.Opaque(line, _source(node))
        return handler(node, line)

    def _Constant(self, node: ast.Constant, line: int) -> ir.Node:
        value = node.value
        if isinstance(value, (str, int, float, bool)) or value is None:
            return ir.Lit(line, value)
        return ir.Opaque(line, _source(node))

    def _Name(self, node: ast.Name, line: int) -> ir.Node:
        return ir.Name(line, "this" if node.id == "self" else node.id)

    def _Attribute(self, node: ast.Attribute, line: int) -> ir.Node:
        return ir.Attr(line, self.expr(node.value), camel(node.attr))

    def _Subscript(self, node: ast.Subscript, line: int) -> ir.Node:
        return ir.Index(line, self.expr(node.value), self.expr(node.slice))

    def _Call(self, node: ast.Call, line: int) -> ir.Node:
        func = node.func
        # super().__init__(...) and super(Cls, self).__init__(...) -> super(...)
        if isinstance(func, ast.Attribute) and func.attr == "__init__" and isinstance(func.value, ast.Call) and isinstance(func.value.func, ast.Name) and func.value.func.id == "super":
            return ir.Call(line, ir.Name(line, "super"), [self.expr(a) for a in node.args], self._kwargs(node))
        if isinstance(func, ast.Name) and func.id in ("getattr", "hasattr") and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
            args = [self.expr(node.args[0]), ir.Lit(line, camel(node.args[1].value)), *(self.expr(a) for a in node.args[2:])]
            return ir.Call(line, ir.Name(line, func.id), args)
        args = [self.expr(a) for a in node.args if not isinstance(a, ast.Starred)]
        return ir.Call(line, self.expr(func), args, self._kwargs(node))

    def _kwargs(self, node: ast.Call) -> list[tuple[str, ir.Node, int]]:
        found = []
        for keyword in node.keywords:
            if keyword.arg is None:
                found.append(("**", self.expr(keyword.value), self.line(keyword)))
            else:
                found.append((camel(keyword.arg), self.expr(keyword.value), self.line(keyword)))
        return found

    def _Dict(self, node: ast.Dict, line: int) -> ir.Node:
        obj = ir.Obj(line)
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                obj.spreads.append(self.expr(value))
            elif isinstance(key, ast.Constant) and isinstance(key.value, (str, int)):
                obj.items.append((str(key.value), self.expr(value), self.line(key)))
        return obj

    def _List(self, node: ast.List, line: int) -> ir.Node:
        return ir.Arr(line, [self.expr(e) for e in node.elts if not isinstance(e, ast.Starred)])

    _Tuple = _List

    def _JoinedStr(self, node: ast.JoinedStr, line: int) -> ir.Node:
        parts: list[str | ir.Node] = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                parts.append(self.expr(value.value))
        return ir.Template(line, parts)

    def _BoolOp(self, node: ast.BoolOp, line: int) -> ir.Node:
        op = "&&" if isinstance(node.op, ast.And) else "||"
        result = self.expr(node.values[0])
        for value in node.values[1:]:
            result = ir.BinOp(line, op, result, self.expr(value))
        return result

    def _BinOp(self, node: ast.BinOp, line: int) -> ir.Node:
        op = _BINOPS.get(type(node.op))
        if op is None:
            return ir.Opaque(line, _source(node))
        return ir.BinOp(line, op, self.expr(node.left), self.expr(node.right))

    def _UnaryOp(self, node: ast.UnaryOp, line: int) -> ir.Node:
        ops = {ast.Not: "!", ast.USub: "-", ast.UAdd: "+"}
        op = ops.get(type(node.op))
        return ir.Unary(line, op, self.expr(node.operand)) if op else ir.Opaque(line, _source(node))

    def _Compare(self, node: ast.Compare, line: int) -> ir.Node:
        if len(node.ops) != 1 or type(node.ops[0]) not in _COMPARE:
            return ir.Opaque(line, _source(node))
        return ir.BinOp(line, _COMPARE[type(node.ops[0])], self.expr(node.left), self.expr(node.comparators[0]))

    def _IfExp(self, node: ast.IfExp, line: int) -> ir.Node:
        return ir.Cond(line, self.expr(node.test), self.expr(node.body), self.expr(node.orelse))


def _is_main_guard(test: ast.expr) -> bool:
    return isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"


def _source(node: ast.AST) -> str:
    try:
        return ast.unparse(node)[:200]
    except Exception:  # ast.unparse can fail on odd trees; the text is only for display
        return type(node).__name__
