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
from typing import Any

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


MAX_NESTING = 40  # markdown-it's nesting limit (20 in the commonmark preset), raised
_FLAT_LEVEL = MAX_NESTING - 4  # from this block depth on, lines are read flat (see _flat_when_deep)
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_CELL_VERDICT = re.compile(r"^(PASSED|PASS|FAILED|FAIL)[.!]?$", re.I)


@lru_cache(maxsize=1)
def _parser() -> Any:
    """A CommonMark parser with tables, a raised nesting limit and flat reading beyond it.

    markdown-it skips everything after a block nested ``maxNesting`` deep (for a list item, the
    rest of the document). Before that limit is reached, ``_flat_when_deep`` takes over and reads
    each deeper line as a paragraph of its own, so no line is lost and recursion stays bounded.
    """
    from markdown_it import MarkdownIt

    # Only block tokens and the text of inline tokens are read: inline parsing is skipped.
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table").disable("inline")
    md.block.ruler.before(md.block.ruler.get_all_rules()[0], "flat_when_deep", _flat_when_deep)
    return md


def _flat_when_deep(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
    """Block rule: at ``_FLAT_LEVEL`` and deeper, one line is one paragraph (no nested blocks)."""
    if silent or state.level < _FLAT_LEVEL:
        return False
    state.line = start_line + 1
    content = state.getLines(start_line, state.line, state.blkIndent, False).strip()
    opening = state.push("paragraph_open", "p", 1)
    opening.map = [start_line, state.line]
    inline = state.push("inline", "", 0)
    inline.content = content
    inline.map = [start_line, state.line]
    inline.children = []
    state.push("paragraph_close", "p", -1)
    return True


_EMPHASIS = re.compile(r"\*\*|__")


def _strip(raw: str, kind: str) -> tuple[str, list[int], str | None]:
    """Remove block markers and emphasis; return plain text, its column map and a check mark."""
    start, check = _content_start(raw, kind)
    pieces: list[str] = []
    cols: list[int] = []
    i = start
    for m in _EMPHASIS.finditer(raw, start):  # each "**" / "__" pair, left to right, is dropped
        pieces.append(raw[i : m.start()])
        cols.extend(range(i, m.start()))
        i = m.end()
    pieces.append(raw[i:])
    cols.extend(range(i, len(raw)))
    plain = "".join(pieces).rstrip()
    del cols[len(plain) :]
    if kind == "table":
        return plain, cols, _table_check(plain)
    return plain, cols, _line_check(plain, check)


def _content_start(raw: str, kind: str) -> tuple[int, str | None]:
    """Where the text of a line starts after its block marker, and a checkbox state on the way."""
    if kind == "heading":
        m = _HEADING.match(raw)
        return (m.end() if m else len(raw) - len(raw.lstrip())), None
    if kind == "item":
        m = _LIST_MARKER.match(raw)
        start = m.end() if m else len(raw) - len(raw.lstrip())
        box = _CHECKBOX.match(raw[start:])
        if box:
            return start + box.end(), "pass" if box.group(1).strip() else "open"
        return start, None
    start = len(raw) - len(raw.lstrip())
    if raw[start:].startswith(">"):
        start += 1
    return start, None


def _line_check(plain: str, check: str | None) -> str | None:
    """A mark at the start or end of the line wins over a checkbox; a PASS/FAIL suffix comes last."""
    for mark, state in _CHECK_MARKS.items():
        if mark in plain[:4] or plain.endswith(mark):
            check = state
            break
    verdict_word = _VERDICT_SUFFIX.search(plain)
    if verdict_word and check is None:
        check = "pass" if verdict_word.group(1).upper() in ("PASSED", "PASS") else "fail"
    return check


def _table_check(row: str) -> str | None:
    """The check of a table row: the state its marked cells agree on (None when they disagree)."""
    cells = _CELL_SEPARATOR.split(row.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    states = {state for state in (_cell_check(cell.strip()) for cell in cells) if state}
    return states.pop() if len(states) == 1 else None


def _cell_check(cell: str) -> str | None:
    """A checkbox, a mark at the start or end of the cell, or a cell that is just PASS / FAIL."""
    box = _CHECKBOX.match(cell)
    if box:
        return "pass" if box.group(1).strip() else "open"
    bare = cell.rstrip("\ufe0f").strip()
    for mark, state in _CHECK_MARKS.items():
        if bare.startswith(mark) or bare.endswith(mark):
            return state
    verdict = _CELL_VERDICT.match(bare)
    if verdict:
        return "pass" if verdict.group(1).upper().startswith("PASS") else "fail"
    return None


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
    try:
        tokens = _parser().parse("\n".join(source))
    except RecursionError:  # only when the caller is already deep in the stack: read line by line
        _read_flat(report, source)
        return report
    _Reader(report, source).read(tokens)
    return report


def _read_flat(report: Report, source: list[str]) -> None:
    """Every non-blank line as a paragraph line of its own, without structure."""
    for index, raw in enumerate(source):
        if raw.strip():
            _add_lines(report, source, [index, index + 1], "paragraph", [], None, None, None, None, raw.strip())


HYPOTHETICAL_LEAD = re.compile(r"\b(?:might|may|could) fail\b|\bcommon (?:ways|mistakes|failures|pitfalls)\b|\bcauses of rejection\b", re.I)
_LAZY_LABEL = re.compile(r"^\s*\*{0,2}[A-Z][\w /()-]{1,40}\*{0,2}\s*:\s*\*{0,2}\s*$")  # "**Missing Resources**:"


@dataclass
class _Reader:
    """Walks markdown-it's block tokens, keeping the context each line is read in."""

    report: Report
    source: list[str]
    headings: list[tuple[int, str]] = field(default_factory=list)
    label: str | None = None  # bold label in force
    last_block_text: str | None = None  # the block right before (a list's lead-in, a code block's)
    list_lead_ins: list[str | None] = field(default_factory=list)  # per open list
    item_texts: list[str] = field(default_factory=list)  # per open list item: its first paragraph
    item_has_text: list[bool] = field(default_factory=list)

    def read(self, tokens: list[Any]) -> None:
        i = 0
        while i < len(tokens):
            i = self._step(tokens, i)

    def _step(self, tokens: list[Any], i: int) -> int:
        """Handle ``tokens[i]``; return the index of the next token to handle."""
        token = tokens[i]
        kind = token.type
        content = tokens[i + 1].content if i + 1 < len(tokens) else ""
        if kind == "heading_open" and token.map:
            self._heading(token, content)
            return i + 3
        if kind == "paragraph_open" and token.map:
            self._paragraph(token, content)
            return i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            outer = self.list_lead_ins[-1] if self.list_lead_ins else None
            # a list nested in a list of what "might fail" lists possibilities too
            self.list_lead_ins.append(outer if outer and HYPOTHETICAL_LEAD.search(outer) else self.last_block_text)
        elif kind in ("bullet_list_close", "ordered_list_close") and self.list_lead_ins:
            self.list_lead_ins.pop()
        elif kind == "list_item_open":
            self.item_texts.append("")
            self.item_has_text.append(False)
        elif kind == "list_item_close" and self.item_texts:
            text = self.item_texts.pop()
            self.last_block_text = text or self.last_block_text
            self.item_has_text.pop()
            last_line = text.rstrip().rsplit("\n", 1)[-1] if text and "\n" in text.rstrip() else ""
            if last_line and _LAZY_LABEL.match(last_line) and self.list_lead_ins:
                self.list_lead_ins[-1] = last_line.strip()  # "- item\n**Missing Resources**:" introduces the items after it
        elif kind == "table_open":
            self.last_block_text = None  # a table ends whatever introduced a list
        elif kind == "tr_open" and token.map:
            _add_lines(self.report, self.source, token.map, "table", self.headings, self.label, None, None, None, "")
        elif kind in ("fence", "code_block") and token.map:
            self._code_block(token)
        elif kind == "hr":
            self.label = None
            self.last_block_text = None
        return i + 1

    def _heading(self, token: Any, content: str) -> None:
        level = int(token.tag[1])
        title = " ".join(content.split())  # a setext heading may span several lines
        self.headings = [h for h in self.headings if h[0] < level] + [(level, title)]
        self.label = None
        self.last_block_text = None
        start, end = token.map
        if token.markup in ("=", "-"):  # setext heading: the last line is the ===/--- underline
            end -= 1
        _add_lines(self.report, self.source, [start, end], "heading", self.headings, None, None, None, None, content)

    def _paragraph(self, token: Any, content: str) -> None:
        in_item = bool(self.item_texts)
        first_of_item = in_item and not self.item_has_text[-1]
        lead_in = self.list_lead_ins[-1] if self.list_lead_ins and in_item else None
        parent = self.item_texts[-2] if len(self.item_texts) >= 2 else None
        first = token.map[0]
        first_plain = _strip(self.source[first], "item" if first_of_item else "paragraph")[0] if first < len(self.source) else ""
        own_label, _ = _label_of(first_plain)
        if own_label and not in_item:
            self.label = own_label
        kind = "item" if in_item else "paragraph"
        _add_lines(self.report, self.source, token.map, kind, self.headings, self.label, lead_in, parent, own_label, content)
        if first_of_item:
            self.item_texts[-1] = content
            self.item_has_text[-1] = True
        self.last_block_text = content

    def _code_block(self, token: Any) -> None:
        info = (token.info or "").strip().split(" ")[0].lower() if token.type == "fence" else ""
        self.report.code_blocks.append(
            CodeBlock(
                info=info,
                content=token.content,
                first_line=token.map[0] + (2 if token.type == "fence" else 1),
                headings=tuple(self.headings),
                label=self.label,
                lead_in=self.last_block_text,
            )
        )
        self.last_block_text = None  # the text before a code block introduces the block, not a list after it


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
