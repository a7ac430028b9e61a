"""Project native Terraform resource instances onto CloudFormation-shaped ``Resource`` objects.

``project`` applies a type's rows from ``mapping.py`` to an instance's native values, building
the CloudFormation property tree and remembering, for every node it writes, which instance and
native path it came from (its ``Origin``). Attributes no rule consumed are kept under their
native names. ``apply_rules`` is also used to merge split resources into the resource they
configure (``split_resources.py``). ``finish`` turns a projection into a ``Resource``: the line
of every property path comes from its origin's native lines, ``native_paths`` says which
Terraform attribute it was, and ``path_files`` points at another file when the origin is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from verifier.model import Path, Resource, Unresolved
from verifier.terraform.mapping import LIFECYCLE, RESOURCE_TYPES
from verifier.terraform.modules import Instance
from verifier.terraform.rules import DROP, Converted, Each, Item, Rule, To, split_path


@dataclass
class Origin:
    instance: Instance
    native: Path
    sub: dict[Path, Path] | None = None  # None: sub-paths are the same below; else explicit mapping


@dataclass
class Projection:
    instance: Instance
    cfn_type: str
    props: dict[str, Any] = field(default_factory=dict)
    origins: dict[Path, Origin] = field(default_factory=dict)
    consumed: dict[str, set[Path]] = field(default_factory=dict)  # instance address -> native paths used
    attributes: dict[str, Any] = field(default_factory=dict)
    attribute_lines: dict[str, int] = field(default_factory=dict)

    def used(self, instance: Instance) -> set[Path]:
        return self.consumed.setdefault(instance.address, set())


def project(instance: Instance) -> Projection:
    """Project one instance by its type's row (or keep everything native when there is none)."""
    type_map = RESOURCE_TYPES.get(instance.type)
    projection = Projection(instance, type_map.cfn_type if type_map else instance.type)
    apply_rules(projection, instance, type_map.rules if type_map else {}, instance.values, (), (), projection.props)
    _attributes(projection)
    return projection


def _attributes(projection: Projection) -> None:
    instance = projection.instance
    if "depends_on" in instance.meta:
        projection.attributes["DependsOn"] = list(instance.meta["depends_on"])
        projection.attribute_lines["DependsOn"] = instance.meta_lines["depends_on"]
    if "provider" in instance.meta:
        projection.attributes["Provider"] = instance.meta["provider"]
    lifecycle = instance.meta.get("lifecycle", {})
    for setting, (attribute, values) in LIFECYCLE.items():
        value = lifecycle.get(setting)
        if not isinstance(value, Unresolved) and value in values:
            projection.attributes[attribute] = values[value]
            projection.attribute_lines[attribute] = instance.meta_lines.get(f"lifecycle.{setting}", instance.line)
    if lifecycle:
        projection.attributes["Lifecycle"] = lifecycle


def locate(node: Any, dotted: str, base: Path) -> tuple[Any, Path] | None:
    """The value at a dotted native path; a step into a block list takes its first block."""
    path = base
    for step in dotted.split("."):
        if isinstance(node, list):
            if not node:
                return None
            node, path = node[0], (*path, 0)
        if not isinstance(node, dict) or step not in node:
            return None
        node, path = node[step], (*path, step)
    return node, path


def apply_rules(projection: Projection, instance: Instance, rules: dict[str, Rule] | Any, node: dict[str, Any], native_base: Path,
                cfn_base: Path, out: dict[str, Any], keep_unmapped: bool = True, skip: frozenset[str] = frozenset()) -> None:
    """Apply ``rules`` to the native dict ``node`` (at ``native_base``), writing into ``out`` (at ``cfn_base``)."""
    used = projection.used(instance)
    for dotted, rule in rules.items():
        found = locate(node, dotted, native_base)
        if found is None:
            continue
        value, native_path = found
        for one in rule if isinstance(rule, tuple) else (rule,):
            _apply_one(projection, instance, one, value, native_path, cfn_base, out)
        used.add(native_path)
    if not keep_unmapped:
        return
    for key, value in node.items():
        native_path = (*native_base, key)
        if key in skip or key in out:
            continue
        kept = _prune(value, native_path, used)
        if kept is not DROP:
            out[key] = kept
            projection.origins[(*cfn_base, key)] = Origin(instance, native_path)


def _apply_one(projection: Projection, instance: Instance, rule: Rule, value: Any, native_path: Path, cfn_base: Path, out: dict[str, Any]) -> None:
    if isinstance(rule, str):
        rule = To(rule)
    if isinstance(rule, To):
        converted = rule.convert(value) if rule.convert else value
        if converted is DROP:
            return
        sub = None
        if isinstance(converted, Converted):
            converted, sub = converted.value, converted.origins
        target = split_path(rule.target)
        _set(out, target, converted)
        projection.origins[(*cfn_base, *target)] = Origin(instance, native_path, sub)
    elif isinstance(rule, Item):
        converted = rule.convert(value) if rule.convert else value
        if converted is DROP:
            return
        if isinstance(converted, Converted):
            converted = converted.value
        target = split_path(rule.target)
        items = _list_at(out, target)
        items.append({rule.key: converted, **rule.extra} if rule.key else converted)
        projection.origins[(*cfn_base, *target, len(items) - 1)] = Origin(instance, native_path, {})
    elif isinstance(rule, Each):
        each(projection, instance, rule, value, native_path, cfn_base, out)


def each(projection: Projection, instance: Instance, rule: Each, value: Any, native_path: Path, cfn_base: Path,
         out: dict[str, Any], keep_unmapped: bool = True, skip: frozenset[str] = frozenset()) -> None:
    """Blocks (or one object) -> items of a CloudFormation list, ``explode`` fields one item per element."""
    target = split_path(rule.target)
    if isinstance(value, dict):
        blocks: list[tuple[Any, Path]] = [(value, native_path)]
    elif isinstance(value, list):
        blocks = [(item, (*native_path, index)) for index, item in enumerate(value)]
    else:  # unknown (a dynamic block over an unknown collection, a variable)
        _set(out, target, value)
        projection.origins[(*cfn_base, *target)] = Origin(instance, native_path)
        return
    items = _list_at(out, target)
    used = projection.used(instance)
    for block, block_path in blocks:
        if not isinstance(block, dict):
            items.append(block)
            projection.origins[(*cfn_base, *target, len(items) - 1)] = Origin(instance, block_path)
            continue
        variants: list[tuple[str | None, Any, Path]] = []
        for field_name, item_key in rule.explode.items():
            elements = block.get(field_name)
            if elements is None:
                continue
            used.add((*block_path, field_name))
            if isinstance(elements, list):
                variants.extend((item_key, e, (*block_path, field_name, i)) for i, e in enumerate(elements))
            else:
                variants.append((item_key, elements, (*block_path, field_name)))
        for item_key, element, element_path in variants or [(None, None, block_path)]:
            position = (*cfn_base, *target, len(items))
            item: dict[str, Any] = {}
            items.append(item)
            projection.origins[position] = Origin(instance, block_path, {})
            apply_rules(projection, instance, rule.fields, block, block_path, position, item, keep_unmapped, skip | set(rule.explode))
            if item_key is not None:
                item[item_key] = element
                projection.origins[(*position, item_key)] = Origin(instance, element_path)


def _set(out: dict[str, Any], path: Path, value: Any) -> None:
    node = out
    for step in path[:-1]:
        child = node.get(step)
        if not isinstance(child, dict):
            child = node[step] = {}
        node = child
    node[path[-1]] = value


def _list_at(out: dict[str, Any], path: Path) -> list[Any]:
    node = out
    for step in path[:-1]:
        child = node.get(step)
        if not isinstance(child, dict):
            child = node[step] = {}
        node = child
    found = node.get(path[-1])
    if not isinstance(found, list):
        found = node[path[-1]] = []
    return found


def _prune(value: Any, path: Path, used: set[Path]) -> Any:
    """``value`` without the native paths a rule consumed (DROP when nothing is left)."""
    if path in used:
        return DROP
    if isinstance(value, dict):
        kept = {k: _prune(v, (*path, k), used) for k, v in value.items()}
        result = {k: v for k, v in kept.items() if v is not DROP}
        return DROP if value and not result else result
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        pruned = [_prune(v, (*path, i), used) for i, v in enumerate(value)]
        result_list = [v for v in pruned if v is not DROP]
        return DROP if value and not result_list else result_list
    return value


# -- finishing


def native_text(instance: Instance, path: Path) -> str:
    """``versioning_configuration.status``; a block index shows only when there are several blocks."""
    out, node = "", instance.values
    for step in path:
        if isinstance(step, int):
            several = not isinstance(node, list) or len(node) != 1
            if several:
                out += f"[{step}]"
            node = node[step] if isinstance(node, list) and 0 <= step < len(node) else None
        else:
            out += f".{step}" if out else str(step)
            node = node.get(step) if isinstance(node, dict) else None
    return out


def _native_line(instance: Instance, native: Path) -> tuple[int, str]:
    """The line of the deepest known prefix of a native path, and the file it is in."""
    for cut in range(len(native), 0, -1):
        line = instance.lines.get(native[:cut])
        if line:
            return line, instance.line_files.get(native[:cut], instance.file)
    return instance.line, instance.file


def _walk(node: Any, path: Path):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


def finish(projection: Projection) -> Resource:
    """The ``Resource`` for a projection, with lines, native paths and per-path files."""
    main = projection.instance
    lines: dict[Path, int] = {}
    native_paths: dict[Path, str] = {}
    path_files: dict[Path, str] = {}
    for path in _walk(projection.props, ()):
        if not path:
            continue
        origin, rest = _origin_of(projection, path)
        if origin is None:
            continue
        if origin.sub is None:
            native = (*origin.native, *rest)
        else:
            native = origin.native
            for cut in range(len(rest), -1, -1):
                if rest[:cut] in origin.sub:
                    native = (*origin.native, *origin.sub[rest[:cut]])
                    break
        lines[path], file = _native_line(origin.instance, native)
        text = native_text(origin.instance, native)
        if origin.instance is not main:
            text = f"{origin.instance.address}.{text}" if text else origin.instance.address
        native_paths[path] = text
        if file != main.file:
            path_files[path] = file
    lines.update({("@" + a,): line for a, line in projection.attribute_lines.items()})
    attributes = dict(projection.attributes)
    if main.meta.get("instances") == "unknown":
        attributes["UnknownInstanceCount"] = True
    return Resource(
        logical_id=main.address,
        type=projection.cfn_type,
        properties=projection.props,
        file=main.file,
        line=main.line,
        raw_properties=projection.props,
        attributes=attributes,
        lines=lines,
        active=main.active,
        raw_lines=dict(lines),
        native_type=main.type,
        native_paths=native_paths,
        path_files=path_files,
    )


def _origin_of(projection: Projection, path: Path) -> tuple[Origin | None, Path]:
    for cut in range(len(path), 0, -1):
        origin = projection.origins.get(path[:cut])
        if origin is not None:
            return origin, path[cut:]
    return None, path
