"""Resources under construction by the static reader, and CDK values turned into CFN values.

A ``Draft`` collects CloudFormation-shaped properties with the source line of every path and a
note for each value that comes from a CDK default rather than from the code. ``StackOut``
holds the drafts of one stack; ``to_template`` turns it into a ``model.Template``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from verifier.cdk.values import ArrV, ConstructV, EnumV, Made, ObjV, Quantity, Sym
from verifier.model import Output, Resource, Template, Unresolved


@dataclass
class Draft:
    logical_id: str
    type: str
    cdk_path: str
    construct: str
    file: str
    line: int
    properties: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)  # "A.B" -> note
    active: bool | None = True

    def has(self, path: tuple[Any, ...]) -> bool:
        node: Any = self.properties
        for step in path:
            if isinstance(node, dict) and step in node:
                node = node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                node = node[step]
            else:
                return False
        return True

    def get(self, path: tuple[Any, ...]) -> Any:
        node: Any = self.properties
        for step in path:
            if isinstance(node, dict) and step in node:
                node = node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                node = node[step]
            else:
                return None
        return node

    def set(self, path: tuple[Any, ...], value: Any, line: int | None, note: str | None = None) -> None:
        """Set a CFN value (CDK values are converted) and record lines for it and its children.

        Missing containers on the way are created: a list when the next step is an int index.
        """
        converted = to_cfn(value)
        if converted is None or not path:
            return
        node: Any = self.properties
        for depth, step in enumerate(path[:-1]):
            following = path[depth + 1]
            child = _child(node, step)
            if not isinstance(child, (dict, list)):
                child = [] if isinstance(following, int) else {}
                _put(node, step, child)
                if line:
                    self.lines.setdefault(tuple(path[: depth + 1]), line)
            node = child
        _put(node, path[-1], converted)
        if line:
            self.lines[tuple(path)] = line
        _record_lines(value, tuple(path), self.lines, line)
        if note:
            self.defaults[".".join(str(p) for p in path)] = note

    def append(self, path: tuple[Any, ...], value: Any, line: int | None) -> int:
        """Append to the list at ``path`` (created if absent); returns the new item's index."""
        existing = self.get(path)
        index = len(existing) if isinstance(existing, list) else 0
        self.set((*path, index), value, line)
        return index


def _child(node: Any, step: Any) -> Any:
    if isinstance(node, dict):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return None


def _put(node: Any, step: Any, value: Any) -> None:
    if isinstance(node, dict):
        node[step] = value
    elif isinstance(node, list) and isinstance(step, int):
        while len(node) <= step:
            node.append(None)
        node[step] = value


def _record_lines(value: Any, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int], line: int | None) -> None:
    if isinstance(value, ObjV):
        for key, item in value.items():
            key_line = value.lines.get(key) or line
            if key_line:
                lines[(*path, key)] = key_line
            _record_lines(item, (*path, key), lines, key_line)
    elif isinstance(value, ArrV):
        for index, item in enumerate(value):
            item_line = value.line_of(index) or line
            if item_line:
                lines[(*path, index)] = item_line
            _record_lines(item, (*path, index), lines, item_line)
    elif isinstance(value, dict):
        for key, item in value.items():
            if line:
                lines.setdefault((*path, key), line)
            _record_lines(item, (*path, key), lines, line)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if line:
                lines.setdefault((*path, index), line)
            _record_lines(item, (*path, index), lines, line)


def ref(construct: ConstructV) -> Unresolved:
    return Unresolved("Ref", f"!Ref {main_id(construct)}")


def get_att(construct: ConstructV, attribute: str) -> Unresolved:
    return Unresolved("GetAtt", f"!GetAtt {main_id(construct)}.{attribute}")


def main_id(construct: ConstructV) -> str:
    """Logical id of the construct's main resource (or of the construct when it has none)."""
    main = construct.state.get("main")
    if main is not None:
        return str(main.logical_id)
    return "".join(p for p in construct.path[1:] if p not in ("Resource", "Default")) or construct.id


def to_cfn(value: Any) -> Any:
    """Turn an evaluated CDK value into a CloudFormation value; ``None`` means "leave out"."""
    if isinstance(value, EnumV):
        return to_cfn(value.value)
    if isinstance(value, (str, int, float, bool)) or value is None or isinstance(value, Unresolved):
        return value
    if isinstance(value, Quantity):
        return value.amount
    if isinstance(value, dict):
        out = {str(k): to_cfn(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None}
    if isinstance(value, list):
        return [to_cfn(v) for v in value if to_cfn(v) is not None]
    if isinstance(value, ConstructV):
        return ref(value)
    if isinstance(value, Made):
        return Unresolved("Unknown", value.kind)
    if isinstance(value, Sym):
        return Unresolved("Unknown", value.qual)
    return Unresolved("Unknown", type(value).__name__)


@dataclass
class StackOut:
    """One stack's resources, in creation order."""

    id: Any  # str, or Unresolved when the stack id is not known
    file: str
    line: int
    drafts: list[Draft] = field(default_factory=list)
    outputs: list[tuple[str, Any, int]] = field(default_factory=list)
    used_ids: set[str] = field(default_factory=set)

    def unique_id(self, wanted: str) -> str:
        clean = "".join(ch for ch in wanted if ch.isalnum()) or "Resource"
        candidate, n = clean, 2
        while candidate in self.used_ids:
            candidate, n = f"{clean}{n}", n + 1
        self.used_ids.add(candidate)
        return candidate


def to_template(stack: StackOut, fmt: str, line_offset: int = 0) -> Template:
    """A ``Template`` (file of the stack's class) whose resources carry their own files."""
    template = Template(file=stack.file, format=fmt, line_offset=line_offset)
    for draft in stack.drafts:
        attributes = dict(draft.attributes)
        attributes["cdk_path"] = draft.cdk_path
        attributes["construct"] = draft.construct
        if draft.defaults:
            attributes["cdk_defaults"] = dict(draft.defaults)
        resource = Resource(
            logical_id=draft.logical_id,
            type=draft.type,
            properties=draft.properties,
            file=draft.file,
            line=draft.line,
            raw_properties={},
            attributes=attributes,
            lines=dict(draft.lines),
            active=draft.active,
        )
        for name in ("DeletionPolicy", "UpdateReplacePolicy"):
            if name in draft.attributes and draft.line:
                resource.lines.setdefault(("@" + name,), draft.attributes.get("_line_" + name, draft.line))
        resource.attributes = {k: v for k, v in resource.attributes.items() if not k.startswith("_line_")}
        template.resources[resource.logical_id] = resource
    for name, value, line in stack.outputs:
        template.outputs[name] = Output(name=name, value=to_cfn(value), export_name=None, line=line)
    return template
