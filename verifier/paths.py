"""Reading values at property paths with wildcards: "*" (any list item), "**" (any depth),
and "@definition" (a state machine's Definition or DefinitionString, parsed)."""

from __future__ import annotations

import json
import re
from typing import Any

from verifier.model import Path, Resource, Unresolved

_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")


def definition_of(resource: Resource) -> Any:
    """A Step Functions definition as data, from Definition or DefinitionString (JSON, maybe a Sub)."""
    props = resource.properties
    if isinstance(props.get("Definition"), dict):
        return props["Definition"]
    text = props.get("DefinitionString")
    if isinstance(text, Unresolved):
        text = text.text
    if isinstance(text, str):
        try:
            return json.loads(_PLACEHOLDER.sub("placeholder", text))
        except (ValueError, RecursionError):  # RecursionError: nested too deeply to decode
            return None
    return None


def values_at(resource: Resource, path: Path) -> list[tuple[Path, Any]]:
    """Every (concrete path, value) matching ``path`` in the resource's properties."""
    if path and path[0] == "@definition":
        root = definition_of(resource)
        return [((("Definition", *p)), v) for p, v in _walk(root, tuple(path[1:]), ())] if root is not None else []
    return list(_walk(resource.properties, tuple(path), ()))


def _walk(node: Any, path: Path, here: Path):
    if not path:
        yield here, node
        return
    step, rest = path[0], path[1:]
    if step == "**":
        yield from _walk(node, rest, here)
        if isinstance(node, dict):
            for key, value in node.items():
                yield from _walk(value, path, (*here, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from _walk(value, path, (*here, index))
        return
    if step == "*":
        if isinstance(node, list):
            for index, value in enumerate(node):
                yield from _walk(value, rest, (*here, index))
        elif isinstance(node, Unresolved) and node.options:
            for value in node.options:
                yield from _walk(value, path, here)
        return
    if isinstance(node, dict) and step in node:
        yield from _walk(node[step], rest, (*here, step))


def path_text(path: Path) -> str:
    out = "Properties"
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else f".{step}"
    return out
