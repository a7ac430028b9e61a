"""Reading a Markdown report into lines with context (claims.markdown_reader)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.markdown_reader import MAX_REPORT_LINES, Line, Report, read_report

FIXTURES = Path(__file__).parent / "fixtures"
REPORT_MD = FIXTURES / "reports" / "model_failures.md"


@pytest.fixture(scope="module")
def report() -> Report:
    return read_report(REPORT_MD.read_text(), "lib/MODEL_FAILURES.md")


def _lines(report: Report) -> dict[int, Line]:
    by_number = {line.number: line for line in report.lines}
    assert len(by_number) == len(report.lines), "two Line objects share a number"
    return by_number


def _line(report: Report, number: int) -> Line:
    return _lines(report)[number]


# --- line numbers ---------------------------------------------------------------------------


def test_line_numbers_are_one_based_and_exact(report: Report):
    source = REPORT_MD.read_text().splitlines()
    assert report.path == "lib/MODEL_FAILURES.md"
    assert report.source_lines == source
    for line in report.lines:
        assert line.raw == source[line.number - 1]
    expected = [1, 3, 5, 7, 8, 10, 12, 13, 14, 15, 17, 19, 20, 21, 22, 23, 24, 26, 28, 30, 31, 33, 41, 42]
    assert [line.number for line in report.lines] == expected


def test_blank_lines_fence_content_and_table_separator_are_not_lines(report: Report):
    numbers = set(_lines(report))
    assert not numbers & {2, 4, 6, 9, 11, 16, 18, 25, 27, 32, 34, 40}  # blank
    assert not numbers & {35, 36, 37, 38, 39}  # fenced code
    assert 29 not in numbers  # |---|---|


def test_leading_blank_lines_do_not_shift_numbers():
    parsed = read_report("\n\n\n# Title\n\nText here.\n", "r.md")
    assert [(line.number, line.kind, line.plain) for line in parsed.lines] == [
        (4, "heading", "Title"),
        (6, "paragraph", "Text here."),
    ]


def test_crlf_line_endings_keep_numbers():
    parsed = read_report("# Title\r\n\r\n- first\r\n- second\r\n", "r.md")
    assert [(line.number, line.plain) for line in parsed.lines] == [(1, "Title"), (3, "first"), (4, "second")]
    assert all("\r" not in line.raw for line in parsed.lines)


def test_multi_line_paragraph_gives_one_line_each(report: Report):
    first, second = _line(report, 41), _line(report, 42)
    assert (first.plain, second.plain) == ("Notes after the fix", "span two lines.")
    assert first.kind == second.kind == "paragraph"
    assert first.block_text == second.block_text == "Notes after the fix\nspan two lines."


def test_plain_strips_markers_and_emphasis_and_maps_columns(report: Report):
    item = _line(report, 7)
    assert item.raw == "- Encryption was **not** enabled"
    assert item.plain == "Encryption was not enabled"
    assert len(item.columns) == len(item.plain)
    for index, char in enumerate(item.plain):
        assert item.raw[item.columns[index]] == char
    assert item.column_of(item.plain.index("not")) == item.raw.index("not")
    heading = _line(report, 17)
    assert heading.plain == "Checklist"
    assert heading.column_of(0) == 4


# --- headings -------------------------------------------------------------------------------


def test_headings_path(report: Report):
    assert _line(report, 1).headings == ((1, "Model Failures"),)
    assert _line(report, 5).headings == ((1, "Model Failures"), (2, "Security"))
    assert _line(report, 19).headings == ((1, "Model Failures"), (2, "Security"), (3, "Checklist"))
    # a new level-2 heading closes the level-3 one
    assert _line(report, 30).headings == ((1, "Model Failures"), (2, "Comparison"))
    assert _line(report, 1).kind == _line(report, 26).kind == "heading"


def test_headings_path_with_skipped_levels():
    parsed = read_report("# A\n### C\ntext c\n## B\ntext b\n# D\ntext d\n", "r.md")
    lines = _lines(parsed)
    assert lines[3].headings == ((1, "A"), (3, "C"))
    assert lines[5].headings == ((1, "A"), (2, "B"))
    assert lines[7].headings == ((1, "D"),)


# --- labels ---------------------------------------------------------------------------------


def test_bold_label_is_own_label_of_its_line(report: Report):
    line = _line(report, 5)
    assert line.own_label == "MODEL_RESPONSE Issue"
    assert line.label == "MODEL_RESPONSE Issue"
    assert line.plain == "MODEL_RESPONSE Issue: The bucket allowed public reads."


def test_label_is_carried_to_following_list_items(report: Report):
    for number in (7, 8):
        line = _line(report, number)
        assert line.kind == "item"
        assert line.label == "MODEL_RESPONSE Issue"
        assert line.own_label is None


def test_label_is_cleared_by_a_heading(report: Report):
    assert _line(report, 17).label is None
    assert _line(report, 19).label is None


def test_label_is_replaced_by_the_next_label_and_cleared_by_a_rule():
    parsed = read_report(
        "**MODEL_RESPONSE Issue**:\n\n- one\n\n**Fix**:\n\n- two\n\n---\n\n- three\n", "r.md"
    )
    lines = _lines(parsed)
    assert lines[3].label == "MODEL_RESPONSE Issue"
    assert lines[7].label == "Fix"
    assert lines[11].label is None


def test_label_carries_to_code_block(report: Report):
    assert _line(report, 33).own_label == "Fixed Code"
    assert report.code_blocks[0].label == "Fixed Code"


# --- lists: lead-in, nesting ----------------------------------------------------------------


def test_lead_in_of_a_list(report: Report):
    for number in (12, 15):
        assert _line(report, number).lead_in == "The model's template did not include:"
    assert _line(report, 7).lead_in == "**MODEL_RESPONSE Issue**: The bucket allowed public reads."


def test_list_after_a_heading_has_no_lead_in(report: Report):
    assert _line(report, 19).lead_in is None


def test_nested_list_parent(report: Report):
    assert _line(report, 12).parent is None
    assert _line(report, 13).parent == "a dead-letter queue"
    assert _line(report, 14).parent == "with a redrive policy"
    assert _line(report, 15).parent is None  # back at the top level
    assert _line(report, 13).plain == "with a redrive policy"
    assert _line(report, 14).kind == "item"


def test_ordered_list_items():
    parsed = read_report("Steps taken:\n\n1. enable KMS\n2) add a DLQ\n", "r.md")
    lines = _lines(parsed)
    assert (lines[3].kind, lines[3].plain, lines[3].lead_in) == ("item", "enable KMS", "Steps taken:")
    assert (lines[4].kind, lines[4].plain) == ("item", "add a DLQ")


def test_item_continuation_line_keeps_item_context():
    parsed = read_report("Missing:\n\n- **Issue**: first part\n  second part\n", "r.md")
    lines = _lines(parsed)
    assert lines[3].own_label == "Issue"
    assert lines[4].own_label is None
    assert lines[4].plain == "second part"
    assert lines[4].kind == "item"
    assert lines[4].lead_in == "Missing:"


# --- checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "check", "plain"),
    [
        (19, "pass", "Bucket encrypted with KMS"),  # - [x]
        (20, "open", "Access logging enabled"),  # - [ ]
        (21, "pass", "✅ Key rotation enabled"),
        (22, "fail", "❌ Public access block"),
        (23, "warn", "⚠️ Lifecycle rules partly configured"),
        (24, "pass", "Retention set to 14 days ✓"),
    ],
)
def test_checklist_marks(report: Report, number, check, plain):
    line = _line(report, number)
    assert line.check == check
    assert line.plain == plain


def test_lines_without_marks_have_no_check(report: Report):
    assert _line(report, 7).check is None
    assert _line(report, 5).check is None


def test_uppercase_x_checkbox_passes():
    parsed = read_report("- [X] Done\n", "r.md")
    assert parsed.lines[0].check == "pass"
    assert parsed.lines[0].plain == "Done"


# --- tables ---------------------------------------------------------------------------------


def test_table_rows_become_lines(report: Report):
    rows = [line for line in report.lines if line.kind == "table"]
    assert [(row.number, row.plain) for row in rows] == [
        (28, "| Resource | Model | Ideal |"),
        (30, "| Bucket | public | private |"),
        (31, "| Queue | no DLQ | DLQ |"),
    ]
    assert all(row.headings == ((1, "Model Failures"), (2, "Comparison")) for row in rows)


# --- code blocks ----------------------------------------------------------------------------


def test_fenced_block(report: Report):
    assert len(report.code_blocks) == 1
    block = report.code_blocks[0]
    assert block.info == "yaml"
    assert block.content == "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"
    assert block.first_line == 36
    assert REPORT_MD.read_text().splitlines()[block.first_line - 1] == "Resources:"
    assert block.lead_in == "**Fixed Code**:"
    assert block.headings == ((1, "Model Failures"), (2, "Comparison"))


def test_several_fences_with_info_first_line_and_lead_in():
    text = (
        "# Fix\n"  # 1
        "\n"
        "Before:\n"  # 3
        "\n"
        "```JSON title=x\n"  # 5
        '{"a": 1}\n'  # 6
        "```\n"
        "\n"
        "After:\n"  # 9
        "~~~\n"  # 10
        "plain\n"  # 11
        "~~~\n"
        "\n"
        "- item with code:\n"  # 14
        "\n"
        "  ```yaml\n"  # 16
        "  Resources: {}\n"  # 17
        "  ```\n"
    )
    blocks = read_report(text, "r.md").code_blocks
    assert [(b.info, b.first_line, b.lead_in) for b in blocks] == [
        ("json", 6, "Before:"),
        ("", 11, "After:"),
        ("yaml", 17, "item with code:"),
    ]
    assert blocks[0].content == '{"a": 1}\n'
    assert blocks[2].content == "Resources: {}\n"  # list indentation removed
    assert all(b.headings == ((1, "Fix"),) for b in blocks)


def test_indented_code_block_first_line():
    blocks = read_report("Para\n\n    code line\n    more\n", "r.md").code_blocks
    assert [(b.info, b.first_line, b.content) for b in blocks] == [("", 3, "code line\nmore\n")]


# --- limits ---------------------------------------------------------------------------------


def test_long_report_is_truncated():
    text = "\n\n".join(f"Line {n}." for n in range(MAX_REPORT_LINES))  # about twice the limit
    parsed = read_report(text, "r.md")
    assert parsed.truncated is True
    assert parsed.lines[-1].number <= MAX_REPORT_LINES
    assert parsed.lines[0].number == 1


def test_short_report_is_not_truncated(report: Report):
    assert report.truncated is False


# --- lead-ins after breaks, marks in table rows, setext headings ----------------------------


def test_list_after_a_thematic_break_has_no_lead_in():
    parsed = read_report("The model did not include:\n\n---\n\n- KMS encryption\n", "r.md")
    assert _line(parsed, 5).lead_in is None


def test_table_row_with_a_mark_has_a_check():
    parsed = read_report("| Check | Result |\n|---|---|\n| Encryption | ❌ |\n| Logging | ✅ |\n", "r.md")
    lines = _lines(parsed)
    assert lines[3].check == "fail"
    assert lines[4].check == "pass"


def test_setext_heading_underline_is_not_a_line():
    parsed = read_report("Title\n=====\n\nText.\n", "r.md")
    assert [(line.number, line.plain) for line in parsed.lines] == [(1, "Title"), (4, "Text.")]


def test_list_after_a_code_block_has_no_lead_in_but_the_block_keeps_it():
    parsed = read_report("The model lacks:\n\n```yaml\nA: 1\n```\n\n- KMS encryption\n", "r.md")
    assert parsed.code_blocks[0].lead_in == "The model lacks:"
    assert _line(parsed, 7).lead_in is None


def test_table_row_whose_marks_disagree_has_no_check():
    parsed = read_report(
        "| Check | Model | Ideal |\n|---|---|---|\n| KMS | ❌ | ✅ |\n| Logs | **PASS** | - |\n| DLQ | [ ] | x |\n",
        "r.md",
    )
    lines = _lines(parsed)
    assert lines[1].check is None
    assert lines[3].check is None
    assert lines[4].check == "pass"
    assert lines[5].check == "open"


def test_multi_line_setext_heading():
    parsed = read_report("Title\non two lines\n---\n\nText.\n", "r.md")
    assert [(line.number, line.kind) for line in parsed.lines] == [(1, "heading"), (2, "heading"), (5, "paragraph")]
    assert parsed.lines[-1].headings == ((2, "Title on two lines"),)


def test_every_line_of_a_very_deep_list_is_read_as_an_item():
    depth = 30
    text = "Missing:\n\n" + "".join("  " * level + f"- level {level}\n" for level in range(depth)) + "\nLast line.\n"
    parsed = read_report(text, "r.md")
    items = [line for line in parsed.lines if line.kind == "item"]
    assert [line.plain for line in items] == [f"level {level}" for level in range(depth)]
    assert _line(parsed, 4).parent == "level 0"
    assert (parsed.lines[-1].plain, parsed.lines[-1].kind, parsed.truncated) == ("Last line.", "paragraph", False)
