"""Every place in a set of templates where a quoted key could sit, with the value as written.

A report quotes code as key paths (``MyBucket.Properties.BucketName``, ``AllowedValues``,
``Type``). To decide such a quote we list the *sites* of the artifacts: resource types and
attributes, property values (lists of scalars whole, intrinsic functions whole, list items that
are mappings with the item they sit in), state machine definitions, parameters and outputs. Each
site carries its full key path (``Resources.Id.Properties...``, ``Parameters.Name.Default``,
``Outputs.Name.Value``) so a quote can be matched by the longest common suffix, and its owner
(logical id, parameter or output name) so a quote naming its owner is pinned to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from verifier.model import ArtifactSet, Evidence, Resource, Template
from verifier.paths import definition_of

RESOURCE_ATTRIBUTES = ("DeletionPolicy", "UpdateReplacePolicy", "Condition", "DependsOn")
STATE_MACHINE_TYPES = ("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine")


@dataclass
class Site:
    """One value in the artifacts that a quoted key path may refer to."""

    owner: str  # logical id, parameter name or output name
    section: str  # "Resources" | "Parameters" | "Outputs"
    keys: tuple[str, ...]  # full key path without list indexes, from the section down
    value: Any  # the value as written (intrinsics as {"Fn::...": ...})
    file: str
    line: int | None
    path_text: str  # for evidence, e.g. "Properties.Tags[0].Value"
    item: dict[str, Any] | None = None  # the list item (mapping) the value sits in, if any

    def evidence(self) -> Evidence:
        return Evidence(self.file, self.line, self.owner if self.section == "Resources" else f"{self.section}.{self.owner}", self.path_text)


def sites(artifacts: ArtifactSet) -> list[Site]:
    """All sites of an artifact set (cached on the set: it does not change during a run)."""
    cached = getattr(artifacts, "_quoted_sites", None)
    if cached is None:
        cached = [site for template in artifacts.templates for site in _template_sites(template)]
        artifacts._quoted_sites = cached  # type: ignore[attr-defined]
    return cached


def sites_ending_with(artifacts: ArtifactSet, key: str) -> list[Site]:
    """The sites whose key path ends with ``key``, in ``sites`` order (an index cached on the set)."""
    index = getattr(artifacts, "_quoted_sites_by_key", None)
    if index is None:
        index = {}
        for site in sites(artifacts):
            if site.keys:
                index.setdefault(site.keys[-1], []).append(site)
        artifacts._quoted_sites_by_key = index  # type: ignore[attr-defined]
    return index.get(key, [])


def owners(artifacts: ArtifactSet) -> set[str]:
    return {site.owner for site in sites(artifacts)}


def _template_sites(template: Template) -> Iterator[Site]:
    for resource in template.resources.values():
        yield from _resource_sites(resource)
    for parameter in template.parameters.values():
        for key, value in parameter.raw.items():
            if str(key).startswith("@"):
                continue  # the loader's own notes ("@File"), not part of the code
            yield Site(parameter.name, "Parameters", ("Parameters", parameter.name, str(key)), value, template.file,
                       parameter.line, str(key))
    for output in template.outputs.values():
        prefix = ("Outputs", output.name)
        value = output.raw if output.raw is not None else output.value
        yield Site(output.name, "Outputs", (*prefix, "Value"), value, template.file, output.line, "Value")
        for key, value in (("Description", output.description), ("Condition", output.condition)):
            if value is not None:
                yield Site(output.name, "Outputs", (*prefix, key), value, template.file, output.line, key)
        export = output.raw_export_name if output.raw_export_name is not None else output.export_name
        if export is not None:
            yield Site(output.name, "Outputs", (*prefix, "Export", "Name"), export, template.file, output.line, "Export.Name")
        if output.condition:
            yield Site(output.name, "Outputs", (*prefix, "Condition"), output.condition, template.file, output.line, "Condition")


def _resource_sites(resource: Resource) -> Iterator[Site]:
    base = ("Resources", resource.logical_id)
    yield Site(resource.logical_id, "Resources", (*base, "Type"), resource.type, resource.file, resource.line, "Type")
    for attribute in RESOURCE_ATTRIBUTES:
        value = resource.attributes.get(attribute)
        if value is not None:
            line = resource.line_of(("@" + attribute,)) or resource.line
            yield Site(resource.logical_id, "Resources", (*base, attribute), value, resource.file, line, attribute)
    for attribute in ("Metadata", "CreationPolicy", "UpdatePolicy"):
        for path, value, item in _raw_leaves(resource.attributes.get(attribute), ()):
            keys = tuple(p for p in path if isinstance(p, str))
            if keys:
                yield Site(resource.logical_id, "Resources", (*base, attribute, *keys), value, resource.file,
                           resource.line_of(("@" + attribute,)) or resource.line, ".".join((attribute, *keys)), item)
    for path, value, item in _raw_leaves(resource.raw_properties, ()):
        keys = tuple(p for p in path if isinstance(p, str))
        yield Site(resource.logical_id, "Resources", (*base, "Properties", *keys), value, resource.file,
                   resource.raw_line_of(path), _path_text(path), item)
    for path, native in resource.native_paths.items():
        present, value = resource.get(path)
        if present and not isinstance(value, (dict, list)):
            keys = tuple(k for k in native.replace("]", "").replace("[", ".").split(".") if k and not k.isdigit())
            yield Site(resource.logical_id, "Resources", (*base, "Properties", *keys), value,
                       resource.path_files.get(path, resource.file), resource.line_of(path), native)
    if resource.type in STATE_MACHINE_TYPES:
        definition = definition_of(resource)
        line = resource.line_of(("DefinitionString",)) or resource.line_of(("Definition",))
        for path, value, item in _raw_leaves(definition, ()) if definition is not None else ():
            keys = tuple(p for p in path if isinstance(p, str))
            yield Site(resource.logical_id, "Resources", (*base, "Properties", "Definition", *keys), value,
                       resource.file, line, _path_text(("Definition", *path)), item)


def is_intrinsic(node: Any) -> bool:
    if not isinstance(node, dict) or len(node) != 1:
        return False
    key = str(next(iter(node)))
    return key == "Ref" or key.startswith("Fn::") or key == "Condition"


def _raw_leaves(node: Any, path: tuple[Any, ...], item: dict[str, Any] | None = None) -> Iterator[tuple[tuple[Any, ...], Any, dict[str, Any] | None]]:
    """(path, value as written, enclosing list item) for scalars, scalar lists and intrinsics; the
    branches of an ``Fn::If`` are looked into as if each were written in its place."""
    if isinstance(node, dict) and len(node) == 1 and "Fn::If" in node and isinstance(node["Fn::If"], list):
        yield path, node, item
        for branch in node["Fn::If"][1:3]:
            yield from _raw_leaves(branch, path, item)
    elif is_intrinsic(node):
        yield path, node, item
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _raw_leaves(value, (*path, str(key)), item)
    elif isinstance(node, list):
        if all(not isinstance(v, (dict, list)) or is_intrinsic(v) for v in node):
            yield path, node, item
        else:
            for index, value in enumerate(node):
                yield from _raw_leaves(value, (*path, index), value if isinstance(value, dict) else item)
    else:
        yield path, node, item


def _path_text(path: tuple[Any, ...]) -> str:
    out = "Properties"
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else f".{step}"
    return out


def common_suffix(quoted: tuple[str, ...], site: tuple[str, ...]) -> int:
    """How many trailing keys two key paths share."""
    depth = 0
    while depth < len(quoted) and depth < len(site) and quoted[-1 - depth] == site[-1 - depth]:
        depth += 1
    return depth
