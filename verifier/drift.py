"""Where IDEAL_RESPONSE.md's code differs from the task's real files.

Reports often praise a fix that exists only in the document. ``drift(task)`` loads the templates
quoted in IDEAL_RESPONSE.md and compares them with the final templates resource by resource:
resources only on one side, type changes, and property values (as written) that differ, each
with both locations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from verifier.model import ArtifactSet, Resource
from verifier.quoted_sites import _raw_leaves
from verifier.task import IDEAL_ANSWER_CANDIDATES, Task, _read_optional, templates_in_markdown


@dataclass
class Difference:
    kind: str  # "only-in-document" | "only-in-files" | "type" | "value"
    resource: str
    path: str | None
    document: Any
    files: Any
    document_where: str | None
    files_where: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def document_templates(task: Task) -> tuple[str | None, ArtifactSet]:
    text, path = _read_optional(task, IDEAL_ANSWER_CANDIDATES)
    doc = ArtifactSet("ideal-document")
    if text is None or path is None:
        return None, doc
    doc.templates = templates_in_markdown(text, task.rel(path), task.region, task.warnings)
    return task.rel(path), doc


def _where(resource: Resource, path: tuple[Any, ...] | None = None) -> str:
    line = resource.raw_line_of(path) if path else resource.line
    return f"{resource.file}:{line}" if line else resource.file


def _values(resource: Resource) -> dict[str, tuple[Any, tuple[Any, ...]]]:
    found = {}
    for path, value, _item in _raw_leaves(resource.raw_properties, ()):
        text = ".".join(str(p) for p in path)
        found[text] = (value, path)
    for attribute in ("DeletionPolicy", "UpdateReplacePolicy", "Condition", "DependsOn"):
        if attribute in resource.attributes:
            found[attribute] = (resource.attributes[attribute], ("@" + attribute,))
    return found


def drift(task: Task) -> tuple[str | None, list[Difference]]:
    """(document file, differences); document file is None when there is no IDEAL_RESPONSE.md code."""
    file, doc = document_templates(task)
    if file is None or doc.empty:
        return None, []
    mine = {r.logical_id: r for r in doc.resources()}
    real = {r.logical_id: r for r in task.final.resources()}
    found: list[Difference] = []
    for rid in sorted(mine.keys() - real.keys()):
        found.append(Difference("only-in-document", rid, None, mine[rid].type, None, _where(mine[rid]), None))
    for rid in sorted(real.keys() - mine.keys()):
        found.append(Difference("only-in-files", rid, None, None, real[rid].type, None, _where(real[rid])))
    for rid in sorted(mine.keys() & real.keys()):
        a, b = mine[rid], real[rid]
        if a.type != b.type:
            found.append(Difference("type", rid, "Type", a.type, b.type, _where(a), _where(b)))
            continue
        av, bv = _values(a), _values(b)
        for key in sorted(av.keys() | bv.keys()):
            left, right = av.get(key), bv.get(key)
            if left is not None and right is not None and str(left[0]) == str(right[0]):
                continue
            found.append(Difference(
                "value", rid, key, left[0] if left else None, right[0] if right else None,
                _where(a, left[1]) if left else None, _where(b, right[1]) if right else None))
    found.extend(_named_sections(doc, task.final))
    return file, found


def _named_sections(doc: ArtifactSet, real: ArtifactSet) -> list[Difference]:
    """Parameters and outputs that differ, key by key."""
    found: list[Difference] = []
    for section, fetch in (("Parameters", lambda a: {p.name: (t, {k: v for k, v in p.raw.items() if not str(k).startswith("@")}, p.line) for t, p in a.parameters()}),
                           ("Outputs", lambda a: {o.name: (t, {"Value": o.raw, "Export": o.raw_export_name}, o.line) for t, o in a.outputs()})):
        mine, theirs = fetch(doc), fetch(real)
        for name in sorted(mine.keys() | theirs.keys()):
            left, right = mine.get(name), theirs.get(name)
            if left is None or right is None:
                kind = "only-in-files" if left is None else "only-in-document"
                found.append(Difference(kind, f"{section}.{name}", None, None, None,
                                        f"{left[0].file}:{left[2]}" if left else None, f"{right[0].file}:{right[2]}" if right else None))
                continue
            for key in sorted(set(left[1]) | set(right[1])):
                a, b = left[1].get(key), right[1].get(key)
                if str(a) != str(b):
                    found.append(Difference("value", f"{section}.{name}", str(key), a, b, f"{left[0].file}:{left[2]}", f"{right[0].file}:{right[2]}"))
    return found
