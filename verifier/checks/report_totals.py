"""IV800 — the report's own totals: "had 2 issues", "Total failures: 0 Critical, 2 Medium, 4 Low"
against the numbered issue headings of the report and the severity sections holding them, and
"… uses 13 AWS services:" against the items of the list that follows."""

from __future__ import annotations

import re

from claims.markdown_reader import Report
from claims.model import Claim
from verifier.checks.base import CONTRADICTED, SUPPORTED, Check, CheckContext, Outcome, unverifiable
from verifier.model import Evidence

ISSUE_HEADING = re.compile(r"^\s*(?:(?:issue|failure|problem|finding|error|bug)\s*#?\s*\d+|\d+[.)])\s*[:.\-–—]?\s*\S", re.I)
SEVERITY = re.compile(r"\b(critical|high|medium|low)\b", re.I)
OWN_SEVERITY = re.compile(r"[\[(](critical|high|medium|low)\b", re.I)  # "### 1. [HIGH] ...", "### 10. Names (MEDIUM - ...)"


def issue_headings(report: Report, prefer_labels: bool = True) -> list[tuple[int, str, str | None]]:
    """(line, heading text, severity) of each numbered issue heading. The severity comes from the
    issue's own "Impact Level: High" label or from the severity section holding it; which one
    wins when both exist is ``prefer_labels``."""
    found = []
    for line in report.lines:
        if line.kind != "heading" or not line.headings:
            continue
        text = line.headings[-1][1]
        if not ISSUE_HEADING.match(text):
            continue
        severity = None
        for _level, parent in reversed(line.headings[:-1]):
            m = SEVERITY.search(parent)
            if m:
                severity = m.group(1).lower()
                break
        found.append((line.number, text, severity))
    if found:
        labels = _severity_labels(report, found)
        owns = [m.group(1).lower() if (m := OWN_SEVERITY.search(t)) else None for _n, t, _s in found]
        found = [(n, t, (labels[i] or owns[i] or sev) if prefer_labels else (sev or owns[i] or labels[i]))
                 for i, (n, t, sev) in enumerate(found)]
    return found


def _severity_labels(report: Report, found: list[tuple[int, str, str | None]]) -> list[str | None]:
    """The "**Severity**: HIGH" / "Impact Level: Medium" label under each issue heading, if any."""
    starts = [f[0] for f in found] + [10**9]
    labels: list[str | None] = []
    for index, (number, _text, _severity) in enumerate(found):
        label = None
        for line in report.lines:
            if number < line.number < starts[index + 1] and re.match(r"^(?:severity|impact level|impact|priority)\s*:", line.plain, re.I):
                m = SEVERITY.search(line.plain)
                label = m.group(1).lower() if m else None
                break
        labels.append(label)
    return labels


LIST_ITEM_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+\S")


def list_after(report: Report, line_number: int) -> list[int]:
    """Lines of the top-level items of the list right after ``line_number`` (blank lines
    allowed before and between items; nested items and continuation lines are not counted)."""
    source = report.source_lines
    index, items, indent = line_number, [], None  # source index of the next line (0-based)
    while index < len(source):
        text = source[index]
        if not text.strip():
            index += 1
            continue
        m = LIST_ITEM.match(text)
        width = len(text) - len(text.lstrip())
        if indent is None:
            if not m:
                return []
            indent = len(m.group(1))
        if m and len(m.group(1)) == indent:
            items.append(index + 1)
        elif width <= indent:
            break
        index += 1
    return items


LEADING_NUMBER = re.compile(r"^\W*(\d+)\s+\w")


def list_readings(texts: list[str]) -> list[int]:
    """The counts a list can be read as: its items; the sum of the numbers the items start with
    ("- 4 alarms", "- 6 dashboards"); the entries of "Label: a, b, c" items or of one comma list."""
    readings = [len(texts)]
    numbers = [LEADING_NUMBER.match(t) for t in texts]
    if all(numbers):
        readings.append(sum(int(m.group(1)) for m in numbers if m))
    bodies = [t.split(":", 1)[1] if ":" in t else t for t in texts]
    if len(texts) == 1 or all(":" in t for t in texts):
        readings.append(sum(len([e for e in body.split(",") if e.strip()]) for body in bodies))
    return readings


def _list_count(claim: Claim, report: Report) -> Outcome:
    """"… with 13 AWS services:" followed by a list: the number of its items, or of the entries
    the items list."""
    items = list_after(report, claim.line)
    if not items:
        return unverifiable("no list follows the sentence")
    texts = [LIST_ITEM_MARKER.sub("", report.source_lines[n - 1]) for n in items]
    readings = list_readings(texts)
    verdict = SUPPORTED if claim.expected in readings else CONTRADICTED
    actual = claim.expected if verdict == SUPPORTED else len(items)
    return Outcome(verdict, actual, [Evidence(claim.report, items[0], None, None, f"{len(items)} items listed from line {items[0]}")])


def _counts(issues: list[tuple[int, str, str | None]], keys: dict[str, int]) -> dict[str, int]:
    counts = {sev: 0 for sev in keys}
    for _, _, sev in issues:
        if sev:
            counts[sev] = counts.get(sev, 0) + 1
    return counts


class ReportTotalsCheck(Check):
    id = "IV800"
    name = "report totals"
    concepts = ("report.issue_count", "report.severity_counts", "report.list_count")
    needs_artifacts = False

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        if ctx.report is None:
            return unverifiable("report not parsed")
        if claim.concept == "report.list_count":
            return _list_count(claim, ctx.report)
        issues = issue_headings(ctx.report)
        if not issues:
            return unverifiable("the report has no numbered issue headings to count")
        evidence = [Evidence(claim.report, number, None, text[:60]) for number, text, _ in issues[:6]]
        if claim.concept == "report.issue_count":
            verdict = SUPPORTED if len(issues) == claim.expected else CONTRADICTED
            return Outcome(verdict, len(issues), evidence)
        if any(sev is None for _, _, sev in issues):
            return unverifiable("some issues carry no severity", len(issues))
        readings = [_counts(issues, claim.expected), _counts(issue_headings(ctx.report, prefer_labels=False), claim.expected)]
        whole = not claim.extra.get("partial")  # one severity's count ("- Critical: 3") says nothing of the total
        for counts in readings:
            if all(counts.get(k, 0) == v for k, v in claim.expected.items()) and (not whole or sum(claim.expected.values()) == len(issues)):
                return Outcome(SUPPORTED, counts, evidence)
        return Outcome(CONTRADICTED, readings[0], evidence)
