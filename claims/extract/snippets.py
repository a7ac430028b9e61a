"""Fenced code quoted in a report: each quoted setting is a claim that the quoted side contains it.

A block under "**Original Code**:" / "MODEL_RESPONSE Issue:" claims the model's code holds it; a
block under "**Fixed Code**:" / "IDEAL_RESPONSE Solution:" claims the final code does. Blocks
introduced as advice ("Add tags to the node group:", "Example documentation:") claim nothing.
The fragment is parsed with the CloudFormation decoder (so `!Sub`, `!GetAtt` and JSON fragments
work and every value keeps its line); one claim per scalar setting, intrinsic functions taken
whole (`AvailabilityZone: !Select [0, !GetAZs '']` is one value).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from claims import language, scope
from claims.markdown_reader import CodeBlock, Report
from claims.model import Claim, Subject

CODE_INFOS = {"yaml", "yml", "json", "", "cloudformation", "cfn", "jsonc"}
HCL_INFOS = {"hcl", "terraform", "tf", "hcl2"}
MAX_CLAIMS_PER_BLOCK = 400
SKIP_KEYS = {"AWSTemplateFormatVersion", "Description", "Version"}
_LABEL_PREFIX = re.compile(r"^\s*(?:\*\*|__)?[A-Za-z_ ]{2,40}(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*")


def _is_intrinsic(node: Any) -> bool:
    return isinstance(node, dict) and len(node) == 1 and isinstance(next(iter(node)), str) and (
        next(iter(node)) == "Ref" or str(next(iter(node))).startswith("Fn::")
    )


def _line(node: Any) -> int | None:
    mark = getattr(node, "start_mark", None)
    return int(mark.line) if mark is not None else None


IDENTITY_KEYS = ("Key", "Name", "AttributeName", "IndexName", "Sid", "PolicyName", "Id", "ParameterKey", "DeviceName")
ELISION = re.compile(r"\.\.\.|…|<[a-z-]+>|\bREDACTED\b")


def leaves(node: Any, path: tuple[str, ...] = (), line: int | None = None,
           item: dict[str, Any] | None = None) -> Iterator[tuple[tuple[str, ...], Any, int | None, dict[str, Any] | None]]:
    """(key path, value, 0-based line in the block, identity of the list item it sits in) for each
    quoted setting; a list item that is a mapping is identified by a key such as ``Key``/``Name``."""
    if _is_intrinsic(node):
        inner = _line(next(iter(node)))
        yield path, node, inner if inner is not None else line, item
    elif isinstance(node, dict):
        for key, value in node.items():
            if str(key) in SKIP_KEYS and not path:
                continue
            yield from leaves(value, (*path, str(key)), _line(key), item)
    elif isinstance(node, list):
        for entry in node:
            identity = _identity(entry) if isinstance(entry, dict) else item
            yield from leaves(entry, path, _line(entry) if _line(entry) is not None else line, identity)
    elif path:
        yield path, node, line, item


def _identity(entry: dict[Any, Any]) -> dict[str, Any] | None:
    for key in IDENTITY_KEYS:
        value = entry.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return {key: str(value)}
    return None


def _elided(value: Any) -> bool:
    """A quote that leaves parts out ("...", "<bucket-name>") cannot be compared value for value."""
    return bool(ELISION.search(str(value)))


RESOURCE_KEYS = {"Type", "Properties", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "Condition", "Metadata"}
PARAMETER_KEYS = {"Default", "AllowedValues", "AllowedPattern", "MinLength", "MaxLength", "MinValue", "MaxValue",
                  "NoEcho", "ConstraintDescription"}


def owner_of(path: tuple[str, ...], document: Any) -> tuple[str | None, str | None]:
    """(section, name) of the resource, parameter or output a quoted key path sits in, if it says."""
    if len(path) >= 2 and path[0] in ("Resources", "Parameters", "Outputs"):
        return path[0], path[1]
    if len(path) < 2 or not isinstance(document, dict):
        return None, None
    body = document.get(path[0])
    if not isinstance(body, dict):
        return None, None
    keys = {str(k) for k in body}
    kind = str(body.get("Type", ""))
    parameter_type = kind in ("String", "Number", "CommaDelimitedList") or kind.startswith("List<") or kind.count("::") >= 3
    if "Properties" not in keys and (parameter_type or keys & PARAMETER_KEYS and not kind.startswith("AWS::")):
        return "Parameters", path[0]
    if "Value" in keys and keys & {"Export", "Description"} and "Type" not in keys:
        return "Outputs", path[0]
    if path[1] in RESOURCE_KEYS and ("Properties" in keys or kind.startswith(("AWS::", "Custom::"))):
        return "Resources", path[0]
    return None, None


def declarative(block: CodeBlock) -> bool:
    """The text introducing the block states a fact rather than giving advice."""
    lead = (block.lead_in or "").strip()
    body = _LABEL_PREFIX.sub("", lead, count=1) if lead else ""
    if body and (language.is_advice(body) or re.search(r"\b(?:example|e\.g\.|such as|like this|or document|either)\b", body, re.I)):
        return False
    return True


_TRAILING_COMMA = re.compile(r",\s*$", re.M)


def _decode(content: str) -> Any:
    """A fragment as data: a JSON member list (`"Key": value,` lines) wrapped into an object first,
    else YAML (which also reads JSON)."""
    from verifier.cfn.decoder import DecodeError, decode_yaml

    stripped = content.strip().rstrip(",")
    attempts = [content]
    if stripped.startswith('"'):
        attempts = ["{" + stripped + "}", content, "{" + _TRAILING_COMMA.sub("", stripped) + "}"]
    for text in attempts:
        try:
            return decode_yaml(text, "snippet")
        except DecodeError:
            continue
    return None


def extract(report: Report) -> Iterator[Claim]:
    for block in report.code_blocks:
        if block.info in HCL_INFOS and block.content.strip():
            if not in_non_claim_section(block) and declarative(block):
                decision = scope.decide_for_block(block.headings, block.label, block.lead_in)
                if decision.basis != "default":
                    yield from _hcl_claims(report, block, decision)
            continue
        if block.info not in CODE_INFOS or not block.content.strip():
            continue
        if in_non_claim_section(block) or not declarative(block):
            continue
        decision = scope.decide_for_block(block.headings, block.label, block.lead_in)
        lines = block.content.splitlines()
        for first, last, marked in _segments(lines):
            side = marked or decision
            if side.basis == "default" or side.scope == "advice":
                continue  # code with no side named, or what the report proposes: not a quote of either side
            try:
                parts = _decode_parts("\n".join(lines[first:last]))
            except RecursionError:
                continue
            yield from _block_claims(report, block, [(doc, shift + first) for doc, shift in parts], side)


COMMENT = re.compile(r"^\s*(?:#|//)\s*(.{3,80}?)\s*$")
COMMENT_SIDES = {
    "model": re.compile(r"^(?:before|wrong|incorrect|bad|broken|problem(?:atic)?|original|model)\b", re.I),
    "final": re.compile(r"^(?:after|correct(?:ed)?|good|fixed|fix|ideal|solution|right)\b", re.I),
    # "# SHOULD USE: CachePolicyId ...", "// Option 1: conditional approach (not implemented in this fix)"
    "advice": re.compile(r"^(?:should (?:use|be)|recommend(?:ed|ation)?|suggest(?:ed|ion)?|option \d|alternative|example)\b|\bnot implemented\b", re.I),
}


def _comment_side(text: str) -> scope.ScopeDecision | None:
    """A comment line inside a block that says which side the lines below quote."""
    m = COMMENT.match(text)
    if not m:
        return None
    words = m.group(1).strip(" -:*()[]")
    for side, rx in COMMENT_SIDES.items():
        if rx.match(words) or side == "advice" and rx.search(words):
            return scope.ScopeDecision(side, "comment")
    found = scope.scope_in(words, ("strong",))
    return scope.ScopeDecision(found, "comment") if found in ("model", "final") else None


def _segments(lines: list[str]) -> list[tuple[int, int, scope.ScopeDecision | None]]:
    """Line ranges of a block, split where a comment names a side ("# Before (MODEL_RESPONSE)")."""
    cuts = [(i, side) for i, text in enumerate(lines) if (side := _comment_side(text)) is not None]
    if not cuts:
        return [(0, len(lines), None)]
    segments: list[tuple[int, int, scope.ScopeDecision | None]] = []
    if cuts[0][0] > 0:
        segments.append((0, cuts[0][0], None))
    for n, (start, side) in enumerate(cuts):
        end = cuts[n + 1][0] if n + 1 < len(cuts) else len(lines)
        segments.append((start + 1, end, side))
    return segments


def placed(report: Report, line: int, raw_line: str, stripped: str) -> tuple[str, int]:
    """The quote as the report's own line has it, and its column there: a block inside a list item
    or a quote has a prefix the block's content lacks, and CommonMark reads NUL as U+FFFD."""
    source = report.source_lines[line - 1] if 0 < line <= len(report.source_lines) else raw_line
    column = source.replace("\x00", "\ufffd").find(stripped)
    if column < 0:
        return stripped, len(raw_line) - len(raw_line.lstrip())
    return source[column : column + len(stripped)], column


def _block_claims(report: Report, block: CodeBlock, parts: list[tuple[Any, int]], decision: scope.ScopeDecision) -> Iterator[Claim]:
    block_lines = block.content.splitlines()
    count = 0
    for document, shift in parts:
        if not isinstance(document, (dict, list)) or _foreign_document(document):
            continue
        top_keys = [str(k) for k in document] if isinstance(document, dict) else []
        for path, value, index, item in leaves(document):
            if index is None or _elided(value):
                continue
            index += shift
            if index >= len(block_lines) or count >= MAX_CLAIMS_PER_BLOCK:
                continue
            count += 1
            if value is None:
                continue  # an empty or elided mapping quotes nothing
            raw_line = block_lines[index]
            stripped = raw_line.strip().rstrip(",")
            quote, column = placed(report, block.first_line + index, raw_line, stripped)
            yield Claim(
                report=report.path,
                line=block.first_line + index,
                text=stripped,
                quote=quote,
                concept="snippet.value",
                expected=_plain(value),
                scope=decision.scope,
                scope_basis=decision.basis,
                subject=Subject(),
                column=column,
                extra={"path": list(path), "top_keys": top_keys, "block_line": block.first_line, "item": item,
                       "owner": owner_of(path, document)},
            )


def _decode_parts(content: str) -> list[tuple[Any, int]]:
    """The block as one document, or (when that fails, e.g. a key quoted twice) one document per
    top-level entry, each with its line shift."""
    whole = _decode(content)
    if whole is not None:
        return [(whole, 0)]
    lines = content.splitlines()
    starts = [i for i, text in enumerate(lines) if re.match(r"^[\"']?[A-Za-z][\w:.-]*[\"']?\s*:", text)]
    parts = []
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else len(lines)
        chunk = "\n".join(lines[first:last])
        document = _decode(chunk)
        if document is not None:
            parts.append((document, first))
    return parts


def _plain(value: Any) -> Any:
    """Decoder nodes to plain data (str/int/bool/dict/list)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _foreign_document(document: Any) -> bool:
    """Kubernetes manifests, package.json and the like are not quotes of the IaC code."""
    if isinstance(document, dict):
        keys = {str(k) for k in document}
        return bool(keys & {"apiVersion", "kind", "dependencies", "devDependencies", "scripts", "compilerOptions"}) and "Resources" not in keys
    return False


def in_non_claim_section(block: CodeBlock) -> bool:
    from claims.markdown_reader import Line

    probe = Line(number=block.first_line, raw="", plain="", columns=[], kind="code", headings=block.headings, label=block.label)
    return scope.is_non_claim_context(probe)


def _hcl_plain(node: Any) -> Any:
    """python-hcl2 output to plain data: quotes off strings, block markers dropped, a single block
    written as a mapping."""
    if isinstance(node, dict):
        return {str(k).strip('"'): _hcl_plain(v) for k, v in node.items() if k != "__is_block__"}
    if isinstance(node, list):
        items = [_hcl_plain(v) for v in node]
        blocks = all(isinstance(v, dict) and v.get("__is_block__") for v in node) if node else False
        return items[0] if blocks and len(items) == 1 else items
    if isinstance(node, str) and len(node) >= 2 and node[0] == node[-1] == '"':
        return node[1:-1]
    return node


def _hcl_leaves(node: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _hcl_leaves(value, (*path, key))
    elif isinstance(node, list) and node and all(isinstance(v, dict) for v in node):
        for item in node:
            yield from _hcl_leaves(item, path)
    elif path:
        yield path, node


def _hcl_claims(report: Report, block: CodeBlock, decision: scope.ScopeDecision) -> Iterator[Claim]:
    """One claim per attribute of a quoted HCL fragment (``memory_size = 1024``); attributes of a
    ``resource "type" "name"`` block are owned by ``type.name``."""
    try:
        import hcl2

        document = _hcl_plain(hcl2.loads(block.content))
    except Exception:  # a fragment python-hcl2 cannot read is not compared
        return
    lines = block.content.splitlines()
    cursor = 0
    for path, value in _hcl_leaves(document, ()):
        owner = None
        keys = path
        if len(path) >= 4 and path[0] == "resource":
            owner = f"{path[1]}.{path[2]}"
            keys = (owner, "Properties", *path[3:])
        elif path[0] in ("variable", "output", "locals", "data", "module", "provider", "terraform"):
            continue
        if value is None or _elided(value) or isinstance(value, (dict, list)) and not value:
            continue
        index = next((i for i in range(cursor, len(lines)) if re.match(r"\s*" + re.escape(path[-1]) + r"\s*=", lines[i])), None)
        if index is None:
            continue
        cursor = index + 1
        raw_line = lines[index]
        stripped = raw_line.strip()
        quote, column = placed(report, block.first_line + index, raw_line, stripped)
        yield Claim(
            report=report.path, line=block.first_line + index, text=stripped, quote=quote, concept="snippet.value",
            expected=value, scope=decision.scope, scope_basis=decision.basis, subject=Subject(),
            column=column,
            extra={"path": list(keys), "top_keys": [], "block_line": block.first_line, "item": None,
                   "owner": ("Resources", owner) if owner else (None, None), "language": "hcl"},
        )
