"""Turn a decoded CloudFormation document into a ``Template`` of resolved resources.

Works for files and for templates quoted in Markdown (``line_offset`` shifts every line so
evidence points into the ``.md``). Lines come from the decoder's marks on mapping keys.
"""

from __future__ import annotations

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


def _index_lines(node: Any, path: Path, lines: dict[Path, int], offset: int, ctx: intrinsics.Context) -> None:
    ctx.tick()
    if isinstance(node, dict):
        for key, value in node.items():
            child = (*path, str(key))
            line = _line(key, offset) or _line(value, offset)
            if line:
                lines[child] = line
            _index_lines(value, child, lines, offset, ctx)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            child = (*path, index)
            line = _line(value, offset)
            if line:
                lines[child] = line
            _index_lines(value, child, lines, offset, ctx)


def _collect_intrinsics(node: Any, used: set[str], ctx: intrinsics.Context) -> None:
    ctx.tick()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" or (isinstance(key, str) and key.startswith("Fn::")):
                used.add(str(key))
            _collect_intrinsics(value, used, ctx)
    elif isinstance(node, list):
        for value in node:
            _collect_intrinsics(value, used, ctx)


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
            default=intrinsics.resolve(spec["Default"], ctx) if "Default" in spec else None,
            allowed_values=[intrinsics.resolve(v, ctx) for v in allowed] if isinstance(allowed, list) else None,
            allowed_pattern=str(spec["AllowedPattern"]) if "AllowedPattern" in spec else None,
            line=_line(name, line_offset),
            raw={str(k): intrinsics.resolve(v, ctx) for k, v in spec.items()},
        )
    for name, expr in ctx.conditions.items():
        template.conditions[str(name)] = expr
        template.condition_lines[str(name)] = _line(name, line_offset) or 0
    for logical_id, spec in raw_resources.items():
        if not isinstance(spec, dict):
            continue
        raw_props = spec.get("Properties") if isinstance(spec.get("Properties"), dict) else {}
        resolved = intrinsics.resolve(raw_props, ctx)
        lines: dict[Path, int] = {}
        _index_lines(raw_props, (), lines, line_offset, ctx)
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
            lines=lines,
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
        )
    _collect_intrinsics(document, template.intrinsics, ctx)
    template.intrinsics |= {u for u in ctx.used if u.startswith("Fn::") or u in ("Ref", "Condition")}
    return template


def load_template_text(text: str, file: str, fmt: str, line_offset: int = 0, region: str | None = None) -> Template:
    """Decode and build; raises ``DecodeError`` or ``intrinsics.TooComplex`` with one-line messages."""
    document = decode(text, file, fmt)
    return build_template(document, file, fmt, text=text, line_offset=line_offset, region=region)
