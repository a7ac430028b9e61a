"""JUnit XML rendering of check results: a test suite per task, a test case per claim.

Contradicted claims are ``<failure>`` (message: expected vs actual; body: the evidence),
unverifiable ones ``<skipped>``, supported ones pass; a task that could not be checked is one test
case with an ``<error>``. The XML is built with ElementTree (escaping) after characters XML 1.0
cannot hold (NUL, other control characters) are removed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from verifier.output_common import (
    SCOPE_WORDS,
    actual_text,
    all_evidence,
    claims_of,
    clean,
    counts,
    default_base,
    evidence_place,
    expected_text,
    is_error,
    one_line,
    report_label,
    task_label,
)

NAME_WIDTH = 200
MESSAGE_WIDTH = 500
# verdict -> the test case's child element (its ``type`` is the verdict); supported claims have none
OUTCOMES = {"contradicted": "failure", "unverifiable": "skipped"}
TOTALS = ("tests", "failures", "errors", "skipped")


def render_junit(results: list[dict[str, Any]], base: Path | None = None) -> str:
    """The JUnit XML document for ``results`` (``check_task`` dicts, or ``{"task", "error"}`` for a
    task that could not be checked); task and report paths are relative to ``base``."""
    base = Path(base) if base is not None else default_base(results)
    root = ET.Element("testsuites", {"name": "iac-verify"})
    totals = dict.fromkeys(TOTALS, 0)
    for result in results:
        suite = _error_suite(result, base) if is_error(result) else _suite(result, base)
        root.append(suite)
        for key in TOTALS:
            totals[key] += int(suite.get(key, "0"))
    root.attrib.update({key: str(value) for key, value in totals.items()})
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(result: dict[str, Any], base: Path) -> ET.Element:
    tally = counts(result)
    claims = claims_of(result)
    suite = ET.Element("testsuite", {
        "name": clean(task_label(result, base)), "tests": str(len(claims)), "failures": str(tally["contradicted"]),
        "errors": "0", "skipped": str(tally["unverifiable"]), "time": "0",
    })
    properties = ET.SubElement(suite, "properties")
    report = report_label(result, base)
    for name, value in (("report", report), ("tool", f"iac-verify {result.get('version', '')}".strip())):
        ET.SubElement(properties, "property", {"name": name, "value": clean(value)})
    for claim in claims:
        suite.append(_case(claim, report))
    if result.get("warnings"):
        ET.SubElement(suite, "system-err").text = "\n".join(one_line(w) for w in result["warnings"])
    return suite


def _case(claim: dict[str, Any], report: str) -> ET.Element:
    scope = claim.get("scope") or "final"
    case = ET.Element("testcase", {
        "classname": clean(f"{report} ({SCOPE_WORDS.get(scope, scope)})"),
        "name": f"line {claim.get('line')}: {one_line(claim.get('quote') or claim.get('text'), NAME_WIDTH)}",
        "file": clean(report), "line": str(claim.get("line") or 1), "time": "0",
    })
    verdict = claim.get("verdict")
    if verdict == "contradicted":
        text = f"expected {one_line(expected_text(claim), MESSAGE_WIDTH)}, actual {one_line(actual_text(claim), MESSAGE_WIDTH)}"
        failure = ET.SubElement(case, OUTCOMES[verdict], {"message": text, "type": verdict})
        failure.text = _body(claim, report)
    elif verdict == "unverifiable":
        ET.SubElement(case, OUTCOMES[verdict], {"message": one_line(claim.get("reason") or "unverifiable", MESSAGE_WIDTH), "type": verdict})
    return case


def _body(claim: dict[str, Any], report: str) -> str:
    """The failure's text: where the claim is, what it says, and every piece of evidence."""
    lines = [
        f"claim: {report}:{claim.get('line')}:{(claim.get('column') or 0) + 1}: {one_line(claim.get('text'))}",
        f"quote: {one_line(claim.get('quote'))}",
        f"concept: {one_line(claim.get('concept'))} ({one_line(claim.get('scope'))})",
        f"expected: {one_line(expected_text(claim))}",
        f"actual: {one_line(actual_text(claim))}",
    ]
    lines += [f"evidence: {evidence_place(e)}" for e in all_evidence(claim)]
    if claim.get("reason"):
        lines.append(f"reason: {one_line(claim['reason'])}")
    return "\n".join(lines)


def _error_suite(result: dict[str, Any], base: Path) -> ET.Element:
    """A task that could not be checked: one test case holding the error."""
    name = clean(task_label(result, base))
    suite = ET.Element("testsuite", {"name": name, "tests": "1", "failures": "0", "errors": "1", "skipped": "0", "time": "0"})
    case = ET.SubElement(suite, "testcase", {"classname": name, "name": "check", "time": "0"})
    ET.SubElement(case, "error", {"message": one_line(result.get("error"), MESSAGE_WIDTH), "type": "error"})
    return suite
