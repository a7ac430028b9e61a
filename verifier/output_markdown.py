"""Markdown rendering of check results as a pull-request comment.

A one-line verdict headline, a table of verdict counts (a row per task), every contradicted claim
with its report line, quote, expected and actual values and evidence, then the unverifiable claims
(the first ``details_cap``) and the warnings collapsed in ``<details>``. Report text is shown in
code spans or escaped (Markdown punctuation, HTML, ``@`` mentions), and the comment is cut to
``limit`` characters (GitHub's comment limit by default) with a note saying what was left out.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verifier.output_common import (
    SCOPE_WORDS,
    actual_text,
    all_evidence,
    claims_of,
    counts,
    default_base,
    evidence_place,
    expected_text,
    is_error,
    one_line,
    report_label,
    task_label,
)

GITHUB_COMMENT_LIMIT = 65536
DETAILS_CAP = 50
WARNINGS_CAP = 20
EVIDENCE_CAP = 5
QUOTE_WIDTH = 300
NOTE_ROOM = 400  # kept free for the truncation note
HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~#!])")


def render_markdown(results: list[dict[str, Any]], base: Path | None = None, details_cap: int = DETAILS_CAP,
                    limit: int = GITHUB_COMMENT_LIMIT) -> str:
    """The comment for ``results`` (``check_task`` dicts, or ``{"task", "error"}`` for a task that
    could not be checked); task and report paths are relative to ``base``."""
    base = Path(base) if base is not None else default_base(results)
    out = Budget(max(limit - NOTE_ROOM, 0))
    out.add(headline(results) + "\n\n")
    for row in table(results, base):
        out.add(row + "\n")
    _contradicted(results, base, out)
    _unverifiable(results, base, out, details_cap)
    _warnings(results, out)
    text = "".join(out.parts)
    if out.dropped_claims or out.dropped_parts:
        other = f" and {out.dropped_parts} other part(s) (headings, warnings)" if out.dropped_parts else ""
        text += (f"\n\n_Truncated to fit {limit} characters: {out.dropped_claims} claim(s){other} not shown; "
                 "`--format json` has everything._\n")
    return text[:limit]


class Budget:
    """Collects the comment's parts while they fit; after the first part that does not, drops the rest."""

    def __init__(self, limit: int) -> None:
        self.limit, self.size, self.parts = limit, 0, []
        self.dropped_claims = self.dropped_parts = 0

    def add(self, text: str, keep: int = 0, claims: int = 0) -> bool:
        """Append ``text`` (which shows ``claims`` claims) when it fits with ``keep`` characters left
        over; count it as dropped otherwise."""
        if self.dropped_claims or self.dropped_parts or self.size + len(text) + keep > self.limit:
            self.dropped_claims += claims
            self.dropped_parts += not claims
            return False
        self.parts.append(text)
        self.size += len(text)
        return True

    def close(self, text: str) -> None:
        """Append a closing tag whose room was kept by earlier ``add(..., keep=...)`` calls."""
        self.parts.append(text)
        self.size += len(text)


def escape(text: Any, width: int | None = None) -> str:
    """Report text as inert Markdown: one line, HTML and Markdown punctuation escaped, no @mentions."""
    flat = one_line(text, width)
    flat = MARKDOWN_PUNCTUATION.sub(r"\\\1", flat)
    flat = "".join(HTML_ESCAPES.get(ch, ch) for ch in flat)
    return flat.replace("@", "@\u200b")


def code(text: Any, width: int | None = QUOTE_WIDTH) -> str:
    """``text`` as a code span whose fence is longer than any backtick run inside it."""
    flat = one_line(text, width)
    if not flat:
        return "(empty)"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat[0] == "`" or flat[-1] == "`" else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def headline(results: list[dict[str, Any]]) -> str:
    """One line: the overall verdict with its numbers."""
    tally = {v: sum(counts(r)[v] for r in results) for v in ("supported", "contradicted", "unverifiable")}
    claims = sum(tally.values())
    errors = sum(is_error(r) for r in results)
    failed_reports = sum(1 for r in results if counts(r)["contradicted"])
    checked = len(results) - errors
    if tally["contradicted"]:
        where = f" in {failed_reports} of {checked} reports" if checked > 1 else ""
        line = f"### ❌ iac-verify: {tally['contradicted']} of {claims} claims contradicted{where}"
    elif errors:
        line = f"### ⚠️ iac-verify: no claim contradicted, but {errors} of {len(results)} tasks could not be checked"
    else:
        line = f"### ✅ iac-verify: no claim contradicted ({claims} claims: {tally['supported']} supported, {tally['unverifiable']} unverifiable)"
    if tally["contradicted"] and errors:
        line += f"; {errors} tasks could not be checked"
    return line


def table(results: list[dict[str, Any]], base: Path) -> list[str]:
    """The summary table's lines: a row per task, and a total row when there are several."""
    rows = ["| Task | Report | Supported | Contradicted | Unverifiable |", "| --- | --- | ---: | ---: | ---: |"]
    for result in results:
        task = escape(task_label(result, base))
        if is_error(result):
            rows.append(f"| {task} | could not be checked: {escape(result['error'], QUOTE_WIDTH)} | – | – | – |")
            continue
        tally = counts(result)
        rows.append(f"| {task} | {escape(result.get('report'))} | {tally['supported']} | {tally['contradicted']} | {tally['unverifiable']} |")
    if len(results) > 1:
        total = {v: sum(counts(r)[v] for r in results) for v in ("supported", "contradicted", "unverifiable")}
        rows.append(f"| **total** | {len(results)} tasks | {total['supported']} | {total['contradicted']} | {total['unverifiable']} |")
    return rows


def _place(result: dict[str, Any], claim: dict[str, Any], base: Path) -> str:
    scope = claim.get("scope") or "final"
    return f"**{escape(report_label(result, base))}:{claim.get('line')}** ({escape(SCOPE_WORDS.get(scope, scope))})"


def contradicted_entry(result: dict[str, Any], claim: dict[str, Any], base: Path) -> str:
    """A contradicted claim: where, the quote, expected vs actual, evidence and reason."""
    lines = [f"- {_place(result, claim, base)}: {code(claim.get('quote') or claim.get('text'))}",
             f"  - expected {code(expected_text(claim))}, actual {code(actual_text(claim))}"]
    evidence = all_evidence(claim)
    for item in evidence[:EVIDENCE_CAP]:
        lines.append(f"  - evidence: {code(evidence_place(item))}")
    if len(evidence) > EVIDENCE_CAP:
        lines.append(f"  - and {len(evidence) - EVIDENCE_CAP} more places")
    if claim.get("reason"):
        lines.append(f"  - {escape(claim['reason'], QUOTE_WIDTH)}")
    return "\n".join(lines) + "\n"


def _contradicted(results: list[dict[str, Any]], base: Path, out: Budget) -> None:
    if not any(counts(r)["contradicted"] for r in results):
        return
    out.add("\n#### Contradicted claims\n\n")
    for result in results:
        chosen = [c for c in claims_of(result) if c.get("verdict") == "contradicted"]
        if chosen and len(results) > 1:
            out.add(f"\n**{escape(task_label(result, base))}**\n\n")
        for claim in chosen:
            out.add(contradicted_entry(result, claim, base), claims=1)


def _unverifiable(results: list[dict[str, Any]], base: Path, out: Budget, cap: int) -> None:
    chosen = [(r, c) for r in results for c in claims_of(r) if c.get("verdict") == "unverifiable"]
    if not chosen:
        return
    shown = f" (first {cap} shown)" if len(chosen) > cap else ""
    closing = "\n</details>\n"
    header = f"\n<details><summary>{len(chosen)} unverifiable claims{shown}</summary>\n\n"
    if not out.add(header, keep=len(closing), claims=min(len(chosen), cap)):
        return
    for result, claim in chosen[:cap]:
        reason = f" — {escape(claim['reason'], QUOTE_WIDTH)}" if claim.get("reason") else ""
        out.add(f"- {_place(result, claim, base)}: {code(claim.get('quote') or claim.get('text'))}{reason}\n", keep=len(closing), claims=1)
    out.close(closing)


def _warnings(results: list[dict[str, Any]], out: Budget) -> None:
    warnings = [w for r in results for w in r.get("warnings") or []]
    if not warnings:
        return
    shown = f" (first {WARNINGS_CAP} shown)" if len(warnings) > WARNINGS_CAP else ""
    closing = "\n</details>\n"
    if not out.add(f"\n<details><summary>{len(warnings)} warnings{shown}</summary>\n\n", keep=len(closing)):
        return
    for warning in warnings[:WARNINGS_CAP]:
        out.add(f"- {escape(warning, QUOTE_WIDTH)}\n", keep=len(closing))
    out.close(closing)
