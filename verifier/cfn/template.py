"""Turn a decoded CloudFormation document into a ``Template`` of resolved resources.

Works for files and for templates quoted in Markdown (``line_offset`` shifts every line so
evidence points into the ``.md``). Lines come from the decoder's marks on mapping keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from verifier.cfn import intrinsics
from verifier.cfn.decoder import DecodeError, decode_json, decode_yaml
from verifier.model import Output, Parameter, Path, Resource, Template

RESOURCE_ATTRIBUTES = ("DeletionPolicy", "UpdateReplacePolicy", "DependsOn", "Condition", "Metadata", "CreationPolicy", "UpdatePolicy")


def looks_like_template(document: Any) -> bool:
    return isinstance(document, dict) and isinstance(document.get("Resources"), dict) and bool(document["Resources"])


def decode(text: str, filename: str, fmt: str) -> Any:
    """Decode text as YAML or JSON CloudFormation; JSON is valid YAML, so YAML is the fallback."""
    if fmt == "json":
        try:
            return decode_json(text, filename)
        except DecodeError:
            return decode_yaml(text, filename)
    return decode_yaml(text, filename)


def _line(node: Any, offset: int) -> int | None:
    mark = getattr(node, "start_mark", None)
    if mark is None:
        return None
    return int(mark.line) + 1 + offset


@dataclass
class _LineIndex:
    """Lines of resolved property paths, filled while the properties are resolved."""

    offset: int
    lines: dict[Path, int] = field(default_factory=dict)

    def record(self, path: Path, *nodes: Any) -> None:
        """Record the line of the first node that has one (a key, then its value)."""
        for node in nodes:
            line = _line(node, self.offset)
            if line:
                self.lines[path] = line
                return


def _resolve_indexed(node: Any, path: Path, ctx: intrinsics.Context, index: _LineIndex) -> Any:
    """Resolve ``node`` like ``intrinsics.resolve`` and record lines keyed by the *resolved* paths.

    A list item dropped by ``AWS::NoValue`` does not shift the lines of the items after it, and
    the value chosen by an ``Fn::If`` decided on defaults gets the line of its branch.
    """
    decided, branch = intrinsics.chosen_branch(node, ctx)
    if decided:
        ctx.tick()
        ctx.used.add("Fn::If")
        value = _resolve_indexed(branch, path, ctx, index)
        if path and value is not intrinsics.NO_VALUE:
            index.record(path, branch)
        return value
    if intrinsics.function_name(node) is not None or not isinstance(node, (dict, list)):
        return intrinsics.resolve(node, ctx)
    ctx.tick()
    if isinstance(node, dict):
        return _resolve_mapping(node, path, ctx, index)
    return _resolve_sequence(node, path, ctx, index)


def _resolve_mapping(node: dict[Any, Any], path: Path, ctx: intrinsics.Context, index: _LineIndex) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        child = (*path, str(key))
        index.record(child, key, value)
        resolved = _resolve_indexed(value, child, ctx, index)
        if resolved is intrinsics.NO_VALUE:
            index.lines.pop(child, None)
        else:
            out[str(key)] = resolved
    return out


def _resolve_sequence(node: list[Any], path: Path, ctx: intrinsics.Context, index: _LineIndex) -> list[Any]:
    out: list[Any] = []
    for value in node:
        child = (*path, len(out))  # the position in the resolved list
        resolved = _resolve_indexed(value, child, ctx, index)
        if resolved is not intrinsics.NO_VALUE:
            if child not in index.lines:
                index.record(child, value)
            out.append(resolved)
    return out


def _index_raw_lines(node: Any, path: Path, lines: dict[Path, int], offset: int, ctx: intrinsics.Context) -> None:
    """Lines keyed by paths into the properties as written (function names and branches included).
    (``_line`` is inlined: this runs for every node of every resource.)"""
    ctx.tick()
    if isinstance(node, dict):
        for key, value in node.items():
            child = (*path, str(key))
            mark = getattr(key, "start_mark", None) or getattr(value, "start_mark", None)
            if mark is not None:
                lines[child] = int(mark.line) + 1 + offset
            if isinstance(value, (dict, list)):
                _index_raw_lines(value, child, lines, offset, ctx)
            else:
                ctx.tick()  # what the call on a scalar would count
    elif isinstance(node, list):
        for position, value in enumerate(node):
            child = (*path, position)
            mark = getattr(value, "start_mark", None)
            if mark is not None:
                lines[child] = int(mark.line) + 1 + offset
            if isinstance(value, (dict, list)):
                _index_raw_lines(value, child, lines, offset, ctx)
            else:
                ctx.tick()


def _collect_intrinsics(node: Any, used: set[str], ctx: intrinsics.Context) -> None:
    ctx.tick()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" or (isinstance(key, str) and key.startswith("Fn::")):
                used.add(str(key))
            if isinstance(value, (dict, list)):
                _collect_intrinsics(value, used, ctx)
            else:
                ctx.tick()  # what the call on a scalar would count
    elif isinstance(node, list):
        for value in node:
            if isinstance(value, (dict, list)):
                _collect_intrinsics(value, used, ctx)
            else:
                ctx.tick()


def _parameter_default(name: str, spec: dict[str, Any], ctx: intrinsics.Context) -> Any:
    """The value a ``Ref`` to the parameter gives on its default (a list for list types)."""
    if "Default" not in spec:
        return None
    value = intrinsics.resolve(spec["Default"], ctx)
    if name in ctx.list_parameters and isinstance(value, str):
        return intrinsics.split_list_parameter(value)
    return value


SAM_GLOBALS = {"AWS::Serverless::Function": "Function", "AWS::Serverless::Api": "Api", "AWS::Serverless::HttpApi": "HttpApi",
               "AWS::Serverless::SimpleTable": "SimpleTable", "AWS::Serverless::StateMachine": "StateMachine"}


def _with_sam_globals(properties: Any, resource_type: Any, globals_: dict[str, Any]) -> Any:
    """A SAM resource's properties with the template's ``Globals`` section filled in where the
    resource sets nothing (the global nodes keep their own lines: evidence points at Globals)."""
    section = globals_.get(SAM_GLOBALS.get(str(resource_type), ""), None)
    if not isinstance(section, dict):
        return properties
    missing = {k: v for k, v in section.items() if k not in properties}
    if not missing:
        return properties
    return {**properties, **missing}  # keys keep their nodes, so every value keeps its line


def build_template(document: Any, file: str, fmt: str, text: str = "", line_offset: int = 0, region: str | None = None) -> Template:
    """Build a Template; raises ``intrinsics.TooComplex`` for documents beyond the visit budget."""
    template = Template(file=file, format=fmt, text=text, line_offset=line_offset)
    if not isinstance(document, dict):
        return template
    transform = document.get("Transform")
    template.transform = [str(t) for t in transform] if isinstance(transform, list) else ([str(transform)] if transform else [])
    raw_parameters = document.get("Parameters") if isinstance(document.get("Parameters"), dict) else {}
    raw_resources = document.get("Resources") if isinstance(document.get("Resources"), dict) else {}
    ctx = intrinsics.Context(
        parameters={str(k): v["Default"] for k, v in raw_parameters.items() if isinstance(v, dict) and "Default" in v},
        list_parameters={str(k) for k, v in raw_parameters.items() if isinstance(v, dict) and intrinsics.is_list_parameter_type(v.get("Type"))},
        resources={str(k) for k in raw_resources},
        conditions=document.get("Conditions") if isinstance(document.get("Conditions"), dict) else {},
        mappings=document.get("Mappings") if isinstance(document.get("Mappings"), dict) else {},
        region=region,
    )
    template.mappings = {str(k): v for k, v in ctx.mappings.items()}
    for name, spec in raw_parameters.items():
        if not isinstance(spec, dict):
            continue
        allowed = spec.get("AllowedValues")
        template.parameters[str(name)] = Parameter(
            name=str(name),
            type=str(spec.get("Type")) if spec.get("Type") is not None else None,
            default=_parameter_default(str(name), spec, ctx),
            allowed_values=[intrinsics.resolve(v, ctx) for v in allowed] if isinstance(allowed, list) else None,
            allowed_pattern=str(spec["AllowedPattern"]) if "AllowedPattern" in spec else None,
            line=_line(name, line_offset),
            raw={str(k): intrinsics.resolve(v, ctx) for k, v in spec.items()},
        )
    for name, expr in ctx.conditions.items():
        template.conditions[str(name)] = expr
        template.condition_lines[str(name)] = _line(name, line_offset) or 0
    globals_ = document.get("Globals") if template.transform and isinstance(document.get("Globals"), dict) else {}
    for logical_id, spec in raw_resources.items():
        if not isinstance(spec, dict):
            continue
        raw_props = spec.get("Properties") if isinstance(spec.get("Properties"), dict) else {}
        raw_props = _with_sam_globals(raw_props, spec.get("Type"), globals_)
        index = _LineIndex(line_offset)
        resolved = _resolve_indexed(raw_props, (), ctx, index)
        raw_lines: dict[Path, int] = {}
        _index_raw_lines(raw_props, (), raw_lines, line_offset, ctx)
        attributes = {a: intrinsics.resolve(spec[a], ctx) for a in RESOURCE_ATTRIBUTES if a in spec}
        attribute_lines = {a: _line(k, line_offset) for k in spec if (a := str(k)) in RESOURCE_ATTRIBUTES}
        condition = attributes.get("Condition")
        active = ctx.condition(str(condition)) if condition else True
        resource = Resource(
            logical_id=str(logical_id),
            type=str(spec.get("Type", "")),
            properties=resolved if isinstance(resolved, dict) else {},
            file=file,
            line=_line(logical_id, line_offset),
            raw_properties=raw_props,
            attributes=attributes,
            lines=index.lines,
            raw_lines=raw_lines,
            active=active,
        )
        resource.lines.update({("@" + a,): ln for a, ln in attribute_lines.items() if ln})
        template.resources[resource.logical_id] = resource
    raw_outputs = document.get("Outputs") if isinstance(document.get("Outputs"), dict) else {}
    for name, spec in raw_outputs.items():
        if not isinstance(spec, dict):
            continue
        export = spec.get("Export")
        template.outputs[str(name)] = Output(
            name=str(name),
            value=intrinsics.resolve(spec.get("Value"), ctx),
            export_name=intrinsics.resolve(export.get("Name"), ctx) if isinstance(export, dict) else None,
            line=_line(name, line_offset),
            condition=str(spec["Condition"]) if "Condition" in spec else None,
            raw=spec.get("Value"),
            raw_export_name=export.get("Name") if isinstance(export, dict) else None,
            description=spec.get("Description"),
        )
    _collect_intrinsics(document, template.intrinsics, ctx)
    template.intrinsics |= {u for u in ctx.used if u.startswith("Fn::") or u in ("Ref", "Condition")}
    return template


def load_template_text(text: str, file: str, fmt: str, line_offset: int = 0, region: str | None = None) -> Template:
    """Decode and build; raises ``DecodeError`` or ``intrinsics.TooComplex`` with one-line messages."""
    document = decode(text, file, fmt)
    return build_template(document, file, fmt, text=text, line_offset=line_offset, region=region)
