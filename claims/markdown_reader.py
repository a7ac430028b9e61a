"""Read a Markdown report into lines with their structural context, using markdown-it.

The parser gives the structure (headings, paragraphs, list items with their nesting, table
rows, fenced code, block line ranges); the raw source lines give the text, so every claim keeps
its exact line and column. For each line we record the heading path, the current bold label
("**MODEL_RESPONSE Issue**:"), the sentence that introduced the list it belongs to ("... but did
not include:"), its parent list item, and checklist marks (✓ ✅ ❌ ⚠️ [x] [ ]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

MAX_REPORT_LINES = 20_000

_LIST_MARKER = re.compile(r"^(\s*(?:>\s*)*)(?:[-*+]|\d{1,3}[.)])\s+")
_CHECKBOX = re.compile(r"^\[([ xX✓✔])\]\s*")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_LABEL = re.compile(r"^\s*(?:\*\*|__)?([A-Za-z][\w '’/&()\-.]{0,60}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*")
_VERDICT_SUFFIX = re.compile(r"[-–—:]\s*\**(PASSED|PASS|FAILED|FAIL)\**\s*$")
_CHECK_MARKS = {"✅": "pass", "✓": "pass", "✔": "pass", "☑": "pass", "❌": "fail", "✗": "fail", "✘": "fail", "⚠": "warn", "🔴": "fail", "🟢": "pass"}


@dataclass
class Line:
    """One report line to read claims from, with its context."""

    number: int  # 1-based
    raw: str
    plain: str  # raw line without list/heading markers and emphasis (**, __)
    columns: list[int]  # columns[i] = column in ``raw`` of plain[i]
    kind: str  # "heading" | "paragraph" | "item" | "table" | "code"
    headings: tuple[tuple[int, str], ...] = ()
    label: str | None = None  # bold label in force ("MODEL_RESPONSE Issue", "Fixed Code", ...)
    own_label: str | None = None  # label written on this very line
    lead_in: str | None = None  # text that introduced the list holding this item
    parent: str | None = None  # text of the parent list item
    check: str | None = None  # "pass" | "fail" | "warn" from checkboxes and marks
    block_text: str = ""  # whole paragraph / item text the line belongs to

    def column_of(self, plain_index: int) -> int:
        if 0 <= plain_index < len(self.columns):
            return self.columns[plain_index]
        return self.columns[-1] + 1 if self.columns else 0


@dataclass
class CodeBlock:
    """A fenced block quoted in the report."""

    info: str
    content: str
    first_line: int  # 1-based line of the first content line
    headings: tuple[tuple[int, str], ...] = ()
    label: str | None = None
    lead_in: str | None = None  # the paragraph right before the block


@dataclass
class Report:
    path: str
    lines: list[Line] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)
    truncated: bool = False


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _strip(raw: str, kind: str) -> tuple[str, list[int], str | None]:
    """Remove block markers and emphasis; return plain text, its column map and a check mark."""
    start = 0
    check = None
    if kind == "heading":
        m = _HEADING.match(raw)
        start = m.end() if m else 0
    elif kind == "item":
        m = _LIST_MARKER.match(raw)
        start = m.end() if m else len(raw) - len(raw.lstrip())
        box = _CHECKBOX.match(raw[start:])
        if box:
            check = "pass" if box.group(1).strip() else "open"
            start += box.end()
    else:
        start = len(raw) - len(raw.lstrip())
        if raw[start:].startswith(">"):
            start += 1
    chars: list[str] = []
    cols: list[int] = []
    i = start
    while i < len(raw):
        pair = raw[i : i + 2]
        if pair in ("**", "__"):
            i += 2
            continue
        chars.append(raw[i])
        cols.append(i)
        i += 1
    plain = "".join(chars).rstrip()
    cols = cols[: len(plain)]
    for mark, state in _CHECK_MARKS.items():
        if mark in plain[:4] or plain.endswith(mark):
            check = state
            break
    verdict_word = _VERDICT_SUFFIX.search(plain)
    if verdict_word and check is None:
        check = "pass" if verdict_word.group(1).upper() in ("PASSED", "PASS") else "fail"
    return plain, cols, check


def _label_of(plain: str) -> tuple[str | None, str]:
    """A leading 'Label:' (short, capitalised) and the text after it."""
    m = _LABEL.match(plain)
    if not m:
        return None, plain
    label = m.group(1).strip()
    if len(label.split()) > 7 or label.lower().startswith(("http", "note that")):
        return None, plain
    return label, plain[m.end() :]


def read_report(text: str, path: str) -> Report:
    """Parse Markdown into context-carrying lines and code blocks."""
    source = text.splitlines()
    report = Report(path=path, source_lines=source)
    if len(source) > MAX_REPORT_LINES:
        source = source[:MAX_REPORT_LINES]
        report.truncated = True
    tokens = _parser().parse("\n".join(source))
    headings: list[tuple[int, str]] = []
    label: str | None = None
    last_block_text: str | None = None  # text of the previous paragraph or item (for lead-ins)
    list_stack: list[dict[str, str | None]] = []  # per open list: lead_in
    item_stack: list[str] = []  # texts of open list items
    in_item_paragraph_done: list[bool] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "heading_open" and token.map:
            level = int(token.tag[1])
            content = tokens[i + 1].content if i + 1 < len(tokens) else ""
            headings = [h for h in headings if h[0] < level] + [(level, content.strip())]
            label = None
            last_block_text = None
            _add_lines(report, source, token.map, "heading", headings, None, None, None, None, content)
            i += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_stack.append({"lead_in": last_block_text})
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if list_stack:
                list_stack.pop()
        elif kind == "list_item_open":
            item_stack.append("")
            in_item_paragraph_done.append(False)
        elif kind == "list_item_close":
            if item_stack:
                last_block_text = item_stack.pop() or last_block_text
                in_item_paragraph_done.pop()
        elif kind == "paragraph_open" and token.map:
            content = tokens[i + 1].content if i + 1 < len(tokens) else ""
            in_item = bool(item_stack) and not in_item_paragraph_done[-1]
            lead_in = list_stack[-1]["lead_in"] if list_stack and item_stack else None
            parent = item_stack[-2] if len(item_stack) >= 2 else None
            first_plain = _strip(source[token.map[0]], "item" if in_item else "paragraph")[0] if token.map[0] < len(source) else ""
            own_label, _ = _label_of(first_plain)
            if own_label and not item_stack:
                label = own_label
            _add_lines(report, source, token.map, "item" if item_stack else "paragraph", headings, label, lead_in, parent, own_label, content)
            if item_stack and not in_item_paragraph_done[-1]:
                item_stack[-1] = content
                in_item_paragraph_done[-1] = True
            last_block_text = content
            i += 3
            continue
        elif kind == "tr_open" and token.map:
            _add_lines(report, source, token.map, "table", headings, label, None, None, None, "")
        elif kind in ("fence", "code_block") and token.map:
            info = (token.info or "").strip().split(" ")[0].lower() if kind == "fence" else ""
            report.code_blocks.append(
                CodeBlock(
                    info=info,
                    content=token.content,
                    first_line=token.map[0] + (2 if kind == "fence" else 1),
                    headings=tuple(headings),
                    label=label,
                    lead_in=last_block_text,
                )
            )
        elif kind == "hr":
            label = None
        i += 1
    return report


def _add_lines(report: Report, source: list[str], span: list[int], kind: str, headings: list[tuple[int, str]],
               label: str | None, lead_in: str | None, parent: str | None, own_label: str | None, block_text: str) -> None:
    start, end = span
    for index in range(start, min(end, len(source))):
        raw = source[index]
        if not raw.strip():
            continue
        line_kind = kind if index == start or kind in ("paragraph", "table") else kind
        plain, cols, check = _strip(raw, line_kind if index == start else ("paragraph" if kind != "heading" else kind))
        if kind == "table" and set(plain) <= set("|-: "):
            continue
        report.lines.append(
            Line(
                number=index + 1,
                raw=raw,
                plain=plain,
                columns=cols,
                kind=kind,
                headings=tuple(headings),
                label=label,
                own_label=own_label if index == start else None,
                lead_in=lead_in,
                parent=parent,
                check=check,
                block_text=block_text,
            )
        )
