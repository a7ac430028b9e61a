"""Process facts of a task folder: tests counted by parsing, results, coverage, outputs, linters.

Every expected number below was counted by hand from the fixture files under
``tests/fixtures/process`` (see the comments next to each declaration there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from verifier.process import lint as process_lint
from verifier.process import read_process_facts
from verifier.process.discovery import classify
from verifier.process.js_tests import count_js_tests
from verifier.process.model import TestInventory, Totals
from verifier.process.py_tests import count_python_tests
from verifier.process.xmlsafe import XmlRefused, parse_xml

FIXTURES = Path(__file__).parent / "fixtures" / "process"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
JSTS = FIXTURES / "jsts_task"
PYTHON = FIXTURES / "python_task"
GO_JAVA = FIXTURES / "go_java_task"
REPORTS = FIXTURES / "reports_task"


def _facts(root: Path):
    warnings: list[str] = []
    return read_process_facts(root, warnings), warnings


def _rows(inventory: TestInventory, path: str) -> list[tuple[str, int, int, int, int]]:
    test_file = inventory.file(path)
    assert test_file is not None, f"{path} not counted; have {[f.path for f in inventory.files]}"
    return [(test.name, test.line, test.count, test.skipped, test.todo) for test in test_file.tests]


# --- JavaScript / TypeScript ----------------------------------------------------------------


def test_jest_file_with_nested_describe_each_tables_skip_and_todo():
    facts, _ = _facts(JSTS)
    assert _rows(facts.tests, "test/tap-stack.unit.test.ts") == [
        ("creates a VPC", 12, 1, 0, 0),
        ("instance %s has %d vCPUs", 16, 3, 0, 0),  # array table of 3 rows
        ("port $port/$protocol", 25, 4, 0, 0),  # tagged template: 12 substitutions / 3 columns
        ("bucket ${name} is encrypted", 37, 3, 0, 0),  # BUCKETS.forEach over a 3-element const
        ("has a replica", 43, 2, 0, 0),  # inside describe.each of 2 regions
        ("has lifecycle rules", 47, 2, 2, 0),
        ("checks object lock", 50, 1, 0, 1),
        ("a", 54, 1, 1, 0),  # describe.skip
        ("b", 55, 1, 1, 0),
        ("legacy check", 58, 1, 1, 0),  # xit
        ("runs concurrently", 60, 1, 0, 0),
        ("regex calls are not tests", 62, 1, 0, 0),
    ]
    test_file = facts.tests.file("test/tap-stack.unit.test.ts")
    assert (test_file.kind, test_file.framework, test_file.language) == ("unit", "jest", "typescript")
    assert (test_file.count, test_file.skipped, test_file.todo, test_file.exact) == (21, 5, 1, True)
    assert test_file.tests[4].suite == ("TapStack", "storage", "in %s")


def test_only_leaves_the_other_tests_of_the_file_skipped():
    facts, _ = _facts(JSTS)
    assert _rows(facts.tests, "test/unit/focus.test.js") == [
        ("runs", 2, 1, 0, 0),
        ("is left out", 3, 1, 1, 0),
        ("runs too", 6, 1, 0, 0),  # inside describe.only
        ("still skipped", 7, 1, 1, 0),
        ("also left out", 11, 1, 1, 0),
        ("focused by fit", 12, 1, 0, 0),
    ]
    test_file = facts.tests.file("test/unit/focus.test.js")
    assert test_file.focused and test_file.kind == "unit" and test_file.language == "javascript"


def test_vitest_file_with_for_table_skip_if_and_todo():
    facts, _ = _facts(JSTS)
    test_file = facts.tests.file("tests/integration/api.spec.ts")
    assert (test_file.framework, test_file.kind) == ("vitest", "integration")
    assert _rows(facts.tests, "tests/integration/api.spec.ts") == [
        ("lists items", 4, 1, 0, 0),
        ("item %i", 8, 5, 0, 0),
        ("local only", 12, 1, 0, 0),  # skipIf(condition) is counted as running
        ("pagination", 14, 1, 0, 1),
    ]


def test_loop_over_runtime_data_counts_once_and_is_marked_inexact():
    facts, _ = _facts(JSTS)
    test_file = facts.tests.file("test/tap-stack.int.test.ts")
    assert (test_file.kind, test_file.count, test_file.exact) == ("integration", 4, False)
    assert [test.exact for test in test_file.tests] == [True, True, True, False]


def test_javascript_syntax_error_warns_and_the_other_files_are_still_counted():
    facts, warnings = _facts(JSTS)
    broken = facts.tests.file("test/broken.test.ts")
    assert broken.error == "syntax error at line 5" and not broken.exact
    assert warnings == ["test/broken.test.ts: syntax error at line 5; tests counted from what parsed"]
    assert facts.tests.by_kind["unit"] == Totals(files=2, total=27, skipped=8, todo=1, exact=True)
    assert facts.tests.by_kind["integration"] == Totals(files=2, total=12, skipped=0, todo=1, exact=False)


def test_vendored_generated_and_compiled_files_are_not_counted():
    facts, _ = _facts(JSTS)
    assert sorted(f.path for f in facts.tests.files) == [
        "test/broken.test.ts",
        "test/tap-stack.int.test.ts",
        "test/tap-stack.unit.test.ts",
        "test/unit/focus.test.js",
        "tests/integration/api.spec.ts",
    ]  # not node_modules/, cdk.out/, lib/, nor test/helpers.ts which declares no test
    assert facts.tests.left_out == [("test/tap-stack.unit.test.js", "compiled twin of test/tap-stack.unit.test.ts")]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # tagged template whose substitutions do not fill the last row: rounded up, inexact
        ("test.each`\n a | b\n ${1} | ${2}\n ${3}\n`('x', () => {});", [(2, 0, 0, False)]),
        ("const CASES = [[1], [2]] as const;\ntest.each(CASES)('x %s', () => {});", [(2, 0, 0, True)]),
        ("Object.entries({a: 1, b: 2, c: 3}).forEach(([k]) => { it(k, () => {}); });", [(3, 0, 0, True)]),
        ("let rows = [1, 2];\ntest.each(rows)('x', () => {});", [(1, 0, 0, False)]),  # not const
        ("describe.each([1, 2])('d', () => { it.each([1, 2, 3])('t', () => {}); });", [(6, 0, 0, True)]),
        ("it.skip.each([1, 2])('t', () => {});", [(2, 2, 0, True)]),
        ("function helper() { test('inside a helper', () => {}); }", [(1, 0, 0, False)]),
        ("if (process.env.CI) { test('conditional', () => {}); }", [(1, 0, 0, False)]),
        ("const r = /x/; r.test('x'); expect(1).toBe(1); test.extend({})('x', () => {});", []),
        ("test('no callback');", [(1, 0, 1, True)]),
        ("for (const region of ['a', 'b']) { describe(region, () => { test('t', () => {}); }); }", [(2, 0, 0, True)]),
    ],
)
def test_js_counter_edge_cases(source: str, expected: list[tuple[int, int, int, bool]]):
    tests, _, error = count_js_tests(source, "typescript")
    assert error is None
    assert [(test.count, test.skipped, test.todo, test.exact) for test in tests] == expected


def test_deep_nesting_does_not_exhaust_the_stack():
    source = "describe('d', () => {" * 400 + "test('deep', () => {});" + "});" * 400
    tests, _, error = count_js_tests(source, "javascript")
    assert error is None and len(tests) == 1 and len(tests[0].suite) == 400


def test_missing_grammar_is_one_warning_per_language_and_python_still_counts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from verifier.process import treesitter

    def missing(language: str):
        raise treesitter.GrammarMissing("tree_sitter is not installed")

    monkeypatch.setattr(treesitter, "parser_for", missing)
    root = tmp_path / "task"
    shutil.copytree(JSTS, root)
    shutil.copytree(PYTHON / "tests", root / "tests", dirs_exist_ok=True)
    facts, warnings = _facts(root)
    assert sorted(warnings) == [
        "tree_sitter is not installed (needed for javascript tests): 1 possible test file(s) not counted",
        "tree_sitter is not installed (needed for typescript tests): 5 possible test file(s) not counted",  # test/helpers.ts too
    ]
    assert facts.tests.totals() == Totals(files=3, total=31, skipped=5, todo=0, exact=True)


# --- Python -----------------------------------------------------------------------------------


def test_pytest_file_with_classes_stacked_parametrize_and_params():
    facts, _ = _facts(PYTHON)
    assert _rows(facts.tests, "tests/unit/test_stack.py") == [
        ("test_module_level", 10, 1, 0, 0),
        ("test_async_module_level", 14, 1, 0, 0),
        ("test_stacked", 20, 6, 0, 0),  # REGIONS (3) x [1, 2]
        ("test_params", 32, 3, 1, 0),  # one pytest.param marked skip
        ("test_skipped", 37, 1, 1, 0),
        ("test_encrypted", 42, 1, 0, 0),
        ("test_versioning", 46, 2, 0, 0),
        ("test_name", 55, 2, 0, 0),  # class-level parametrize over 2 envs
        ("test_zones", 59, 6, 0, 0),  # 2 envs x 3 zones
    ]  # TestWithInit (has __init__) and Helper (not Test*) are not collected
    test_file = facts.tests.file("tests/unit/test_stack.py")
    assert (test_file.kind, test_file.framework, test_file.count, test_file.skipped) == ("unit", "pytest", 23, 2)


def test_unittest_file_with_inherited_methods_and_skips():
    facts, _ = _facts(PYTHON)
    test_file = facts.tests.file("tests/integration/test_live.py")
    assert (test_file.kind, test_file.framework) == ("integration", "unittest")
    assert [(t.suite, t.name, t.skipped) for t in test_file.tests] == [
        (("BaseCase",), "test_ready", 0),
        (("LiveStackTest",), "test_ready", 0),  # inherited from BaseCase
        (("LiveStackTest",), "test_bucket", 0),
        (("LiveStackTest",), "test_queue", 1),
        (("DisabledTest",), "test_one", 1),
        (("DisabledTest",), "test_two", 1),
    ]


def test_python_kinds_by_name_and_folder_and_files_that_are_not_tests():
    facts, warnings = _facts(PYTHON)
    assert warnings == []
    kinds = {f.path: f.kind for f in facts.tests.files}
    assert kinds == {
        "tests/tap_stack_integration_test.py": "integration",
        "tests/integration/test_live.py": "integration",
        "tests/unit/test_stack.py": "unit",
    }  # conftest.py, tests/unit/helpers.py and lib/tap_stack.py are not test files
    assert facts.tests.by_kind["integration"] == Totals(files=2, total=8, skipped=3, todo=0, exact=True)


def test_python_syntax_error_warns_and_the_other_files_are_still_counted(tmp_path: Path):
    root = tmp_path / "task"
    shutil.copytree(PYTHON, root)
    (root / "tests" / "unit" / "test_broken.py").write_text("def test_fine():\n    pass\n\n\ndef test_broken(:\n    pass\n")
    facts, warnings = _facts(root)
    assert warnings == ["tests/unit/test_broken.py: syntax error at line 5 (invalid syntax); its tests are not counted"]
    broken = facts.tests.file("tests/unit/test_broken.py")
    assert (broken.count, broken.error, broken.exact) == (0, "syntax error at line 5", False)
    assert facts.tests.totals("unit") == Totals(files=2, total=23, skipped=2, todo=0, exact=False)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import pytest\n@pytest.mark.parametrize('x', [])\ndef test_a(x): pass\n", [(1, 1, True)]),
        ("import pytest\npytestmark = pytest.mark.skip\ndef test_a(): pass\ndef test_b(): pass\n", [(1, 1, True)] * 2),
        (
            "import pytest\npytestmark = [pytest.mark.parametrize('x', [1, 2, 3])]\ndef test_a(x): pass\n",
            [(3, 0, True)],
        ),
        ("import pytest\npytest.skip('no', allow_module_level=True)\ndef test_a(): pass\n", [(1, 1, True)]),
        ("import pytest\n@pytest.mark.parametrize('x', list(range(4)))\ndef test_a(x): pass\n", [(1, 0, False)]),
        ("class TestOff:\n    __test__ = False\n    def test_a(self): pass\n", []),
        ("def testCamel(): pass\ndef tset_not(): pass\n", [(1, 0, True)]),
    ],
)
def test_python_counter_edge_cases(source: str, expected: list[tuple[int, int, bool]]):
    tests, _ = count_python_tests(source, "test_x.py")
    assert [(test.count, test.skipped, test.exact) for test in tests] == expected


# --- Go and Java ------------------------------------------------------------------------------


def test_go_tests_ignore_comments_strings_lowercase_main_and_benchmarks():
    facts, warnings = _facts(GO_JAVA)
    assert warnings == []
    assert _rows(facts.tests, "test/stack_test.go") == [
        ("TestVpcCidr", 12, 1, 0, 0),
        ("TestBucket_Encryption", 19, 1, 0, 0),
        ("TestSkipped", 21, 1, 1, 0),
        ("TestConditionallySkipped", 25, 1, 0, 0),  # t.Skip under an if: runs
    ]
    assert facts.tests.file("test/stack_test.go").kind == "unknown"


def test_go_build_tag_marks_integration_and_import_alias_is_followed():
    facts, _ = _facts(GO_JAVA)
    test_file = facts.tests.file("test/live_test.go")
    assert (test_file.kind, [t.name for t in test_file.tests]) == ("integration", ["TestLiveStack", "TestLiveOutputs"])


def test_junit_java_methods_parameterized_repeated_disabled_and_nested():
    facts, _ = _facts(GO_JAVA)
    assert _rows(facts.tests, "src/test/java/com/example/StackTest.java") == [
        ("createsBucket", 12, 1, 0, 0),
        ("createsQueue", 15, 1, 1, 0),
        ("namesEnvironment", 19, 3, 0, 0),
        ("cidrSizes", 23, 2, 0, 0),
        ("isIdempotent", 27, 4, 0, 0),
        ("usesKms", 36, 1, 0, 0),
    ]
    it_file = facts.tests.file("src/test/java/com/example/StackIT.java")
    assert (it_file.kind, it_file.framework, it_file.count, it_file.skipped) == ("integration", "junit", 2, 1)
    assert facts.tests.by_kind["unknown"] == Totals(files=2, total=16, skipped=2, todo=0, exact=True)


@pytest.mark.parametrize(
    ("rel", "language", "kind"),
    [
        ("test/tap-stack.unit.test.ts", "typescript", "unit"),
        ("test/tap-stack.int.test.ts", "typescript", "integration"),
        ("test/api.integration.test.js", "javascript", "integration"),
        ("tests/stack_integration_test.py", "python", "integration"),
        ("tests/unit/test_stack.py", "python", "unit"),
        ("tests/integration/test_stack.py", "python", "integration"),
        ("test/integ/stack.test.ts", "typescript", "integration"),
        ("test/unit/stack.test.ts", "typescript", "unit"),
        ("test/integration/stack.unit.test.ts", "typescript", "unit"),  # the name wins over the folder
        ("test/tap-stack.test.ts", "typescript", "unknown"),
        ("test/git-it.test.ts", "typescript", "unknown"),  # "it" counts only as a folder or Java suffix
        ("src/test/java/StackIT.java", "java", "integration"),
        ("src/it/java/StackTest.java", "java", "integration"),
        ("int_test/community_test.go", "go", "unknown"),
    ],
)
def test_unit_or_integration_classification(rel: str, language: str, kind: str):
    assert classify(rel, language) == kind


# --- results, coverage, outputs --------------------------------------------------------------


def test_results_from_junit_xml_jest_json_and_pytest_json():
    facts, warnings = _facts(REPORTS)
    got = {r.path: (r.format, r.tests, r.passed, r.failed, r.errors, r.skipped, r.todo, r.suites) for r in facts.results}
    assert got == {
        "junit.xml": ("junit-xml", 5, 2, 1, 1, 1, 0, 2),
        "test-results/summary.xml": ("junit-xml", 22, 20, 0, 0, 2, 0, 1),  # attributes only
        "test-results.json": ("jest-json", 75, 73, 1, 0, 1, 0, 4),
        "reports/pytest-report.json": ("pytest-json", 13, 10, 2, 0, 1, 0, None),
    }  # reports/unrelated-report.json is JSON of another shape: ignored without a warning
    assert "test-results/bomb.xml: declares a DTD or entities; not parsed" in warnings
    assert "test-results/broken.xml: malformed XML (no element found: line 2, column 0)" in warnings


def test_xml_entities_are_never_expanded():
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><testsuite name="&a;"/>'
    with pytest.raises(XmlRefused):
        parse_xml(bomb)
    with pytest.raises(XmlRefused):
        parse_xml('<testsuite name="&undeclared;"/>')
    assert parse_xml('<?xml version="1.0" encoding="UTF-8"?><testsuite tests="3"/>').get("tests") == "3"


def test_coverage_from_each_format():
    facts, _ = _facts(REPORTS)
    got = [(f.format, f.path, f.kind, round(f.percent, 2), f.covered, f.total) for f in facts.coverage.figures]
    assert got == [
        ("istanbul-summary", "coverage/coverage-summary.json", "lines", 85.91, 1213, 1412),
        ("istanbul-summary", "coverage/coverage-summary.json", "statements", 86.0, 1290, 1500),
        ("istanbul-summary", "coverage/coverage-summary.json", "branches", 75.0, 150, 200),
        ("istanbul-summary", "coverage/coverage-summary.json", "functions", 91.67, 110, 120),
        ("coverage.py-json", "coverage.json", "overall", 91.3, None, None),
        ("coverage.py-json", "coverage.json", "lines", 90.91, 40, 44),
        ("coverage.py-json", "coverage.json", "branches", 100.0, 2, 2),
        ("cobertura", "coverage/cobertura-coverage.xml", "lines", 85.91, 1213, 1412),
        ("cobertura", "coverage/cobertura-coverage.xml", "branches", 75.0, 150, 200),
        ("cobertura", "python/coverage.xml", "lines", 90.91, 40, 44),  # branch-rate without branches: left out
        ("lcov", "coverage/lcov.info", "lines", 80.0, 32, 40),
        ("lcov", "coverage/lcov.info", "branches", 50.0, 2, 4),
        ("lcov", "coverage/lcov.info", "functions", 60.0, 3, 5),
        ("metadata", "metadata.json", "lines", 97.5, None, None),
        ("metadata", "metadata.json", "branches", 90.0, None, None),
        ("metadata", "metadata.json", "overall", 88.0, None, None),
    ]
    assert facts.coverage.get("lines").path == "coverage/coverage-summary.json"
    assert facts.coverage.get("overall").path == "coverage.json"
    assert [f.path for f in facts.coverage.by_kind()["functions"]] == ["coverage/coverage-summary.json", "coverage/lcov.info"]


def test_outputs_flat_per_stack_and_top_level_with_first_file_winning():
    facts, warnings = _facts(REPORTS)
    assert {name: (value.value, value.path) for name, value in facts.outputs.items()} == {
        "BucketName": ("tap-bucket-dev", "cfn-outputs/flat-outputs.json"),
        "QueueUrl": ("https://sqs.us-east-1.amazonaws.com/123456789012/tap-queue", "cfn-outputs/flat-outputs.json"),
        "ApiUrl": ("https://abc.execute-api.us-east-1.amazonaws.com/prod", "cfn-outputs/all-outputs.json"),
        "TableName": ("tap-table-dev", "flat-outputs.json"),
    }
    assert "cfn-outputs/broken.json: broken JSON at line 2: Expecting value; not used" in warnings
    assert "flat-outputs.json: output QueueUrl differs from cfn-outputs/flat-outputs.json; the first is kept" in warnings


def test_reports_folder_has_no_tests_and_all_warnings_are_one_line():
    facts, warnings = _facts(REPORTS)
    assert facts.tests.files == [] and facts.tests.totals() == Totals()
    assert len(warnings) == 4 and all("\n" not in warning for warning in warnings)


def test_missing_folder_and_refused_files_become_warnings(tmp_path: Path):
    facts, warnings = _facts(tmp_path / "absent")
    assert facts.tests.files == [] and warnings == [f"{tmp_path / 'absent'}: not a folder; no process facts read"]
    root = tmp_path / "task"
    (root / "test").mkdir(parents=True)
    (root / "test" / "ok.test.ts").write_text("test('a', () => {});\n")
    (root / "test" / "binary.test.ts").write_bytes(b"test('x')\x00\x00")
    outside = tmp_path / "outside.test.ts"
    outside.write_text("test('secret', () => {});\n")
    (root / "test" / "link.test.ts").symlink_to(outside)
    facts, warnings = _facts(root)
    assert [(f.path, f.count) for f in facts.tests.files] == [("test/ok.test.ts", 1)]
    assert sorted(warnings) == [
        "test/binary.test.ts: binary file (NUL bytes); not read; its tests are not counted",
        "test/link.test.ts: points outside the task folder; not read; its tests are not counted",
    ]


def test_reading_facts_without_test_files_loads_neither_tree_sitter_nor_cfn_lint():
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from verifier.process import read_process_facts
        facts = read_process_facts(Path({str(REPORTS)!r}), [])
        assert facts.results and facts.coverage.figures and facts.outputs
        print(sorted(m for m in sys.modules if m.startswith(("tree_sitter", "cfnlint"))))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- linters ------------------------------------------------------------------------------------


def test_cfn_lint_reports_the_invalid_property_rule():
    warnings: list[str] = []
    findings = process_lint.cfn_lint_errors(FIXTURES / "lint" / "bad-template.yml", warnings=warnings)
    assert warnings == []
    assert [(f.rule_id, f.severity, f.line) for f in findings] == [("E3002", "error", 7)]
    assert "BucketNam" in findings[0].message
    assert process_lint.cfn_lint_errors(FIXTURES / "lint" / "good-template.yml") == []


def test_cfn_lint_refuses_a_template_outside_the_root(tmp_path: Path):
    warnings: list[str] = []
    root = tmp_path / "task"
    root.mkdir()
    (root / "t.yml").symlink_to(FIXTURES / "lint" / "bad-template.yml")
    assert process_lint.cfn_lint_errors(root / "t.yml", root=root, warnings=warnings) is None
    assert warnings == ["t.yml: points outside the task folder; not read; not linted"]


def test_terraform_fmt_check_is_none_without_the_binary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(process_lint.shutil, "which", lambda name: None)
    assert process_lint.terraform_fmt_check(tmp_path) is None


def test_terraform_fmt_check_reads_the_files_to_reformat(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    fake = tmp_path / "terraform"
    fake.write_text('#!/bin/sh\n[ "$*" = "fmt -check -recursive -no-color" ] || exit 9\necho main.tf\necho modules/vpc.tf\nexit 3\n')
    fake.chmod(0o755)
    monkeypatch.setattr(process_lint.shutil, "which", lambda name: str(fake))
    result = process_lint.terraform_fmt_check(tmp_path)
    assert result == process_lint.FmtCheck(False, ["main.tf", "modules/vpc.tf"], 3)
