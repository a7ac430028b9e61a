"""Facts read from IaC artifacts, independent of the format they came from.

Every loader (CloudFormation file, template quoted in a Markdown answer, later Terraform and
CDK) produces ``Template`` objects holding ``Resource`` objects whose properties are already
resolved as far as static analysis allows. Values that cannot be known statically are kept as
``Unresolved`` references, never turned into strings. Each property path keeps the line it was
read from, so a verdict can point at ``file:line``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Path = tuple[Any, ...]  # keys (str) and list indexes (int) from a resource's Properties down


@dataclass(frozen=True)
class Unresolved:
    """A value known only at deploy time (GetAtt, Ref to a resource, a Sub over those, ...)."""

    kind: str  # "Ref", "GetAtt", "Sub", "Join", "If", "ImportValue", "GetAZs", ...
    text: str  # how it reads, e.g. "!GetAtt Table.Arn" or "${Table.Arn}/index/*"
    options: tuple[Any, ...] = ()  # for "If": the possible branch values

    def __str__(self) -> str:
        return self.text


@dataclass
class Evidence:
    """Where a fact was found."""

    file: str
    line: int | None = None
    resource: str | None = None
    path: str | None = None  # property path such as "Properties.MemorySize"
    note: str | None = None  # e.g. "service default (property absent)"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "resource": self.resource, "path": self.path, "note": self.note}

    def where(self) -> str:
        loc = f"{self.file}:{self.line}" if self.line else self.file
        what = ".".join(p for p in (self.resource, self.path) if p)
        return f"{loc} {what}".strip()


@dataclass
class Leaf:
    """One scalar property value with its path and line."""

    path: Path
    value: Any  # resolved value (str, int, float, bool, None, Unresolved)
    line: int | None
    raw: Any = None  # the value as written, when it differs (e.g. {"Fn::Sub": ...})


@dataclass
class Resource:
    """A resource with resolved properties and the line of every property path."""

    logical_id: str
    type: str
    properties: dict[str, Any]
    file: str
    line: int | None = None
    raw_properties: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)  # DeletionPolicy, DependsOn, Condition, ...
    lines: dict[Path, int] = field(default_factory=dict)
    active: bool | None = True  # False when its Condition is false on defaults, None when unknown
    # ``lines`` is keyed by paths into the resolved ``properties``; ``raw_lines`` by paths into
    # ``raw_properties`` as written (they differ after an Fn::If or a list item dropped by NoValue).
    raw_lines: dict[Path, int] = field(default_factory=dict)
    # Resources loaded from another format keep their native identity: the native type
    # ("aws_lambda_function") and, per property path, the native attribute path as text
    # ("memory_size", "versioning_configuration.status") and, when a path's line is in another
    # file than ``file`` (settings merged from a Terraform split resource), that file.
    native_type: str | None = None
    native_paths: dict[Path, str] = field(default_factory=dict)
    path_files: dict[Path, str] = field(default_factory=dict)

    def get(self, path: Path) -> tuple[bool, Any]:
        """Return (present, value) for a property path; list steps may be ``"*"`` (first match)."""
        node: Any = self.properties
        for step in path:
            if isinstance(node, dict) and step in node:
                node = node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                node = node[step]
            else:
                return False, None
        return True, node

    def line_of(self, path: Path) -> int | None:
        """The line of the deepest known prefix of ``path``."""
        for cut in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:cut]))
            if line:
                return line
        return self.line

    def raw_line_of(self, path: Path) -> int | None:
        """Like ``line_of`` for a path into ``raw_properties`` (as written, before resolution)."""
        for cut in range(len(path), 0, -1):
            line = self.raw_lines.get(tuple(path[:cut]))
            if line:
                return line
        return self.line

    def leaves(self) -> Iterator[Leaf]:
        yield from _leaves(self.properties, (), self)

    def name_values(self) -> list[str]:
        """Strings this resource is called by: its logical id and any *Name property values."""
        names = [self.logical_id]
        for key, value in self.properties.items():
            if isinstance(key, str) and key.endswith("Name"):
                names.append(str(value))
        return names


def _leaves(node: Any, path: Path, resource: Resource) -> Iterator[Leaf]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key), resource)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index), resource)
    else:
        yield Leaf(path, node, resource.line_of(path), raw_at(resource.raw_properties, path))


def raw_at(raw: Any, path: Path) -> Any:
    """The value as written at a property path, or None when the path is not there."""
    for step in path:
        if isinstance(raw, dict) and step in raw:
            raw = raw[step]
        elif isinstance(raw, list) and isinstance(step, int) and step < len(raw):
            raw = raw[step]
        else:
            return None
    return raw


@dataclass
class Parameter:
    name: str
    type: str | None
    default: Any
    allowed_values: list[Any] | None
    allowed_pattern: str | None
    line: int | None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class Output:
    name: str
    value: Any
    export_name: Any
    line: int | None
    condition: str | None = None
    raw: Any = None  # the Value as written (intrinsics kept as {"Fn::...": ...})
    raw_export_name: Any = None
    description: Any = None


@dataclass
class Template:
    """One CloudFormation template (a file, or a fenced block of a Markdown answer)."""

    file: str
    format: str  # "yaml" | "json"
    resources: dict[str, Resource] = field(default_factory=dict)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    conditions: dict[str, Any] = field(default_factory=dict)
    condition_lines: dict[str, int] = field(default_factory=dict)
    mappings: dict[str, Any] = field(default_factory=dict)
    intrinsics: set[str] = field(default_factory=set)  # intrinsic functions used anywhere
    text: str = ""
    line_offset: int = 0  # lines before the template in its file (fenced blocks)
    transform: list[str] = field(default_factory=list)

    def signature(self) -> tuple[tuple[str, str], ...]:
        """Identity of the stack it describes; a YAML template and its JSON twin share it."""
        return tuple(sorted((rid, r.type) for rid, r in self.resources.items()))


@dataclass
class ArtifactSet:
    """The templates one scope is checked against (final code, or the model's answer)."""

    label: str  # "final" | "model"
    templates: list[Template] = field(default_factory=list)
    twins: dict[str, str] = field(default_factory=dict)  # dropped twin file -> kept file
    region: str | None = None
    region_source: str | None = None
    unread: list[str] = field(default_factory=list)  # files of this side that could not be read

    @property
    def empty(self) -> bool:
        return not any(t.resources for t in self.templates)

    def resources(self, types: tuple[str, ...] | list[str] | None = None) -> list[Resource]:
        found = []
        for template in self.templates:
            for resource in template.resources.values():
                if types is None or resource.type in types:
                    found.append(resource)
        return found

    def parameters(self) -> list[tuple[Template, Parameter]]:
        return [(t, p) for t in self.templates for p in t.parameters.values()]

    def outputs(self) -> list[tuple[Template, Output]]:
        return [(t, o) for t in self.templates for o in t.outputs.values()]

    def template_of(self, resource: Resource) -> Template | None:
        for template in self.templates:
            if template.resources.get(resource.logical_id) is resource:
                return template
        return None
