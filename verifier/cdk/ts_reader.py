"""Read TypeScript (or JavaScript) CDK code into the ``ir`` tree, with tree-sitter.

Types are dropped (``x as T``, ``x!``, ``x satisfies T`` read as ``x``); arrow functions and
anything else outside the ``ir`` subset read as ``Opaque``. Syntax errors do not stop the
reading: tree-sitter recovers, and the module records one error line.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from verifier.cdk import ir

_UNWRAP = {"parenthesized_expression", "as_expression", "non_null_expression", "satisfies_expression", "await_expression", "type_assertion"}
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None, "undefined": None}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "`": "`", "0": "\0", "$": "$"}


class ReaderUnavailable(Exception):
    """tree-sitter or its TypeScript grammar is not installed."""


@lru_cache(maxsize=1)
def _parser() -> Any:
    try:
        import tree_sitter
        import tree_sitter_typescript
    except ImportError as exc:
        raise ReaderUnavailable(f"TypeScript reading needs the tree-sitter and tree-sitter-typescript packages ({exc})") from None
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_typescript.language_typescript()))


def read_typescript(text: str, file: str, line_offset: int = 0) -> ir.Module:
    """Parse ``text``; raises ``ReaderUnavailable`` when the parser is missing."""
    tree = _parser().parse(text.encode("utf-8", errors="replace"))
    module = ir.Module(file=file, language="typescript")
    reader = _Reader(module, line_offset)
    root = tree.root_node
    if root.has_error:
        bad = _first_error(root)
        module.errors.append(f"{file}:{reader.line(bad) if bad else '?'}: TypeScript syntax error; read what parses")
    for child in root.named_children:
        reader.top_level(child)
    return module


def _first_error(node: Any) -> Any:
    if node.type == "ERROR" or node.is_missing:
        return node
    for child in node.children:
        if child.has_error:
            found = _first_error(child)
            if found is not None:
                return found
    return None


class _Reader:
    def __init__(self, module: ir.Module, line_offset: int) -> None:
        self.module = module
        self.offset = line_offset

    def line(self, node: Any) -> int:
        return int(node.start_point[0]) + 1 + self.offset

    # --- top level ----------------------------------------------------------------------------

    def top_level(self, node: Any) -> None:
        kind = node.type
        if kind == "export_statement":
            declaration = node.child_by_field_name("declaration")
            if declaration is not None:
                self.top_level(declaration)
            return
        if kind == "import_statement":
            self._import(node)
        elif kind in ("class_declaration", "abstract_class_declaration", "class"):
            cls = self._class(node)
            if cls is not None:
                self.module.classes[cls.name] = cls
        elif kind == "function_declaration":
            fn = self._function(node)
            if fn is not None:
                self.module.functions[fn.name] = fn
        else:
            self.module.body.extend(self.statement(node))
            if kind in ("lexical_declaration", "variable_declaration"):
                self._arrow_functions(node)

    def _arrow_functions(self, node: Any) -> None:
        """``const make = (scope, id) => { ... }`` is a function too."""
        for declarator in node.named_children:
            if declarator.type != "variable_declarator":
                continue
            name, value = declarator.child_by_field_name("name"), declarator.child_by_field_name("value")
            if name is not None and value is not None and value.type in ("arrow_function", "function_expression", "function"):
                fn = self._function(value, name.text.decode())
                if fn is not None:
                    self.module.functions[fn.name] = fn

    def _import(self, node: Any) -> None:
        source = node.child_by_field_name("source")
        if source is None:
            return
        module = self._string(source)
        line = self.line(node)
        for clause in node.named_children:
            if clause.type == "import_require_clause":  # import x = require('m')
                ident = clause.named_children[0] if clause.named_children else None
                if ident is not None:
                    self.module.imports.append(ir.Import(ident.text.decode(), module, None, line))
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":  # default import
                    self.module.imports.append(ir.Import(part.text.decode(), module, "default", line))
                elif part.type == "namespace_import":
                    ident = [c for c in part.named_children if c.type == "identifier"]
                    if ident:
                        self.module.imports.append(ir.Import(ident[0].text.decode(), module, None, line))
                elif part.type == "named_imports":
                    for spec in part.named_children:
                        if spec.type != "import_specifier":
                            continue
                        name = spec.child_by_field_name("name")
                        alias = spec.child_by_field_name("alias")
                        if name is not None:
                            local = (alias or name).text.decode()
                            self.module.imports.append(ir.Import(local, module, name.text.decode(), line))

    def _class(self, node: Any) -> ir.ClassDef | None:
        name = node.child_by_field_name("name")
        if name is None:
            return None
        bases: list[ir.Node] = []
        body = node.child_by_field_name("body")
        for child in node.named_children:
            if child.type == "class_heritage":
                for clause in child.named_children:
                    if clause.type == "extends_clause":
                        value = clause.child_by_field_name("value")
                        if value is not None:
                            bases.append(self.expr(value))
        cls = ir.ClassDef(name.text.decode(), bases, None, {}, [], self.line(node), self.module.file)
        for member in body.named_children if body is not None else []:
            if member.type == "method_definition":
                fn = self._function(member)
                if fn is None:
                    continue
                if fn.name == "constructor":
                    cls.init = fn
                else:
                    cls.methods[fn.name] = fn
            elif member.type in ("public_field_definition", "field_definition"):
                key = member.child_by_field_name("name") or member.child_by_field_name("property")
                value = member.child_by_field_name("value")
                if key is not None and value is not None:
                    target = ir.Attr(self.line(member), ir.Name(self.line(member), "this"), key.text.decode())
                    cls.fields.append(ir.Assign(self.line(member), target, self.expr(value)))
        return cls

    def _function(self, node: Any, name: str | None = None) -> ir.Function | None:
        ident = node.child_by_field_name("name")
        fn_name = name or (ident.text.decode() if ident is not None else None)
        if fn_name is None:
            return None
        params: list[ir.Param] = []
        formal = node.child_by_field_name("parameters")
        single = node.child_by_field_name("parameter")  # x => ...
        for param in (formal.named_children if formal is not None else ([single] if single is not None else [])):
            params.append(self._param(param))
        body = node.child_by_field_name("body")
        statements: list[ir.Node] = []
        if body is not None and body.type == "statement_block":
            statements = self.block(body)
        elif body is not None:  # expression-bodied arrow function
            statements = [ir.Return(self.line(body), self.expr(body))]
        return ir.Function(fn_name, params, statements, self.line(node), self.module.file)

    def _param(self, node: Any) -> ir.Param:
        if node.type == "identifier":
            return ir.Param(node.text.decode())
        pattern = node.child_by_field_name("pattern")
        value = node.child_by_field_name("value")
        rest = pattern is not None and pattern.type == "rest_pattern"
        name = pattern.text.decode() if pattern is not None else node.text.decode()
        if rest:
            name = name.lstrip(".")
        return ir.Param(name, self.expr(value) if value is not None else None, rest)

    # --- statements ---------------------------------------------------------------------------

    def block(self, node: Any) -> list[ir.Node]:
        statements: list[ir.Node] = []
        for child in node.named_children:
            statements.extend(self.statement(child))
        return statements

    def statement(self, node: Any) -> list[ir.Node]:
        kind = node.type
        line = self.line(node)
        if kind in ("lexical_declaration", "variable_declaration"):
            found: list[ir.Node] = []
            for declarator in node.named_children:
                if declarator.type != "variable_declarator":
                    continue
                name, value = declarator.child_by_field_name("name"), declarator.child_by_field_name("value")
                if name is None:
                    continue
                value_ir = self.expr(value) if value is not None else None
                if name.type == "object_pattern" and value_ir is not None:  # const { a, b } = props
                    for prop in name.named_children:
                        key = prop.text.decode().split(":")[0].split("=")[0].strip()
                        if key.isidentifier():
                            found.append(ir.Assign(line, ir.Name(line, key), ir.Attr(line, value_ir, key), declare=True))
                    continue
                found.append(ir.Assign(line, ir.Name(self.line(name), name.text.decode()), value_ir, declare=True))
            return found
        if kind == "expression_statement":
            inner = node.named_children[0] if node.named_children else None
            if inner is None:
                return []
            if inner.type in ("assignment_expression", "augmented_assignment_expression"):
                left, right = inner.child_by_field_name("left"), inner.child_by_field_name("right")
                if left is not None and right is not None:
                    value = self.expr(right)
                    if inner.type == "augmented_assignment_expression":
                        op = inner.child_by_field_name("operator")
                        value = ir.BinOp(line, (op.text.decode() if op else "+=")[:-1], self.expr(left), value)
                    return [ir.Assign(line, self.expr(left), value)]
            return [ir.ExprStmt(line, self.expr(inner))]
        if kind == "if_statement":
            condition = node.child_by_field_name("condition")
            consequence = node.child_by_field_name("consequence")
            alternative = node.child_by_field_name("alternative")
            orelse: list[ir.Node] = []
            if alternative is not None:
                for child in alternative.named_children:
                    orelse.extend(self._body(child))
            return [ir.If(line, self.expr(condition) if condition is not None else ir.Opaque(line, "?"), self._body(consequence), orelse)]
        if kind == "for_in_statement":
            left, right, body = node.child_by_field_name("left"), node.child_by_field_name("right"), node.child_by_field_name("body")
            operator = node.child_by_field_name("operator")
            if left is not None and right is not None and operator is not None and operator.text == b"of":
                return [ir.ForOf(line, left.text.decode(), self.expr(right), self._body(body))]
            return []
        if kind == "statement_block":
            return self.block(node)
        if kind == "return_statement":
            value = node.named_children[0] if node.named_children else None
            return [ir.Return(line, self.expr(value) if value is not None else None)]
        if kind in ("class_declaration", "function_declaration"):
            self.top_level(node)
        return []

    def _body(self, node: Any) -> list[ir.Node]:
        if node is None:
            return []
        return self.block(node) if node.type == "statement_block" else self.statement(node)

    # --- expressions --------------------------------------------------------------------------

    def expr(self, node: Any) -> ir.Node:
        kind = node.type
        line = self.line(node)
        if kind in _UNWRAP:
            inner = [c for c in node.named_children if c.type not in ("type_identifier", "predefined_type", "generic_type", "type_arguments")]
            return self.expr(inner[0]) if inner else ir.Opaque(line, node.text.decode())
        if kind in ("string",):
            return ir.Lit(line, self._string(node))
        if kind == "number":
            return ir.Lit(line, _number(node.text.decode()))
        if kind in _LITERALS:
            return ir.Lit(line, _LITERALS[kind])
        if kind == "identifier" and node.text == b"undefined":
            return ir.Lit(line, None)
        if kind in ("identifier", "shorthand_property_identifier", "property_identifier"):
            return ir.Name(line, node.text.decode())
        if kind == "this":
            return ir.Name(line, "this")
        if kind == "template_string":
            return self._template(node)
        if kind == "member_expression":
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            if obj is None or prop is None:
                return ir.Opaque(line, node.text.decode())
            return ir.Attr(line, self.expr(obj), prop.text.decode())
        if kind == "subscript_expression":
            obj, index = node.child_by_field_name("object"), node.child_by_field_name("index")
            if obj is None or index is None:
                return ir.Opaque(line, node.text.decode())
            return ir.Index(line, self.expr(obj), self.expr(index))
        if kind in ("call_expression", "new_expression"):
            func = node.child_by_field_name("function") or node.child_by_field_name("constructor")
            arguments = node.child_by_field_name("arguments")
            if func is None:
                return ir.Opaque(line, node.text.decode())
            args = [self.expr(a) for a in (arguments.named_children if arguments is not None else []) if a.type != "comment"]
            if func.type == "super":
                return ir.Call(line, ir.Name(line, "super"), args)
            return ir.Call(line, self.expr(func), args, is_new=kind == "new_expression")
        if kind == "object":
            return self._object(node)
        if kind == "array":
            return ir.Arr(line, [self.expr(c) for c in node.named_children if c.type != "comment"])
        if kind == "binary_expression":
            left, right, op = node.child_by_field_name("left"), node.child_by_field_name("right"), node.child_by_field_name("operator")
            if left is None or right is None or op is None:
                return ir.Opaque(line, node.text.decode())
            return ir.BinOp(line, op.text.decode().replace("===", "==").replace("!==", "!="), self.expr(left), self.expr(right))
        if kind == "unary_expression":
            op, arg = node.child_by_field_name("operator"), node.child_by_field_name("argument")
            if op is None or arg is None:
                return ir.Opaque(line, node.text.decode())
            return ir.Unary(line, op.text.decode(), self.expr(arg))
        if kind == "ternary_expression":
            test, then, other = (node.child_by_field_name(f) for f in ("condition", "consequence", "alternative"))
            if test is None or then is None or other is None:
                return ir.Opaque(line, node.text.decode())
            return ir.Cond(line, self.expr(test), self.expr(then), self.expr(other))
        return ir.Opaque(line, node.text.decode()[:200])

    def _object(self, node: Any) -> ir.Obj:
        obj = ir.Obj(self.line(node))
        for child in node.named_children:
            if child.type == "pair":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                if key is None or value is None:
                    continue
                name = self._string(key) if key.type == "string" else key.text.decode()
                if key.type == "computed_property_name":
                    continue
                obj.items.append((name, self.expr(value), self.line(key)))
            elif child.type == "shorthand_property_identifier":
                name = child.text.decode()
                obj.items.append((name, ir.Name(self.line(child), name), self.line(child)))
            elif child.type == "spread_element":
                inner = child.named_children[0] if child.named_children else None
                if inner is not None:
                    obj.spreads.append(self.expr(inner))
            elif child.type == "method_definition":
                name_node = child.child_by_field_name("name")
                if name_node is not None:
                    obj.items.append((name_node.text.decode(), ir.Opaque(self.line(child), child.text.decode()[:200]), self.line(child)))
        return obj

    def _template(self, node: Any) -> ir.Template:
        parts: list[str | ir.Node] = []
        for child in node.named_children:
            if child.type == "string_fragment":
                parts.append(child.text.decode())
            elif child.type == "escape_sequence":
                parts.append(_unescape(child.text.decode()))
            elif child.type == "template_substitution":
                inner = child.named_children[0] if child.named_children else None
                if inner is not None:
                    parts.append(self.expr(inner))
        return ir.Template(self.line(node), parts)

    def _string(self, node: Any) -> str:
        if node.type != "string":
            return node.text.decode()
        out = []
        for child in node.named_children:
            text = child.text.decode()
            out.append(_unescape(text) if child.type == "escape_sequence" else text)
        return "".join(out)


def _unescape(text: str) -> str:
    if len(text) == 2 and text[0] == "\\":
        return _ESCAPES.get(text[1], text[1])
    if text.startswith("\\u") or text.startswith("\\x"):
        try:
            return chr(int(text[2:].strip("{}"), 16))
        except ValueError:
            return text
    return text


def _number(text: str) -> int | float:
    clean = text.replace("_", "")
    try:
        if clean.lower().startswith(("0x", "0o", "0b")):
            return int(clean, 0)
        value = float(clean)
    except ValueError:
        return 0
    return int(value) if value.is_integer() and "." not in clean and "e" not in clean.lower() else value
