"""Gates (--fail-on, --min-confidence), confidence, suppressions, configuration files and the CI integration files."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml

from verifier import confidence, gate
from verifier.api import InputError, check_task
from verifier.cli import main
from verifier.config import Config, ConfigError, discover, load, resolve

REPO = Path(__file__).resolve().parent.parent

TEMPLATE = """AWSTemplateFormatVersion: '2010-09-09'
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      KeySchema:
        - AttributeName: id
          KeyType: HASH
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
  WorkerFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      MemorySize: 512
      Timeout: 30
      Role: arn:aws:iam::123456789012:role/x
      Code:
        ZipFile: "def handler(e, c): return 1"
  Archive:
    Type: AWS::Events::Archive
    Properties:
      SourceArn: arn:aws:events:us-east-1:123456789012:event-bus/default
"""

MEMORY_WRONG = "- The Lambda function has 256 MB of memory."  # contradicted: MemorySize is 512
BILLING_RIGHT = "- The DynamoDB table uses PAY_PER_REQUEST billing."  # supported
TESTS_UNKNOWN = "- The stack passed 36 unit tests."  # unverifiable: the folder has no test files


def make_task(root: Path, lines: list[str], template: str = TEMPLATE, report: str = "lib/MODEL_FAILURES.md") -> Path:
    (root / "lib").mkdir(parents=True, exist_ok=True)
    (root / "lib" / "TapStack.yml").write_text(template)
    path = root / report
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Final template\n\n" + "\n".join(lines) + "\n")
    return root


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with no configuration, so discovery only sees the task folder."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return cwd


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code, out, err = run([*argv, "--format", "json"], capsys)
    return code, json.loads(out)


def claim_at(result: dict, line: int) -> dict:
    [claim] = [c for c in result["claims"] if c["line"] == line]
    return claim


# ---- gates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("fail_on", "expected"), [(None, 1), ("contradicted", 1), ("unverifiable", 1), ("never", 0)])
def test_gate_with_a_contradicted_claim(tmp_path: Path, elsewhere: Path, capsys, fail_on: str | None, expected: int) -> None:
    task = make_task(tmp_path / "task", [MEMORY_WRONG, BILLING_RIGHT])
    code, _out, _err = run(["check", str(task), *(["--fail-on", fail_on] if fail_on else [])], capsys)
    assert code == expected


@pytest.mark.parametrize(("fail_on", "expected"), [(None, 0), ("contradicted", 0), ("unverifiable", 1), ("never", 0)])
def test_gate_with_an_unverifiable_claim(tmp_path: Path, elsewhere: Path, capsys, fail_on: str | None, expected: int) -> None:
    task = make_task(tmp_path / "task", [BILLING_RIGHT, TESTS_UNKNOWN])
    code, result = run_json(["check", str(task), *(["--fail-on", fail_on] if fail_on else [])], capsys)
    assert [c["verdict"] for c in result["claims"]] == ["supported", "unverifiable"]
    assert code == expected
    assert result["gate"]["failed"] is bool(expected)


def test_gate_passes_when_everything_is_supported(tmp_path: Path, elsewhere: Path, capsys) -> None:
    task = make_task(tmp_path / "task", [BILLING_RIGHT])
    assert run(["check", str(task), "--fail-on", "unverifiable"], capsys)[0] == 0


def test_usage_and_input_errors_exit_2(tmp_path: Path, elsewhere: Path, capsys) -> None:
    assert run(["check", str(tmp_path / "missing")], capsys)[0] == 2
    task = make_task(tmp_path / "task", [BILLING_RIGHT])
    for bad in (["--fail-on", "sometimes"], ["--min-confidence", "1.5"], ["--min-confidence", "high"]):
        with pytest.raises(SystemExit) as exit_info:
            main(["check", str(task), *bad])
        assert exit_info.value.code == 2
    capsys.readouterr()


def test_min_confidence_takes_low_claims_out_of_the_gate(tmp_path: Path, elsewhere: Path, capsys) -> None:
    task = make_task(tmp_path / "task", [MEMORY_WRONG, BILLING_RIGHT])
    code, result = run_json(["check", str(task)], capsys)
    wrong = claim_at(result, 3)
    assert code == 1 and wrong["verdict"] == "contradicted" and not wrong["below_min_confidence"]
    above = round(wrong["confidence"] + 0.01, 2)
    code, result = run_json(["check", str(task), "--min-confidence", str(above)], capsys)
    assert code == 0
    assert claim_at(result, 3)["below_min_confidence"] is True
    assert result["gate"] == {"fail_on": "contradicted", "min_confidence": above, "failing": 0,
                              "below_min_confidence": sum(c["confidence"] < above for c in result["claims"]), "failed": False}
    assert result["summary"]["contradicted"] == 1  # still a verdict; only the gate ignores it
    code, _out, _err = run(["check", str(task), "--min-confidence", str(wrong["confidence"])], capsys)
    assert code == 1  # at the threshold it counts
    text = run(["check", str(task), "--min-confidence", str(above)], capsys)[1]
    assert "(low confidence)" in text and "do not count toward the gate" in text


# ---- confidence ----------------------------------------------------------------------------


def test_confidence_is_in_range_and_follows_the_table() -> None:
    result = check_task(REPO / "sample_stacks" / "serverless-api", config=Config())
    assert result["claims"]
    for claim in result["claims"]:
        assert 0 <= claim["confidence"] <= 1
        assert claim["confidence"] == confidence.score(claim["confidence_basis"])
        assert claim["confidence_basis"]["verdict"] == claim["verdict"]
        assert claim["confidence_basis"]["check"] == claim["check"]
        assert claim["confidence_basis"]["scope_basis"] == claim["scope_basis"]


def _features(check: str = "IV100", verdict: str = "contradicted", basis: str = "sentence", default: bool = False,
              pinned: bool = False) -> dict:
    return {"check": check, "verdict": verdict, "scope_basis": basis, "service_default": default, "pinned": pinned}


def _ordered(a: float, b: float, table_a: float, table_b: float) -> None:
    """Scores differ the way the table's numbers do (rounding to 2 decimals may make them equal)."""
    if round(table_a, 2) > round(table_b, 2) + 0.01:
        assert a > b
    elif round(table_b, 2) > round(table_a, 2) + 0.01:
        assert b > a


def test_confidence_is_ordered_as_the_table_says() -> None:
    checks = [key for key in confidence.CHECK_PRECISION if key[1] == "contradicted"]
    assert len(checks) >= 5
    for check_a, _v in checks:
        for check_b, _w in checks:
            _ordered(confidence.score(_features(check_a)), confidence.score(_features(check_b)),
                     confidence.CHECK_PRECISION[(check_a, "contradicted")], confidence.CHECK_PRECISION[(check_b, "contradicted")])
    bases = [key[0] for key in confidence.SCOPE_BASIS_FACTOR if key[1] == "supported"]
    for a in bases:
        for b in bases:
            _ordered(confidence.score(_features("IV300", "supported", a)), confidence.score(_features("IV300", "supported", b)),
                     confidence.SCOPE_BASIS_FACTOR[(a, "supported")], confidence.SCOPE_BASIS_FACTOR[(b, "supported")])
    # an unverifiable verdict is much less often right than a definite one (the labels say so)
    assert confidence.score(_features(verdict="unverifiable")) < 0.6 < confidence.score(_features(verdict="supported"))
    # an unknown check falls back to the verdict's overall precision
    assert confidence.score(_features("IV999", "supported")) == round(
        confidence.VERDICT_PRECISION["supported"] * confidence.SCOPE_BASIS_FACTOR[("sentence", "supported")], 2)
    for name, table in (("SERVICE_DEFAULT_FACTOR", confidence.SERVICE_DEFAULT_FACTOR), ("PINNED_FACTOR", confidence.PINNED_FACTOR)):
        flag = "default" if name == "SERVICE_DEFAULT_FACTOR" else "pinned"
        plain = confidence.score(_features("IV300", "supported"))
        marked = confidence.score(_features("IV300", "supported", **{flag: True}))
        _ordered(marked, plain, table["supported"] * plain, plain)


def test_confidence_basis_sees_service_defaults_and_named_resources(tmp_path: Path) -> None:
    template = TEMPLATE.replace("      Timeout: 30\n", "")
    task = make_task(tmp_path, ["- The Lambda function has a 3 second timeout.", "- `WorkerFunction` has 512 MB of memory."], template)
    result = check_task(task, config=Config())
    timeout = next(c for c in result["claims"] if c["concept"] == "lambda.timeout")
    assert timeout["verdict"] == "supported" and timeout["confidence_basis"]["service_default"] is True
    assert timeout["confidence_basis"]["pinned"] is False


def test_calibration_arithmetic() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    import calibrate_confidence as calibrate

    rows = {name: {} for name in calibrate.TABLES}
    rows["VERDICT_PRECISION"] = {"contradicted": [8, 6], "supported": [18, 18]}
    rows["CHECK_PRECISION"] = {("IV100", "contradicted"): [4, 2]}
    rows["SCOPE_BASIS_FACTOR"] = {("label", "contradicted"): [8, 6]}
    rows["PINNED_FACTOR"] = {"supported": [2, 2]}
    derived = calibrate.derive(rows, weight=4)
    assert derived["VERDICT_PRECISION"] == {"contradicted": 0.7, "supported": 0.95}  # (6+1)/(8+2), (18+1)/(18+2)
    assert derived["CHECK_PRECISION"][("IV100", "contradicted")] == round((2 + 4 * 0.7) / 8, 3)
    assert derived["SCOPE_BASIS_FACTOR"][("label", "contradicted")] == round((6 + 4 * 0.7) / 12 / 0.7, 3)
    assert derived["PINNED_FACTOR"]["supported"] == round((2 + 4 * 0.95) / 6 / 0.95, 3)


# ---- suppressions --------------------------------------------------------------------------


def test_ignore_at_the_end_of_a_line(tmp_path: Path, elsewhere: Path, capsys) -> None:
    task = make_task(tmp_path / "task", [MEMORY_WRONG + "  <!-- iac-verify: ignore: sized down after load tests -->", BILLING_RIGHT])
    code, result = run_json(["check", str(task)], capsys)
    wrong = claim_at(result, 3)
    assert wrong["verdict"] == "contradicted" and wrong["suppressed"] is True
    assert wrong["suppressed_reason"] == "sized down after load tests"
    assert wrong["suppressed_by"] == "lib/MODEL_FAILURES.md:3"
    assert claim_at(result, 4)["suppressed"] is False
    assert result["summary"]["contradicted"] == 0 and result["summary"]["suppressed"] == 1 and result["summary"]["claims"] == 1
    assert code == 0  # the suppressed contradiction no longer fails the gate
    assert "(suppressed)" in run(["check", str(task)], capsys)[1]


def test_ignore_next_line_and_regions(tmp_path: Path) -> None:
    lines = [
        "<!-- iac-verify: ignore-next-line -->",   # 3
        MEMORY_WRONG,                               # 4
        BILLING_RIGHT,                              # 5
        "",                                         # 6
        "<!-- iac-verify: disable: legacy section -->",  # 7
        MEMORY_WRONG,                               # 8
        TESTS_UNKNOWN,                              # 9
        "<!-- iac-verify: enable -->",              # 10
        "",                                         # 11
        MEMORY_WRONG,                               # 12
    ]
    result = check_task(make_task(tmp_path, lines), config=Config())
    state = {c["line"]: (c["suppressed"], c["suppressed_reason"]) for c in result["claims"]}
    assert state == {4: (True, None), 5: (False, None), 8: (True, "legacy section"), 9: (True, "legacy section"), 12: (False, None)}
    assert result["gate"]["failed"] is True  # line 12 is not suppressed


def test_a_region_left_open_runs_to_the_end(tmp_path: Path) -> None:
    result = check_task(make_task(tmp_path, [BILLING_RIGHT, "<!-- iac-verify: disable -->", MEMORY_WRONG, TESTS_UNKNOWN]), config=Config())
    assert [c["suppressed"] for c in result["claims"]] == [False, True, True]
    assert not result["gate"]["failed"]


def test_directive_comments_never_become_claims(tmp_path: Path) -> None:
    lines = [BILLING_RIGHT + " <!-- iac-verify: ignore: the Lambda function has 1024 MB of memory -->",
             "<!-- iac-verify: ignore-next-line: the table uses PROVISIONED billing -->", BILLING_RIGHT]
    result = check_task(make_task(tmp_path, lines), config=Config())
    assert all("1024" not in c["text"] and "PROVISIONED" not in c["text"] for c in result["claims"])
    assert [c["line"] for c in result["claims"]] == [3, 5]
    report = (tmp_path / "lib" / "MODEL_FAILURES.md").read_text().splitlines()
    for claim in result["claims"]:  # columns still point into the report as written
        assert report[claim["line"] - 1][claim["column"]:claim["column"] + len(claim["quote"])] == claim["quote"]


def test_directives_in_code_blocks_and_unknown_ones(tmp_path: Path) -> None:
    lines = ["```markdown", "<!-- iac-verify: disable -->", "```", MEMORY_WRONG, "<!-- iac-verify: silence -->",
             "<!-- iac-verify: ignore -->", "<!-- iac-verify: enable -->"]
    result = check_task(make_task(tmp_path, lines), config=Config())
    assert claim_at(result, 6)["suppressed"] is False  # the disable inside the fence is quoted, not in force
    assert any("unknown directive 'iac-verify: silence'" in w for w in result["warnings"])
    assert any("on a line of its own suppresses nothing" in w for w in result["warnings"])
    assert any("enable' without a 'disable'" in w for w in result["warnings"])


def test_hostile_directives_stay_fast_and_bounded(tmp_path: Path) -> None:
    import time

    from verifier.suppress import read_directives

    started = time.perf_counter()
    unclosed, _ = read_directives("<!-- iac-verify: ignore " * 100_000, "r.md")
    many, text = read_directives("<!-- iac-verify: zap -->\n" * 5_000 + "x <!-- IAC-VERIFY: Ignore: upper case -->\n", "r.md")
    assert time.perf_counter() - started < 5
    assert unclosed.lines == {} and text.splitlines()[-1] == "x"
    assert many.lines == {5001: (5001, "upper case")}
    assert len(many.warnings) == 21 and many.warnings[-1] == "r.md: 4980 more problems with iac-verify directives"


SUPPRESS_CASES = [  # (entry, line 3 suppressed (memory, contradicted), line 4 suppressed (billing, supported))
    ('report = "lib/*.md"', True, True),
    ('report = "docs/*.md"', False, False),
    ("line = 3", True, False),
    ("line = [4, 5]", False, True),
    ('concept = "lambda.*"', True, False),
    ('concept = "dynamodb.billing_mode"', False, True),
    ('check = "iv100"', True, True),
    ('check = "IV300"', False, False),
    ('quote = "256 mb"', True, False),
    ('quote = "512 MB"', False, False),
    ('line = 3\ncheck = "IV300"', False, False),  # every selector must match
    ('line = 3\nquote = "256"\nreason = "known"', True, False),
]


@pytest.mark.parametrize(("entry", "line3", "line4"), SUPPRESS_CASES)
def test_config_suppressions(tmp_path: Path, entry: str, line3: bool, line4: bool) -> None:
    task = make_task(tmp_path, [MEMORY_WRONG, BILLING_RIGHT])
    (task / ".iac-verify.toml").write_text("[[suppress]]\n" + entry + "\n")
    result = check_task(task)
    wrong, right = claim_at(result, 3), claim_at(result, 4)
    assert (wrong["suppressed"], right["suppressed"]) == (line3, line4)
    assert result["gate"]["failed"] is not line3
    assert result["summary"]["suppressed"] == line3 + line4
    if line3:
        assert wrong["suppressed_by"] == f"{task / '.iac-verify.toml'}: suppress[0]"
        assert wrong["suppressed_reason"] == ("known" if "reason" in entry else None)


def test_a_suppress_entry_must_name_something(tmp_path: Path) -> None:
    task = make_task(tmp_path, [MEMORY_WRONG])
    (task / ".iac-verify.toml").write_text('[[suppress]]\nreason = "everything"\n')
    with pytest.raises(InputError, match=r"suppress\[0\] names no claim"):
        check_task(task)


# ---- configuration -------------------------------------------------------------------------


def test_discovery_order(tmp_path: Path, elsewhere: Path) -> None:
    task = make_task(tmp_path / "task", [BILLING_RIGHT])
    assert discover(task, elsewhere) == Config()
    (elsewhere / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["iac-verify"]\n')
    assert discover(task, elsewhere).path is None  # a pyproject.toml without the table is not a configuration
    (elsewhere / "pyproject.toml").write_text('[tool.iac-verify]\nfail-on = "never"\n')
    assert discover(task, elsewhere).fail_on == "never"  # the working directory's
    (elsewhere / ".iac-verify.toml").write_text('fail-on = "unverifiable"\n')
    assert discover(task, elsewhere).fail_on == "unverifiable"  # .iac-verify.toml before pyproject.toml
    (task / "pyproject.toml").write_text('[tool.iac-verify]\nmin-confidence = 0.5\n')
    found = discover(task, elsewhere)
    assert (found.fail_on, found.min_confidence, found.path) == ("contradicted", 0.5, str(task / "pyproject.toml"))  # the task's, whole
    (task / ".iac-verify.toml").write_text('min-confidence = 0.7\n')
    assert discover(task, elsewhere).min_confidence == 0.7
    assert check_task(task)["config"] == str(task / ".iac-verify.toml")


def test_explicit_config_and_flags_override(tmp_path: Path, elsewhere: Path, capsys) -> None:
    task = make_task(tmp_path / "task", [MEMORY_WRONG, BILLING_RIGHT])
    (task / ".iac-verify.toml").write_text('fail-on = "never"\nformat = "json"\n')
    code, out, _err = run(["check", str(task)], capsys)
    assert code == 0 and json.loads(out)["config"] == str(task / ".iac-verify.toml")  # format and fail-on from the file
    code, out, _err = run(["check", str(task), "--fail-on", "contradicted", "--format", "text"], capsys)
    assert code == 1 and out.lstrip().startswith(("Final code", "┏", "Final"))  # flags win
    strict = tmp_path / "strict.toml"
    strict.write_text('[tool.iac-verify]\nfail-on = "unverifiable"\n')
    assert resolve(task, strict).fail_on == "unverifiable"  # --config replaces discovery
    assert resolve(task, strict, fail_on="never").fail_on == "never"
    code, out, _err = run(["check", str(task), "--config", str(strict)], capsys)
    assert code == 1 and "┃" in out  # text: the named file has no format
    code, _out, err = run(["check", str(task), "--config", str(tmp_path / "nope.toml")], capsys)
    assert code == 2 and "config file not found" in err


@pytest.mark.parametrize(("content", "message"), [
    ("fail-on = \n", "not valid TOML"),
    ('fail-on = "sometimes"\n', "fail-on must be one of"),
    ('min-confidence = "high"\n', "min-confidence must be a number"),
    ("min-confidence = 2\n", "min-confidence must be a number"),
    ('report = "/etc/passwd"\n', "must be a path inside the task folder"),
    ('include = ["../other/*.yml"]\n', "must be a path inside the task folder"),
    ("suppress = 3\n", "suppress must be a list of tables"),
    ("[[suppress]]\nline = \"three\"\n", "line must be a line number"),
    ('[vocabulary.services]\n"orders table" = "nosql"\n', "unknown service"),
    ('[vocabulary.resources]\n"archive" = "Archive"\n', "must name resource types"),
    ('format = "pdf"\n', "format must be one of"),
])
def test_broken_config_is_a_one_line_error(tmp_path: Path, elsewhere: Path, capsys, content: str, message: str) -> None:
    task = make_task(tmp_path / "task", [BILLING_RIGHT])
    (task / ".iac-verify.toml").write_text(content)
    code, out, err = run(["check", str(task)], capsys)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_broken_pyproject_table_is_an_error_but_a_foreign_broken_pyproject_is_not(tmp_path: Path, elsewhere: Path) -> None:
    task = make_task(tmp_path / "task", [BILLING_RIGHT])
    (task / "pyproject.toml").write_text("[tool.iac-verify]\nfail-on = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        discover(task, elsewhere)
    (task / "pyproject.toml").write_text('[project]\nname = "iac-verify-user\n')
    assert discover(task, elsewhere) == Config()
    (task / "pyproject.toml").write_text('[[tool.iac-verify.suppress]]\nline = 3\nline = 4\n')
    with pytest.raises(ConfigError, match="not valid TOML"):
        discover(task, elsewhere)


def test_unknown_keys_are_warnings(tmp_path: Path, elsewhere: Path, capsys) -> None:
    task = make_task(tmp_path / "task", [BILLING_RIGHT])
    (task / ".iac-verify.toml").write_text('fail_on = "never"\ncolour = "red"\n[vocabulary]\nverbs = {}\n[[suppress]]\nline = 99\nwhy = "x"\n')
    code, result = run_json(["check", str(task)], capsys)
    assert code == 0 and result["gate"]["fail_on"] == "never"  # fail_on is read as fail-on
    warnings = "\n".join(result["warnings"])
    assert "unknown key 'colour' ignored" in warnings
    assert "unknown key 'verbs' ignored" in warnings
    assert "suppress[0]: unknown key 'why' ignored" in warnings
    assert load(task / ".iac-verify.toml").warnings == tuple(w for w in result["warnings"] if "unknown key" in w)


def test_report_key_is_honoured(tmp_path: Path, elsewhere: Path, capsys) -> None:
    task = make_task(tmp_path / "task", [MEMORY_WRONG], report="docs/REVIEW.md")
    assert run(["check", str(task)], capsys)[0] == 2  # no lib/MODEL_FAILURES.md
    (task / ".iac-verify.toml").write_text('report = ["lib/NOT_THERE.md", "docs/*.md"]\n')
    code, result = run_json(["check", str(task)], capsys)
    assert code == 1 and result["report"] == "docs/REVIEW.md"
    (task / ".iac-verify.toml").write_text('report = "reports/*.md"\n')
    code, _out, err = run(["check", str(task)], capsys)
    assert code == 2 and "looked for reports/*.md" in err
    code, result = run_json(["check", str(task), "--report", "docs/REVIEW.md"], capsys)
    assert code == 1 and result["report"] == "docs/REVIEW.md"  # the flag wins


def test_include_and_exclude_are_honoured(tmp_path: Path, elsewhere: Path, capsys) -> None:
    task = make_task(tmp_path / "task", [MEMORY_WRONG])
    (task / "lib" / "Other.yml").write_text(TEMPLATE.replace("MemorySize: 512", "MemorySize: 256").replace("OrdersTable", "Table2")
                                            .replace("WorkerFunction", "Fn2").replace("Archive:", "Archive2:"))
    code, result = run_json(["check", str(task)], capsys)
    assert sorted(result["artifacts"]["final"]) == ["lib/Other.yml", "lib/TapStack.yml"]
    assert claim_at(result, 3)["verdict"] == "supported"  # some function has 256 MB
    (task / ".iac-verify.toml").write_text('exclude = ["lib/Other.yml"]\n')
    code, result = run_json(["check", str(task)], capsys)
    assert result["artifacts"]["final"] == ["lib/TapStack.yml"] and claim_at(result, 3)["verdict"] == "contradicted" and code == 1
    (task / ".iac-verify.toml").write_text('include = ["Other.yml"]\n')
    code, result = run_json(["check", str(task)], capsys)
    assert result["artifacts"]["final"] == ["lib/Other.yml"] and claim_at(result, 3)["verdict"] == "supported" and code == 0


def test_vocabulary_extends_extraction(tmp_path: Path, elsewhere: Path, capsys) -> None:
    lines = ["- The worker timeout is 45 seconds.", "- The template creates an event archive.", "- The ledger has point-in-time recovery enabled."]
    task = make_task(tmp_path / "task", lines)
    code, result = run_json(["check", str(task)], capsys)
    assert [c["line"] for c in result["claims"]] == [5]  # "worker" and "event archive" mean nothing by default
    (task / ".iac-verify.toml").write_text('[vocabulary.services]\nworker = "lambda"\nledger = "dynamodb"\n'
                                           '[vocabulary.resources]\n"event archive" = "AWS::Events::Archive"\n')
    code, result = run_json(["check", str(task)], capsys)
    timeout = claim_at(result, 3)
    assert (timeout["concept"], timeout["verdict"], timeout["actual"]) == ("lambda.timeout", "contradicted", 30)
    archive = claim_at(result, 4)
    assert (archive["concept"], archive["verdict"]) == ("exists.vocabulary.event_archive", "supported")
    pitr = claim_at(result, 5)
    assert (pitr["concept"], pitr["subject"]["service"], pitr["verdict"]) == ("dynamodb.pitr", "dynamodb", "contradicted")
    assert code == 1
    # the words were for that run only
    assert [c["line"] for c in check_task(task, config=Config())["claims"]] == [5]


def test_gate_functions_for_batch() -> None:
    rows = [{"verdict": "unverifiable", "scope": "final", "confidence": 0.4},
            {"verdict": "contradicted", "scope": "model", "confidence": 0.9, "suppressed": True}]
    result = {"claims": rows, "gate": gate.evaluate(rows)}
    assert result["gate"]["failed"] is False and gate.exit_code([result]) == 0
    assert gate.regate(result, "unverifiable")["gate"]["failed"] is True and gate.exit_code([result]) == 1
    assert gate.regate(result, min_confidence=0.5)["gate"]["failed"] is False  # keeps fail-on, drops the low claim
    assert gate.summarize(rows) == {"claims": 1, "supported": 0, "contradicted": 0, "unverifiable": 1,
                                    "by_scope": {"final": {"supported": 0, "contradicted": 0, "unverifiable": 1}}, "suppressed": 1}


# ---- integration files ---------------------------------------------------------------------


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(hooks, list)
    [hook] = [h for h in hooks if h["id"] == "iac-verify"]
    assert hook["entry"].split()[:2] == ["iac-verify", "check"] and hook["language"] == "python"
    assert hook["pass_filenames"] is False and hook["args"] == ["."]
    assert re.search(hook["files"], "lib/MODEL_FAILURES.md") and re.search(hook["files"], "lib/TapStack.yml")
    assert re.search(hook["files"], "main.tf") and not re.search(hook["files"], "src/app.go")


def test_github_actions_example() -> None:
    workflow = yaml.safe_load((REPO / "docs" / "github-actions-example.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    [job] = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "pip install" in runs
    assert re.search(r"iac-verify check \S+ .*--format sarif --output iac-verify\.sarif", runs)
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == "iac-verify.sarif" and "always()" in upload["if"]
    readme = (REPO / "README.md").read_text()
    assert (REPO / "docs" / "github-actions-example.yml").read_text().strip() in readme  # README shows the same workflow
