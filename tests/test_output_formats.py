"""CI output formats: SARIF checked against the official 2.1.0 schema, JUnit read back with
junitparser, the Markdown comment's table, entries, escaping and truncation, and the CLI wiring."""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import junitparser
import pytest

from verifier.api import check_task
from verifier.cli import main
from verifier.engine import CHECKS
from verifier.output_junit import render_junit
from verifier.output_markdown import render_markdown
from verifier.output_sarif import render_sarif

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_stacks" / "serverless-api"
SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
LONG = "y" * 20000
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
HOSTILE_QUOTE = "a|b `tick` ``two`` <script>alert(1)</script> ]]> \x00nul \x1b[31m @octocat"

TEMPLATE = """Resources:
  OrdersFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      MemorySize: 512
      Timeout: 30
"""
# A report with HTML, CDATA ends, pipes, control characters and a very long line; every claim in
# it is contradicted by TEMPLATE (memory 512, timeout 30, one resource).
HOSTILE_REPORT = (
    "# Final template <script>alert(1)</script>\n\n"
    "The Lambda function had 256MB memory | pipe ]]> and control \x1b[31m \x0b chars @octocat.\n\n"
    "The function uses `Timeout: 60` and ``MemorySize: `512` `` here.\n\n"
    "| col | The Lambda has 1024MB memory <img src=x onerror=alert(1)> |\n|---|---|\n\n"
    f"The stack has 5 AWS resources {'x' * 3000}.\n"
)


def validate_sarif(text: str) -> dict[str, Any]:
    """Parse SARIF text and assert it is valid against the official schema."""
    doc = json.loads(text)
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors[:5]]
    return doc


def hostile_result(task: Path) -> dict[str, Any]:
    """A result as check_task returns it, with hostile text in every field a renderer shows."""
    def claim(verdict: str, line: int, quote: str, **extra: Any) -> dict[str, Any]:
        base = {"report": "lib/MODEL_FAILURES.md", "line": line, "column": 4, "text": f"text {quote}", "quote": quote,
                "concept": "lambda.memory", "scope": "final", "verdict": verdict, "expected": 256, "unit": "MB",
                "polarity": True, "actual": 512, "reason": "", "check": "IV100",
                "evidence": {"file": None, "line": None, "resource": None, "path": None, "note": None}, "evidence_all": []}
        base.update(extra)
        return base

    evidence = {"file": "lib/odd name%.yml", "line": 3, "resource": "Res<1>|x", "path": "Properties.A]]>B", "note": "n\x00ote <b>"}
    claims = [
        claim("contradicted", 3, HOSTILE_QUOTE, expected="<b>|</b>", actual={"k": "]]>\x00 `x`"}, evidence=evidence,
              evidence_all=[evidence, {**evidence, "file": "lib/TapStack.yml", "line": 7}], reason="why | <i>"),
        claim("contradicted", 5, LONG, concept="count.resources", expected=5, unit=None, actual=1),
        claim("unverifiable", 7, "multi\nline <quote>", reason="<img src=x onerror=alert(1)> | @octocat", actual=None),
        claim("supported", 9, "512MB", expected=512, actual=512),
    ]
    return {"tool": "iac-verify", "version": "0.1.0", "task": str(task), "report": "lib/MODEL_FAILURES.md",
            "claims": claims, "summary": {}, "warnings": ["w\x00arning <x> | y"]}


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    return check_task(SAMPLE)


@pytest.fixture()
def hostile_task(tmp_path: Path) -> Path:
    task = tmp_path / "hostile task"
    (task / "lib").mkdir(parents=True)
    (task / "lib" / "TapStack.yml").write_text(TEMPLATE)
    (task / "lib" / "MODEL_FAILURES.md").write_text(HOSTILE_REPORT)
    return task


# SARIF

def test_sarif_of_the_sample_is_valid_and_points_at_report_lines(sample: dict[str, Any]) -> None:
    doc = validate_sarif(render_sarif([sample]))
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "iac-verify"
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == SAMPLE.as_uri() + "/"
    listed = [c for c in sample["claims"] if c["verdict"] in ("contradicted", "unverifiable")]
    assert len(run["results"]) == len(listed) == sample["summary"]["contradicted"] + sample["summary"]["unverifiable"]
    report_lines = (SAMPLE / "lib" / "MODEL_FAILURES.md").read_text(encoding="utf-8").split("\n")
    for result, claim in zip(run["results"], listed, strict=True):
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": "lib/MODEL_FAILURES.md", "uriBaseId": "SRCROOT"}
        region = location["region"]
        assert region["startLine"] == claim["line"] and region["startColumn"] == claim["column"] + 1
        # the region is the quote itself on the report's line (1-based, end exclusive)
        assert report_lines[claim["line"] - 1][region["startColumn"] - 1:region["endColumn"] - 1] == claim["quote"]
        expected_kind = {"contradicted": ("fail", "error"), "unverifiable": ("review", "none")}[claim["verdict"]]
        assert (result["kind"], result["level"]) == expected_kind
        assert result["ruleId"] == claim["check"]
        for related in result.get("relatedLocations", []):
            assert (SAMPLE / related["physicalLocation"]["artifactLocation"]["uri"]).is_file()
    retention = next(r for r in run["results"] if r["properties"]["quote"] == "30-day retention")
    text = retention["message"]["text"]
    assert "the report says 30 days" in text and "the code has never expires" in text and "lib/TapStack.yml:132" in text
    assert retention["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 132}


def test_sarif_rules_are_the_checks_that_produced_results(sample: dict[str, Any]) -> None:
    driver = validate_sarif(render_sarif([sample], verdicts=("contradicted", "unverifiable", "supported")))["runs"][0]["tool"]["driver"]
    results = json.loads(render_sarif([sample], verdicts=("contradicted", "unverifiable", "supported")))["runs"][0]["results"]
    names = {check.id: check.name for check in CHECKS}
    assert {rule["id"] for rule in driver["rules"]} == {c["check"] for c in sample["claims"]}
    for rule in driver["rules"]:
        if rule["id"] in names:
            assert rule["shortDescription"]["text"] == names[rule["id"]]
            assert rule["fullDescription"]["text"] and not rule["fullDescription"]["text"].startswith("IV")
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert next(r for r in driver["rules"] if r["id"] == "IV100")["name"] == "PropertyValue"


def test_sarif_verdict_selection(sample: dict[str, Any]) -> None:
    everything = validate_sarif(render_sarif([sample], verdicts=("contradicted", "unverifiable", "supported")))["runs"][0]["results"]
    assert len(everything) == sample["summary"]["claims"]
    passes = [r for r in everything if r["kind"] == "pass"]
    assert len(passes) == sample["summary"]["supported"] and {r["level"] for r in passes} == {"none"}
    failures = json.loads(render_sarif([sample], verdicts=("contradicted",)))["runs"][0]["results"]
    assert len(failures) == sample["summary"]["contradicted"] and {r["kind"] for r in failures} == {"fail"}


def test_sarif_fingerprints_are_stable_when_lines_move(sample: dict[str, Any]) -> None:
    def prints(result: dict[str, Any]) -> list[str]:
        doc = json.loads(render_sarif([result], verdicts=("contradicted", "unverifiable", "supported")))
        return [r["partialFingerprints"]["iacVerifyClaim/v1"] for r in doc["runs"][0]["results"]]

    first = prints(sample)
    assert len(set(first)) == len(first)
    moved = copy.deepcopy(sample)
    for claim in moved["claims"]:
        claim["line"] += 7
    assert prints(moved) == first
    moved["claims"][0]["quote"] += " changed"
    assert prints(moved)[0] != first[0] and prints(moved)[1:] == first[1:]


def test_sarif_paths_relative_to_a_repository_root(sample: dict[str, Any], tmp_path: Path) -> None:
    run = validate_sarif(render_sarif([sample], ROOT))["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == ROOT.as_uri() + "/"
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]} == {
        "sample_stacks/serverless-api/lib/MODEL_FAILURES.md"}
    outside = validate_sarif(render_sarif([sample], tmp_path))["runs"][0]["results"][0]
    location = outside["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (SAMPLE / "lib" / "MODEL_FAILURES.md").as_uri()}


def test_sarif_hostile_text_is_valid(tmp_path: Path) -> None:
    result = hostile_result(tmp_path)
    error = {"task": str(tmp_path / "broken"), "error": "no report found\x00 <x>"}
    text = render_sarif([result, error], tmp_path, verdicts=("contradicted", "unverifiable", "supported"))
    assert "\\u0000" not in text.split('"properties"')[0]  # messages and locations carry no NUL
    run = validate_sarif(text)["runs"][0]
    first, long, review, passed = run["results"]
    assert first["locations"][0]["physicalLocation"]["region"]["endColumn"] == 5 + len(HOSTILE_QUOTE)
    assert "<script>" in first["message"]["text"] and "\x00" not in first["message"]["text"]
    uris = [r["physicalLocation"]["artifactLocation"]["uri"] for r in first["relatedLocations"]]
    assert uris == ["hostile_task/lib/odd%20name%25.yml".replace("hostile_task/", ""), "lib/TapStack.yml"]
    assert len(long["message"]["text"]) < 1000 and long["locations"][0]["physicalLocation"]["region"]["endColumn"] == 5 + len(LONG)
    assert "endColumn" not in review["locations"][0]["physicalLocation"]["region"]  # a quote over two lines
    assert (review["kind"], passed["kind"]) == ("review", "pass")
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert [n["level"] for n in invocation["toolExecutionNotifications"]] == ["warning", "error"]
    assert invocation["toolExecutionNotifications"][1]["message"]["text"] == "broken: no report found <x>"


# JUnit

def test_junit_counts_read_back_with_junitparser(sample: dict[str, Any]) -> None:
    xml = junitparser.JUnitXml.fromstring(render_junit([sample]).encode("utf-8"))
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    summary = sample["summary"]
    assert suite.name == str(SAMPLE) or suite.name.endswith("serverless-api")
    assert (suite.tests, suite.failures, suite.skipped, suite.errors) == (
        summary["claims"], summary["contradicted"], summary["unverifiable"], 0)
    assert (xml.tests, xml.failures, xml.skipped, xml.errors) == (suite.tests, suite.failures, suite.skipped, 0)
    cases = list(suite)
    assert len(cases) == summary["claims"]
    by_verdict = {"contradicted": junitparser.Failure, "unverifiable": junitparser.Skipped}
    for case, claim in zip(cases, sample["claims"], strict=True):
        assert case.name.startswith(f"line {claim['line']}: ")
        assert case.classname.startswith("lib/MODEL_FAILURES.md (")
        kinds = [type(r) for r in case.result]
        assert kinds == ([by_verdict[claim["verdict"]]] if claim["verdict"] in by_verdict else [])
    retention = next(c for c in cases if c.name == "line 55: 30-day retention")
    failure = retention.result[0]
    assert failure.message == "expected 30 days, actual never expires"
    assert "evidence: lib/TapStack.yml:132 ApiAccessLogGroup.Properties.RetentionInDays" in failure.text


def test_junit_hostile_text_and_task_errors(tmp_path: Path) -> None:
    error = {"task": str(tmp_path / "broken"), "error": "no report\x00 <found> ]]>"}
    text = render_junit([hostile_result(tmp_path / "t"), error], tmp_path)
    assert "\x00" not in text and "\x1b" not in text
    ET.fromstring(text.encode("utf-8"))
    xml = junitparser.JUnitXml.fromstring(text.encode("utf-8"))
    hostile, broken = list(xml)
    assert hostile.name == "t" and broken.name == "broken"
    assert (hostile.tests, hostile.failures, hostile.skipped, hostile.errors) == (4, 2, 1, 0)
    assert (broken.tests, broken.errors) == (1, 1)
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (5, 2, 1, 1)
    first = list(hostile)[0]
    assert first.name.startswith("line 3: a|b `tick`") and "<script>" in first.name and "]]>" in first.name
    assert first.result[0].message == 'expected <b>|</b>, actual {"k": "]]> `x`"}'
    assert "evidence: lib/TapStack.yml:7" in first.result[0].text
    long_case = list(hostile)[1]
    assert len(long_case.name) <= 220
    assert list(broken)[0].result[0].message == "no report <found> ]]>"


# Markdown

def test_markdown_table_and_contradicted_entries(sample: dict[str, Any]) -> None:
    text = render_markdown([sample])
    summary = sample["summary"]
    lines = text.split("\n")
    assert lines[0] == f"### ❌ iac-verify: {summary['contradicted']} of {summary['claims']} claims contradicted"
    task = str(SAMPLE).replace("_", "\\_")  # the folder as the caller named it
    assert (f"| {task} | lib/MODEL\\_FAILURES.md | {summary['supported']} | "
            f"{summary['contradicted']} | {summary['unverifiable']} |") in lines
    contradicted = text.split("#### Contradicted claims")[1].split("<details>")[0]
    assert contradicted.count("\n- **lib/MODEL\\_FAILURES.md:") == summary["contradicted"]
    assert ("- **lib/MODEL\\_FAILURES.md:55** (final code): `30-day retention`\n"
            "  - expected `30 days`, actual `never expires`\n"
            "  - evidence: `lib/TapStack.yml:132 ApiAccessLogGroup.Properties.RetentionInDays (service default (property absent))`") in contradicted
    details = text.split("<details>")[1]
    assert f"{summary['unverifiable']} unverifiable claims</summary>" in details
    assert details.count("\n- **") == summary["unverifiable"]


def test_markdown_escapes_report_text(tmp_path: Path) -> None:
    text = render_markdown([hostile_result(tmp_path / "a|b")], tmp_path)
    assert "| a\\|b | lib/MODEL\\_FAILURES.md | 1 | 2 | 1 |" in text
    # the quote in a code span fenced longer than its own backtick runs, control characters gone
    assert ("- **a\\|b/lib/MODEL\\_FAILURES.md:3** (final code): "
            "```a|b `tick` ``two`` <script>alert(1)</script> ]]> nul [31m @octocat```") in text
    outside_code = CODE_SPAN.sub("", text)
    for tag in ("<details>", "</details>", "<summary>", "</summary>"):
        outside_code = outside_code.replace(tag, "")
    assert "<" not in outside_code and "@octocat" not in outside_code
    assert "&lt;img src=x onerror=alert(1)&gt; \\| @\u200boctocat" in text
    assert "\x00" not in text and "\x1b" not in text
    assert "&lt;x&gt; \\| y" in text  # the warning
    assert text.count("<details>") == text.count("</details>") == 2


def test_markdown_is_cut_to_the_comment_limit(tmp_path: Path) -> None:
    result = hostile_result(tmp_path)
    template = result["claims"][0]
    result["claims"] = [dict(template, line=i, quote=f"claim {i} " + "z" * 400) for i in range(1, 3001)]
    result["claims"] += [dict(template, verdict="unverifiable", line=i) for i in range(3001, 3121)]
    text = render_markdown([result], tmp_path)
    assert len(text) <= 65536
    assert text.rstrip().endswith("`--format json` has everything._")
    shown = text.count("\n- **")
    assert 0 < shown < 3000
    assert f"{3000 + 50 - shown} claim(s) and 1 other part(s)" in text  # 50: the unverifiable claims' cap
    assert text.count("<details>") == text.count("</details>")
    small = render_markdown([result], tmp_path, limit=3000)
    assert len(small) <= 3000 and "Truncated to fit 3000 characters" in small


def test_markdown_unverifiable_claims_are_capped(tmp_path: Path) -> None:
    result = hostile_result(tmp_path)
    result["claims"] = [dict(result["claims"][2], line=i) for i in range(1, 121)]
    text = render_markdown([result], tmp_path)
    assert text.startswith("### ✅ iac-verify: no claim contradicted (120 claims: 0 supported, 120 unverifiable)")
    assert "<summary>120 unverifiable claims (first 50 shown)</summary>" in text
    assert text.split("<details>")[1].count("\n- **") == 50
    assert "Truncated" not in text


def test_markdown_several_tasks_with_an_error(sample: dict[str, Any], tmp_path: Path) -> None:
    error = {"task": str(ROOT / "sample_stacks" / "missing"), "error": "no report | found"}
    text = render_markdown([sample, error], ROOT / "sample_stacks")
    summary = sample["summary"]
    assert text.split("\n")[0] == (f"### ❌ iac-verify: {summary['contradicted']} of {summary['claims']} claims contradicted; "
                                   "1 tasks could not be checked")
    assert "| missing | could not be checked: no report \\| found | – | – | – |" in text
    assert f"| **total** | 2 tasks | {sample['summary']['supported']} |" in text
    assert "\n**serverless-api**\n" in text


# CLI

@pytest.mark.parametrize("fmt", ["sarif", "junit", "markdown"])
def test_cli_writes_each_format(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"out.{fmt}"
    assert main(["check", str(SAMPLE), "--format", fmt, "--output", str(out), "--base", str(ROOT)]) == 1
    assert capsys.readouterr().out == ""
    text = out.read_text(encoding="utf-8")
    if fmt == "sarif":
        uri = validate_sarif(text)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "sample_stacks/serverless-api/lib/MODEL_FAILURES.md"
    elif fmt == "junit":
        assert list(junitparser.JUnitXml.fromstring(text.encode()))[0].name == "sample_stacks/serverless-api"
    else:
        assert text.startswith("### ❌ iac-verify:")


def test_cli_hostile_report_in_every_format(hostile_task: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(hostile_task), "--format", "sarif", "--sarif-include", "all"]) == 1
    results = validate_sarif(capsys.readouterr().out)["runs"][0]["results"]
    assert [r["kind"] for r in results] == ["fail"] * 4
    assert main(["check", str(hostile_task), "--format", "junit", "--fail-on", "never"]) == 0
    xml = junitparser.JUnitXml.fromstring(capsys.readouterr().out.encode())
    assert (xml.tests, xml.failures) == (4, 4)
    main(["check", str(hostile_task), "--format", "markdown"])
    text = capsys.readouterr().out
    assert "\x1b" not in text and text.startswith("### ❌ iac-verify: 4 of 4 claims contradicted")


def test_cli_output_that_cannot_be_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE), "--format", "sarif", "--output", str(tmp_path / "missing" / "x.sarif")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("iac-verify: ") and err.count("\n") == 1


def test_suppressed_claims_carry_a_sarif_suppression(tmp_path: Path) -> None:
    from verifier.api import check_task
    from verifier.output_sarif import render_sarif

    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "TapStack.yml").write_text("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 512\n")
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(
        "# Final\n\n- The Lambda has 256 MB of memory. <!-- iac-verify: ignore: sized later -->\n- The Lambda has 1024 MB of memory.\n")
    sarif = validate_sarif(render_sarif([check_task(tmp_path)], tmp_path))
    results = sarif["runs"][0]["results"]
    by_line = {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r for r in results}
    assert by_line[3]["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "sized later"}]
    assert "suppressions" not in by_line[4]


def test_batch_prints_sarif_junit_and_markdown_over_every_task(tmp_path: Path, capsys) -> None:
    import shutil

    from junitparser import JUnitXml

    from verifier.cli import main

    for name in ("serverless-api", "storage-kms"):
        shutil.copytree(ROOT / "sample_stacks" / name, tmp_path / name)
    assert main(["batch", str(tmp_path), "--jobs", "1", "--format", "sarif"]) == 1
    sarif = validate_sarif(capsys.readouterr().out)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"serverless-api/lib/MODEL_FAILURES.md", "storage-kms/lib/MODEL_FAILURES.md"}
    main(["batch", str(tmp_path), "--jobs", "1", "--format", "junit"])
    xml = JUnitXml.fromstring(capsys.readouterr().out)
    assert sorted(suite.name for suite in xml) == ["serverless-api", "storage-kms"]
    main(["batch", str(tmp_path), "--jobs", "1", "--format", "markdown"])
    assert "| serverless-api |" in capsys.readouterr().out
