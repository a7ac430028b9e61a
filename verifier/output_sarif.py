"""SARIF 2.1.0 rendering of check results, located on the report's lines for code-scanning UIs.

One run; ``tool.driver.rules`` are the checks (IV100, IV500, ...) that produced the listed results.
Each claim is a result on the REPORT's line and column: contradicted is ``kind: fail`` /
``level: error``, unverifiable ``kind: review`` / ``level: none``, supported ``kind: pass`` /
``level: none``. By default contradicted and unverifiable claims are listed (``DEFAULT_VERDICTS``);
``verdicts`` narrows that to contradicted only or adds supported claims. Paths are relative to
``base`` (``%SRCROOT%``), whose absolute URI is in ``originalUriBaseIds``; a file outside it gets an
absolute ``file:`` URI. ``partialFingerprints`` hash the report path, quote and concept (plus an
ordinal for repeats), so a result keeps its identity when the report's lines move.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Collection
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from verifier.output_common import (
    SCOPE_WORDS,
    actual_text,
    all_evidence,
    claims_of,
    default_base,
    evidence_place,
    expected_text,
    is_error,
    one_line,
    relative_path,
    report_label,
)

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
BASE_ID = "SRCROOT"
DEFAULT_VERDICTS = ("contradicted", "unverifiable")
KINDS = {"contradicted": ("fail", "error"), "unverifiable": ("review", "none"), "supported": ("pass", "none")}
FINGERPRINT_KEY = "iacVerifyClaim/v1"
QUOTE_WIDTH = 300


def render_sarif(results: list[dict[str, Any]], base: Path | None = None,
                 verdicts: Collection[str] = DEFAULT_VERDICTS, information_uri: str | None = None) -> str:
    """The SARIF log (JSON text) for ``results`` (``check_task`` dicts, or ``{"task", "error"}``
    for a task that could not be checked). ``base`` defaults to the one task's folder, or the
    folder holding all tasks."""
    base = Path(base) if base is not None else default_base(results)
    rules = RuleTable()
    sarif_results: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for result in results:
        for claim in claims_of(result):
            if claim.get("verdict") in verdicts and claim.get("verdict") in KINDS:
                sarif_results.append(_result(result, claim, base, rules, seen))
    driver: dict[str, Any] = {"name": "iac-verify", "version": _version(results), "rules": rules.rules}
    info = information_uri or _information_uri()
    if info:
        driver["informationUri"] = info
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {BASE_ID: {"uri": _directory_uri(base), "description": {"text": "the checked root"}}},
        "invocations": [_invocation(results, base)],
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, default=str) + "\n"


class RuleTable:
    """The rules (checks) the results refer to, in order of first use, with their metadata."""

    def __init__(self) -> None:
        self.rules: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}

    def index_of(self, check_id: str) -> int:
        if check_id not in self.index:
            self.index[check_id] = len(self.rules)
            self.rules.append(rule_metadata(check_id))
        return self.index[check_id]


def rule_metadata(check_id: str) -> dict[str, Any]:
    """A ``reportingDescriptor`` for a check id, from the check class (name, docstrings)."""
    check = _checks().get(check_id)
    if check is None:
        text = "claims no check decides" if check_id == "IV000" else f"check {check_id}"
        return {"id": check_id, "shortDescription": {"text": text}, "defaultConfiguration": {"level": "error"}}
    name = type(check).__name__.removesuffix("Check") or check_id
    doc = type(check).__doc__ or ""
    module_doc = sys.modules[type(check).__module__].__doc__ or ""
    if not doc.strip() and module_doc.strip().startswith(check_id):
        doc = module_doc.strip()[len(check_id):].lstrip(" —-:")
    full = one_line(doc.strip().split("\n\n")[0]) or check.name or check_id
    return {
        "id": check_id,
        "name": name,
        "shortDescription": {"text": check.name or check_id},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": "error"},
        "properties": {"concepts": list(check.concepts)},
    }


def _checks() -> dict[str, Any]:
    from verifier.engine import CHECKS

    return {check.id: check for check in CHECKS}


def _result(result: dict[str, Any], claim: dict[str, Any], base: Path, rules: RuleTable, seen: dict[str, int]) -> dict[str, Any]:
    verdict = claim["verdict"]
    kind, level = KINDS[verdict]
    rule_id = claim.get("check") or "IV000"
    report = report_label(result, base)
    fingerprint_text = "\0".join((report, one_line(claim.get("quote")), str(claim.get("concept"))))
    ordinal = seen[fingerprint_text] = seen.get(fingerprint_text, 0) + 1
    digest = hashlib.sha256(f"{fingerprint_text}\0{ordinal}".encode("utf-8", "replace")).hexdigest()[:32]
    related = [_related(result, e, base, i) for i, e in enumerate(all_evidence(claim)) if e.get("file")]
    entry: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": rules.index_of(rule_id),
        "kind": kind,
        "level": level,
        "message": {"text": message(claim)},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(result, str(result.get("report") or "report"), base),
                                            "region": _region(claim)}}],
        "partialFingerprints": {FINGERPRINT_KEY: digest},
        "properties": {k: claim.get(k) for k in ("verdict", "concept", "scope", "expected", "actual", "quote")},
    }
    if related:
        entry["relatedLocations"] = related
    if claim.get("suppressed"):
        # an inline <!-- iac-verify: ignore --> is in the report itself; a config entry is external
        kind = "inSource" if str(claim.get("suppressed_by") or "").startswith(f"{claim.get('report')}:") else "external"
        suppression: dict[str, Any] = {"kind": kind, "status": "accepted"}
        if claim.get("suppressed_reason"):
            suppression["justification"] = one_line(claim["suppressed_reason"])
        entry["suppressions"] = [suppression]
    return entry


def message(claim: dict[str, Any]) -> str:
    """Expected vs actual and where, in one sentence per verdict."""
    verdict = claim["verdict"]
    quote = one_line(claim.get("quote") or claim.get("text"), QUOTE_WIDTH)
    scope = SCOPE_WORDS.get(claim.get("scope") or "", claim.get("scope") or "")
    place = evidence_place(claim.get("evidence"))
    actual = one_line(actual_text(claim), QUOTE_WIDTH)
    reason = one_line(claim.get("reason"))
    head = f"{verdict.capitalize()} ({scope}): \"{quote}\""
    if verdict == "unverifiable":
        return f"{head} cannot be decided: {reason or 'no evidence either way'}."
    sentence = f"{head}: the report says {one_line(expected_text(claim), QUOTE_WIDTH)}, the code has {actual}"
    sentence += f" at {place}" if place else ""
    return sentence + (f"; {reason}" if reason and verdict == "contradicted" else "") + "."


def _region(claim: dict[str, Any]) -> dict[str, Any]:
    """The claim's place in the report: SARIF lines and columns are 1-based; the JSON column is 0-based."""
    region: dict[str, Any] = {"startLine": max(int(claim.get("line") or 1), 1)}
    column = claim.get("column")
    if isinstance(column, int) and column >= 0:
        region["startColumn"] = column + 1
        quote = str(claim.get("quote") or "")
        if quote and "\n" not in quote:
            region["endColumn"] = column + 1 + len(quote)
    return region


def _related(result: dict[str, Any], evidence: dict[str, Any], base: Path, index: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(result, str(evidence["file"]), base)}
    if isinstance(evidence.get("line"), int) and evidence["line"] >= 1:
        physical["region"] = {"startLine": evidence["line"]}
    location: dict[str, Any] = {"id": index, "physicalLocation": physical, "message": {"text": evidence_place(evidence)}}
    if evidence.get("resource"):
        name = one_line(evidence["resource"])
        full = ".".join(one_line(p) for p in (evidence["resource"], evidence.get("path")) if p)
        location["logicalLocations"] = [{"name": name, "fullyQualifiedName": full, "kind": "resource"}]
    return location


def _artifact(result: dict[str, Any], file: str, base: Path) -> dict[str, Any]:
    path, inside = relative_path(result, file, base)
    if inside:
        return {"uri": url_quote(path), "uriBaseId": BASE_ID}
    return {"uri": Path(path).as_uri()}


def _directory_uri(base: Path) -> str:
    uri = Path(base).absolute().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _invocation(results: list[dict[str, Any]], base: Path) -> dict[str, Any]:
    """Task errors and warnings as tool notifications; unsuccessful when some task could not be checked."""
    notes: list[dict[str, Any]] = []
    for result in results:
        if is_error(result):
            where = relative_path(result, ".", base)[0]
            notes.append({"level": "error", "message": {"text": f"{where}: {one_line(result['error'])}"}})
        for warning in result.get("warnings") or []:
            notes.append({"level": "warning", "message": {"text": one_line(warning)}})
    invocation: dict[str, Any] = {"executionSuccessful": not any(is_error(r) for r in results)}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def _version(results: list[dict[str, Any]]) -> str:
    for result in results:
        if result.get("version"):
            return str(result["version"])
    from verifier.api import VERSION

    return VERSION


def _information_uri() -> str | None:
    """The project's home page as the installed package declares it, if it declares one."""
    try:
        meta = metadata.metadata("iac-verify")
    except metadata.PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or []:
        _label, _, url = entry.partition(",")
        if url.strip():
            return url.strip()
    return meta.get("Home-page") or None
