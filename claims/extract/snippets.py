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


def leaves(node: Any, path: tuple[str, ...] = (), line: int | None = None) -> Iterator[tuple[tuple[str, ...], Any, int | None]]:
    """(key path, value, 0-based line in the block) for each quoted setting."""
    if _is_intrinsic(node):
        inner = _line(next(iter(node)))
        yield path, node, inner if inner is not None else line
    elif isinstance(node, dict):
        for key, value in node.items():
            if str(key) in SKIP_KEYS and not path:
                continue
            yield from leaves(value, (*path, str(key)), _line(key))
    elif isinstance(node, list):
        for item in node:
            yield from leaves(item, path, _line(item) if _line(item) is not None else line)
    elif path:
        yield path, node, line


def _declarative(block: CodeBlock) -> bool:
    """The text introducing the block states a fact rather than giving advice."""
    lead = (block.lead_in or "").strip()
    body = _LABEL_PREFIX.sub("", lead, count=1) if lead else ""
    if body and (language.is_advice(body) or re.search(r"\b(?:example|e\.g\.|such as|like this|or document|either)\b", body, re.I)):
        return False
    return True


def _decode(content: str) -> Any:
    from verifier.cfn.decoder import DecodeError, decode_yaml

    try:
        return decode_yaml(content, "snippet")
    except DecodeError:
        pass
    stripped = content.strip().rstrip(",")
    if stripped.startswith('"') and not stripped.startswith("{"):
        try:
            return decode_yaml("{" + stripped + "}", "snippet")
        except DecodeError:
            return None
    return None


def extract(report: Report) -> Iterator[Claim]:
    for block in report.code_blocks:
        if block.info not in CODE_INFOS or not block.content.strip():
            continue
        if _in_non_claim_section(block) or not _declarative(block):
            continue
        decision = scope.decide_for_block(block.headings, block.label, block.lead_in)
        if decision.basis == "default":
            continue  # code with no side named: we do not know what it quotes
        try:
            parts = _decode_parts(block.content)
        except RecursionError:
            continue
        yield from _block_claims(report, block, parts, decision)


def _block_claims(report: Report, block: CodeBlock, parts: list[tuple[Any, int]], decision: scope.ScopeDecision) -> Iterator[Claim]:
    block_lines = block.content.splitlines()
    count = 0
    for document, shift in parts:
        if not isinstance(document, (dict, list)) or _foreign_document(document):
            continue
        top_keys = [str(k) for k in document] if isinstance(document, dict) else []
        for path, value, index in leaves(document):
            if index is None:
                continue
            index += shift
            if index >= len(block_lines) or count >= MAX_CLAIMS_PER_BLOCK:
                continue
            count += 1
            raw_line = block_lines[index]
            stripped = raw_line.strip().rstrip(",")
            yield Claim(
                report=report.path,
                line=block.first_line + index,
                text=stripped,
                quote=stripped,
                concept="snippet.value",
                expected=_plain(value),
                scope=decision.scope,
                scope_basis=decision.basis,
                subject=Subject(),
                column=len(raw_line) - len(raw_line.lstrip()),
                extra={"path": list(path), "top_keys": top_keys, "block_line": block.first_line},
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


def _in_non_claim_section(block: CodeBlock) -> bool:
    from claims.markdown_reader import Line

    probe = Line(number=block.first_line, raw="", plain="", columns=[], kind="code", headings=block.headings, label=block.label)
    return scope.is_non_claim_context(probe)
