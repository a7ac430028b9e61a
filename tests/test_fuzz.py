"""Property-based fuzzing of every reader on untrusted input: reports, templates, HCL, CDK, tests, metadata.

Properties: nothing raises, claims point at real text, and problems become one-line warnings
(never the safety-net warnings that mean a reader or a check crashed inside). The default run is
short; ``HYPOTHESIS_PROFILE=long python -m pytest -q tests/test_fuzz.py`` runs 50 times as many
examples. Mutation tests read ``sample_stacks/`` and, when present, ``/work/shared/corpus``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claims import read_claims
from verifier.api import InputError, check_task
from verifier.fences import fences
from verifier.task import load_task

SCALE = {"long": 50}.get(os.environ.get("HYPOTHESIS_PROFILE", ""), 1)
REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_stacks"
CORPUS = Path(os.environ.get("IAC_VERIFY_CORPUS", "/work/shared/corpus"))

# Warnings the safety nets write when a reader or a check raised: each one is a crash to fix at its source.
INTERNAL_ERROR = re.compile(
    r"failed on this claim \(|could not be loaded \(|could not be read \(|could not be read statically \("
)


def fuzz(examples: int) -> settings:
    """Hypothesis settings for one fuzz test: ``examples`` by default, ``SCALE`` times more when long."""
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# --- a grammar of report-like Markdown ----------------------------------------------------------

CLAIM_PHRASES = [
    "The Lambda function has 256MB memory and a 120s timeout.",
    "KMS key rotation enabled",
    "S3 bucket versioning is disabled",
    "the model used `BillingMode: PROVISIONED`",
    "16 AWS resources",
    "3 outputs and two log groups",
    "36 unit tests, 75/75 passed, 12 passed, 0 failed",
    "no deployment guidance",
    "No DLQ configured for the queue",
    "The role lacks `sns:Publish`",
    "Lambda runtime `python3.12` on arm64",
    "DynamoDB table with PITR and `DeletionPolicy: Retain`",
    "log retention of 30 days; logs were kept forever",
    "training quality 8/10",
    "platform: CloudFormation (YAML)",
    "coverage of 97.5%",
    "Deployed to us-east-1 region",
    "All requirements met",
    "Total issues: 4",
    "`OrdersTable` uses `!GetAtt OrdersTable.Arn` and `Fn::Sub`",
    "Parameter `EnvironmentSuffix` defaults to `dev`",
    "`orders-${EnvironmentSuffix}` is the table name",
    "IAM policy grants `s3:*` on `*`",
    "AWSLambdaBasicExecutionRole managed policy attached",
    "`memory_size = 512` and `timeout = 30` in `aws_lambda_function.api`",
    "`memorySize: 1024` in the CDK stack",
    "Multi-AZ enabled, deletion protection disabled, tracing Active",
    "SQS visibility timeout 30 seconds and 4 days retention",
    "instance type `t3.micro`, engine `postgres`",
]
LABELS = ["MODEL_RESPONSE Issue", "Fixed Code", "Original Code", "IDEAL_RESPONSE Fix", "Impact", "Root Cause"]
ODD_TEXT = [
    "\x00", "\ud800", "\udcff", "\\ud83d", "\ufeff", "\u2028", "\x0b", "\x0c", "\x85", "\r", "\t", "\u200b",
    "<!--", "-->", "<!-- iac-verify: ignore -->", "<!-- iac-verify: ignore-next-line -->", "<!-- iac-verify: disable -->",
    "<!-- iac-verify: enable: reason -->", "<!-- iac-verify: bogus", "**", "__", "`", "```", "~~~", "|", "\\|", "[x]", "[ ]", "✅", "❌", "⚠️", "🔴", "&amp;",
    "<div>", "</div>", "${", "}", "*", "_", "#", ">", "1.", "-", "…", "“", "”", "é", "€", "\u0301",
]
UNITS = ["MB", "GB", "s", "seconds", "ms", "days", "%", "minutes", "TB", " MiB", "x", ""]
CODE_SNIPPETS = {
    "yaml": [
        "MemorySize: 256",
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 512\n      Timeout: 30",
        "Resource: !GetAtt OrdersTable.Arn",
        "Tags:\n  - Key: team\n    Value: core\n  - Key: env\n    Value: !Ref Env",
        "# Before\nBillingMode: PROVISIONED\n# After\nBillingMode: PAY_PER_REQUEST",
        "Properties:\n  KmsMasterKeyId: !Ref Key\n  ...\n",
        "a: &x [1, 2]\nb: *x\nc: !Sub '${A}-${B}'",
        "Resources: [unclosed",
    ],
    "json": [
        '{"MemorySize": 256}',
        '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "\\ud800"}}}}',
        '{"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {"BillingMode": "PROVISIONED"}}}}',
        '{"Fn::Join": ["", [1, null, {"Ref": "X"}]]}',
        '{"Resources": 5}',
        "[1, 2,",
    ],
    "hcl": [
        'resource "aws_lambda_function" "api" {\n  memory_size = 256\n  timeout = 30\n}',
        'resource "aws_s3_bucket_versioning" "v" {\n  versioning_configuration {\n    status = "Enabled"\n  }\n}',
        'variable "env" {\n  default = "dev"\n}\nlocals {\n  n = "x-${var.env}"\n}',
        'resource "aws_iam_policy" "p" {\n  policy = jsonencode({Statement = [{Action = ["s3:*"], Resource = "*"}]})\n}',
        'resource "aws_sqs_queue" "q" {\n  count = var.n\n  name = "q-${count.index}"\n',
        "module \"m\" {\n  source = \"./mod\"\n}",
    ],
    "typescript": [
        "import * as cdk from 'aws-cdk-lib';\nimport * as lambda from 'aws-cdk-lib/aws-lambda';\n"
        "export class S extends cdk.Stack {\n  constructor(scope: any, id: string) {\n    super(scope, id);\n"
        "    new lambda.Function(this, 'Fn', { memorySize: 256, timeout: cdk.Duration.seconds(30) });\n  }\n}",
        "import * as cdk from 'aws-cdk-lib';\nexport class S extends cdk.Stack {\n  constructor(s, i) { super(s, i);"
        " new cdk.aws_sqs.Queue(this, 'Q', { retentionPeriod: cdk.Duration.days(4) }); }\n}",
        "const x = { a: [1, 2, ...y], b: `t${z}` };",
        "export class S extends Stack { constructor(",
    ],
    "python": [
        "import aws_cdk as cdk\nfrom aws_cdk import aws_lambda as _lambda\n\nclass S(cdk.Stack):\n"
        "    def __init__(self, scope, id):\n        super().__init__(scope, id)\n"
        "        _lambda.Function(self, 'Fn', memory_size=256, timeout=cdk.Duration.seconds(30))\n",
        "from aws_cdk import Stack\nclass S(Stack):\n    def __init__(self, s, i, **kw):\n        super().__init__(s, i, **kw)\n"
        "        self.q = aws_sqs.Queue(self, 'Q', **{'a': 1})\n",
        "def f(:\n",
    ],
}
FENCE_INFOS = {"yaml": ["yaml", "yml", "", "cloudformation"], "json": ["json"], "hcl": ["hcl", "terraform", "tf"],
               "typescript": ["typescript", "ts", "js"], "python": ["python", "py"]}

_word = st.one_of(
    st.sampled_from(CLAIM_PHRASES),
    st.sampled_from(ODD_TEXT),
    st.builds(lambda n, u: f"{n}{u}", st.integers(-5, 10**12), st.sampled_from(UNITS)),
    st.builds(lambda n, u: f"{n:.3g}{u}", st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(UNITS)),
    st.text(max_size=12),
    st.builds(lambda t: f"`{t}`", st.text(max_size=20)),
)
_inline = st.lists(_word, min_size=1, max_size=8).map(" ".join)


def _fence(language: str, info: str, code: str, mark: str, closed: bool) -> str:
    return f"{mark}{info}\n{code}\n" + (mark if closed else "")


def _code(language: str) -> st.SearchStrategy[str]:
    base = st.sampled_from(CODE_SNIPPETS[language])
    return st.one_of(base, st.builds(_splice, base, st.integers(0, 400), st.text(max_size=30)))


def _splice(text: str, at: int, insert: str) -> str:
    at = at % (len(text) + 1)
    return text[:at] + insert + text[at:]


_fenced = st.sampled_from(sorted(CODE_SNIPPETS)).flatmap(
    lambda language: st.builds(
        _fence, st.just(language), st.sampled_from(FENCE_INFOS[language]), _code(language),
        st.sampled_from(["```", "~~~", "````"]), st.booleans(),
    )
)


def _prefixed(block: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in block.split("\n"))


SAMPLE_REPORT_LINES = sorted({line for path in SAMPLES.glob("*/lib/MODEL_FAILURES.md") for line in path.read_text().splitlines() if line.strip()})
_block = st.one_of(
    st.sampled_from(SAMPLE_REPORT_LINES),  # real report lines, read in the context the grammar gives them
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), _inline),
    st.builds(lambda t, u: f"{t}\n{u}", _inline, st.sampled_from(["===", "---"])),
    st.builds(lambda d, m, box, t: "  " * d + m + " " + box + t, st.integers(0, 6),
              st.sampled_from(["-", "*", "+", "1.", "2)", "10."]), st.sampled_from(["", "[x] ", "[ ] ", "✅ "]), _inline),
    st.builds(lambda label, t: f"**{label}**: {t}", st.sampled_from(LABELS), _inline),
    st.builds(lambda rows: "| Claim | Status |\n|---|:-:|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows),
              st.lists(st.tuples(_inline, st.sampled_from(["PASS", "FAIL", "✅", "❌", "x|y", ""])), max_size=4)),
    _fenced,
    st.builds(_prefixed, _fenced, st.sampled_from(["> ", "   ", "- ", "  > "])),
    st.builds(lambda t: f"<!-- {t} -->", _inline),
    st.builds(lambda t: f"<!-- {t}", _inline),  # never closed
    st.builds(lambda t, n: t * n, _inline, st.integers(10, 80)),  # very long line (a few KB)
    st.builds(lambda d, t: "".join("  " * i + "- item\n" for i in range(d)) + "  " * d + "- " + t,
              st.integers(10, 60), _inline),  # deeply nested list
    st.builds(lambda d, t: "> " * d + t, st.integers(5, 200), _inline),  # deep quotes
    _inline,
)
_newline = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n   \n"])
REPORTS = st.lists(st.tuples(_block, _newline), min_size=1, max_size=12).map(
    lambda parts: "".join(block + sep for block, sep in parts)
)
SHORT_REPORTS = st.lists(st.tuples(_block, _newline), min_size=1, max_size=4).map(
    lambda parts: "".join(block + sep for block, sep in parts)
)


def assert_claims_point_at_text(claims, text: str) -> None:
    """Every claim's line is in the document and its quote is found at its column on that line."""
    lines = text.splitlines()
    for claim in claims:
        assert 1 <= claim.line <= len(lines), (claim.line, len(lines), claim.quote)
        raw = lines[claim.line - 1]
        assert claim.column >= 0
        assert raw[claim.column : claim.column + len(claim.quote)] == claim.quote, (claim.line, claim.column, claim.quote, raw)


@fuzz(100)
@given(st.text(max_size=2000))
def test_read_claims_survives_arbitrary_text(text: str):
    claims, parsed = read_claims(text, "r.md")
    assert_claims_point_at_text(claims, text)
    assert all(1 <= line.number <= len(text.splitlines()) for line in parsed.lines)


@fuzz(100)
@given(REPORTS)
def test_read_claims_survives_report_like_text(text: str):
    claims, parsed = read_claims(text, "r.md")
    assert_claims_point_at_text(claims, text)
    for claim in claims:
        json.dumps(claim.to_dict(), default=str)


@fuzz(40)
@given(st.lists(_fenced, min_size=1, max_size=5), st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_fences_report_where_their_content_starts(blocks: list[str], sep: str):
    markdown = sep.join(blocks)
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # CommonMark's line breaks only
    for fence in fences(markdown):
        assert 1 <= fence.first_line <= len(lines) + 1
        first = fence.content.split("\n", 1)[0]
        if fence.content:
            assert first.strip() in lines[fence.first_line - 1].replace("\x00", "\ufffd")  # CommonMark replaces NUL


# --- task folders with fuzzed files ----------------------------------------------------------


@contextmanager
def task_folder(files: dict[str, str | bytes]) -> Iterator[Path]:
    """A throwaway task folder holding ``files`` (hypothesis cannot share pytest's tmp_path)."""
    with tempfile.TemporaryDirectory(prefix="iv-fuzz-") as tmp:
        root = Path(tmp) / "task"
        root.mkdir()
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_bytes(content.encode("utf-8", errors="surrogatepass"))
        yield root


def check_folder(root: Path) -> dict:
    """``check_task`` must return a JSON-ready result whose warnings are one line each and no crash."""
    try:
        result = check_task(root)
    except InputError as exc:
        assert "\n" not in str(exc)
        return {}
    json.dumps(result, default=str)
    assert_warnings_clean(result["warnings"])
    return result


def assert_warnings_clean(warnings: list[str]) -> None:
    for warning in warnings:
        assert "\n" not in warning, warning
        assert not INTERNAL_ERROR.search(warning), warning


REPORT_FOR_LOADERS = (
    "# Report\n\n**MODEL_RESPONSE Issue**: The model used `BillingMode: PROVISIONED` and 128MB memory.\n\n"
    "- The Lambda function has 256MB memory and a 120s timeout\n- KMS key rotation enabled\n"
    "- 16 AWS resources, 3 outputs\n- 36 unit tests, 12 passed, 0 failed, coverage of 90%\n"
    "- training quality 8/10, platform: Terraform (HCL)\n- The role lacks `sns:Publish`\n"
    "- No DLQ for the queue\n- S3 bucket versioning enabled\n- `memory_size = 512`\n"
    "- The stack outputs `BucketName` = `orders-bucket` and 3 outputs were deployed to us-east-1.\n"
)
_bytes_or_text = st.one_of(st.binary(max_size=400), st.text(max_size=400))


def _template_text(fmt: str) -> st.SearchStrategy[str]:
    language = "json" if fmt == "json" else "yaml"
    return st.lists(_code(language), min_size=1, max_size=4).map("\n".join)


@fuzz(25)
@given(st.sampled_from(["yaml", "json"]).flatmap(lambda f: st.tuples(st.just(f), _template_text(f))), _bytes_or_text)
def test_check_task_survives_fuzzed_cloudformation(pair: tuple[str, str], junk: str | bytes):
    fmt, text = pair
    suffix = {"yaml": "yml", "json": "json"}[fmt]
    files = {"lib/MODEL_FAILURES.md": REPORT_FOR_LOADERS, f"lib/TapStack.{suffix}": "Resources:\n" + text,
             "lib/Other.yml": junk if isinstance(junk, bytes) else "Resources:\n" + junk}
    with task_folder(files) as root:
        check_folder(root)


@fuzz(25)
@given(st.lists(_code("hcl"), min_size=1, max_size=4).map("\n".join), _bytes_or_text)
def test_check_task_survives_fuzzed_terraform(text: str, junk: str | bytes):
    files = {"lib/MODEL_FAILURES.md": REPORT_FOR_LOADERS, "lib/main.tf": text, "lib/vars.tf": junk,
             "lib/terraform.tfvars": 'n = 2\nenv = "prod"\n'}
    with task_folder(files) as root:
        check_folder(root)


@fuzz(20)
@given(st.sampled_from(["typescript", "python"]).flatmap(lambda lang: st.tuples(st.just(lang), _code(lang))))
def test_check_task_survives_fuzzed_cdk_source(pair: tuple[str, str]):
    language, code = pair
    name = "lib/tap-stack.ts" if language == "typescript" else "lib/tap_stack.py"
    entry = {"typescript": "npx ts-node bin/tap.ts", "python": "python3 app.py"}[language]
    files = {"lib/MODEL_FAILURES.md": REPORT_FOR_LOADERS, name: code, "cdk.json": json.dumps({"app": entry})}
    with task_folder(files) as root:
        check_folder(root)


@fuzz(15)
@given(st.lists(_fenced, min_size=1, max_size=5).map("\n\n".join), SHORT_REPORTS)
def test_check_task_survives_fuzzed_model_answer(answer: str, report: str):
    files = {"lib/MODEL_FAILURES.md": report + "\n" + REPORT_FOR_LOADERS, "lib/MODEL_RESPONSE.md": answer,
             "lib/IDEAL_RESPONSE.md": answer, "lib/TapStack.yml": CODE_SNIPPETS["yaml"][1]}
    with task_folder(files) as root:
        check_folder(root)
        from verifier.drift import drift

        drift(load_task(root))


_json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=12,
)
_metadata = st.one_of(
    _json_value,
    st.fixed_dictionaries({}, optional={
        "platform": _json_value, "language": _json_value, "training_quality": _json_value, "coverage": _json_value,
        "region": _json_value, "aws_services": _json_value,
    }),
)
TEST_FILE_SNIPPETS = {
    "test/stack.unit.test.ts": "describe('s', () => {\n  test('a', () => {});\n  it.each([[1], [2]])('b %s', () => {});\n});",
    "tests/test_stack.py": "import pytest\n\n@pytest.mark.parametrize('x', [1, 2])\ndef test_a(x):\n    pass\n",
    "stack_test.go": "package main\nimport \"testing\"\nfunc TestA(t *testing.T) {}\n",
    "src/test/java/StackTest.java": "class StackTest { @Test void a() {} @ParameterizedTest void b() {} }",
}
COVERAGE_FILES = ["coverage/coverage-summary.json", "coverage.json", "coverage.xml", "lcov.info", "cfn-outputs/flat-outputs.json",
                  "test-results.json", "junit.xml"]


@fuzz(25)
@given(
    _metadata,
    st.sampled_from(sorted(TEST_FILE_SNIPPETS)).flatmap(
        lambda name: st.tuples(st.just(name), st.builds(_splice, st.just(TEST_FILE_SNIPPETS[name]), st.integers(0, 200), st.text(max_size=20)))
    ),
    st.sampled_from(COVERAGE_FILES),
    st.one_of(_json_value.map(json.dumps), st.binary(max_size=200), st.text(max_size=200),
              st.just("<coverage line-rate='x' branch-rate='0.5'/>"), st.just("LF:10\nLH:x\nBRF:0\nend_of_record\n")),
)
def test_check_task_survives_fuzzed_process_files(metadata, test_file: tuple[str, str], coverage_name: str, coverage):
    name, code = test_file
    files = {"lib/MODEL_FAILURES.md": REPORT_FOR_LOADERS, "metadata.json": json.dumps(metadata), name: code,
             coverage_name: coverage, "lib/TapStack.yml": CODE_SNIPPETS["yaml"][1]}
    with task_folder(files) as root:
        check_folder(root)


# --- mutations of real inputs ---------------------------------------------------------------


def _sample_files() -> list[tuple[Path, str]]:
    """(task folder, file relative to it) for every file of the sample stacks a loader reads."""
    found = []
    for stack in sorted(p for p in SAMPLES.iterdir() if p.is_dir()):
        for path in sorted(stack.rglob("*")):
            if path.is_file() and path.name != "expected.json":
                found.append((stack, path.relative_to(stack).as_posix()))
    return found


SAMPLE_FILES = _sample_files()


def mutate(data: bytes, how: str, at: int, length: int, payload: bytes) -> bytes:
    """Truncate, splice in ``payload``, delete a span, duplicate a span or flip the bits of a byte."""
    if not data:
        return payload
    at %= len(data)
    if how == "truncate":
        return data[:at]
    if how == "splice":
        return data[:at] + payload + data[at:]
    if how == "delete":
        return data[:at] + data[at + length :]
    if how == "duplicate":
        return data[:at] + data[at : at + length] * 3 + data[at:]
    return data[:at] + bytes([data[at] ^ (length % 255 + 1)]) + data[at + 1 :]


MUTATIONS = st.tuples(
    st.sampled_from(["truncate", "splice", "delete", "duplicate", "flip"]),
    st.integers(0, 10**6),
    st.integers(1, 200),
    st.one_of(st.binary(max_size=40), st.sampled_from([b"\x00", b"\xff\xfe", b"{{{{", b"]]]", b"\n  - ", b": &a\n", b"${"])),
)


def run_mutated(stack: Path, rel: str, mutations: list[tuple[str, int, int, bytes]]) -> None:
    with tempfile.TemporaryDirectory(prefix="iv-mut-") as tmp:
        root = Path(tmp) / stack.name
        shutil.copytree(stack, root, symlinks=True, ignore=shutil.ignore_patterns("node_modules", "cdk.out", ".git"))
        target = root / rel
        data = target.read_bytes()
        for how, at, length, payload in mutations:
            data = mutate(data, how, at, length, payload)
        target.write_bytes(data)
        check_folder(root)


@fuzz(12)
@given(st.sampled_from(SAMPLE_FILES), st.lists(MUTATIONS, min_size=1, max_size=3))
def test_mutated_sample_stacks_never_crash(picked: tuple[Path, str], mutations):
    stack, rel = picked
    run_mutated(stack, rel, mutations)


# --- structure-aware mutation: real code with values of the wrong kind -----------------------

BAD_INTRINSICS = [
    {"Ref": 5}, {"Ref": ["a"]}, {"Ref": "NoSuchParameter"}, {"Ref": "AWS::NoValue"}, {"Fn::Sub": 5}, {"Fn::Sub": ["${A}", 5]},
    {"Fn::Sub": "${"}, {"Fn::Sub": ["${X}", {"X": {"Fn::Sub": "${X}"}}]}, {"Fn::Join": "x"}, {"Fn::Join": ["", "x"]},
    {"Fn::Join": [5, [1, None]]}, {"Fn::If": [1]}, {"Fn::If": ["NoSuchCondition", 1, 2]}, {"Fn::FindInMap": ["M"]},
    {"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, 5]}, {"Fn::Select": ["x", 5]}, {"Fn::Select": [99, [1]]},
    {"Fn::Select": [-1, [1]]}, {"Fn::GetAtt": 5}, {"Fn::GetAtt": "A"}, {"Fn::GetAtt": ["A"]}, {"Fn::Split": [",", 5]},
    {"Fn::Base64": {"Ref": "X"}}, {"Fn::ImportValue": []}, {"Fn::Equals": [1]}, {"Condition": 5}, {"Fn::Cidr": ["x", "y", "z"]},
    {"Fn::GetAZs": 5}, {"Fn::And": []}, {"Fn::Not": 5}, {"Fn::Or": [{"Condition": "Nope"}]}, {"Fn::Length": 5},
    {"Fn::ToJsonString": {}}, {"Fn::Transform": 1}, {"Fn::If": ["C", {"Fn::If": ["C", 1, 2]}, {"Ref": "AWS::NoValue"}]},
]
_cfn_value = st.one_of(
    _json_value, st.sampled_from(BAD_INTRINSICS), st.sampled_from(["*", "", "-1", "1e400", "NaN", "true", "arn:aws:s3:::*"]),
    st.integers(-2**70, 2**70), st.lists(st.sampled_from(BAD_INTRINSICS), max_size=3),
    st.dictionaries(st.sampled_from(["Ref", "Fn::Sub", "Fn::GetAtt", "Condition", "Type", "Properties", "Key", "Value"]),
                    _json_value, min_size=1, max_size=2),
)


def _cfn_samples() -> list[tuple[Path, str, dict]]:
    """(stack, template file, the template as plain data) for the CloudFormation sample stacks."""
    from verifier.cfn.template import decode

    found = []
    for stack in sorted(p for p in SAMPLES.iterdir() if p.is_dir()):
        for path in sorted((stack / "lib").glob("TapStack.*")):
            fmt = "json" if path.suffix == ".json" else "yaml"
            found.append((stack, path.name, json.loads(json.dumps(decode(path.read_text(), path.name, fmt)))))
    return found


CFN_SAMPLES = _cfn_samples()


def _paths(node, path=()) -> Iterator[tuple]:
    yield path
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _paths(child, (*path, key))


def _replace(document, path: tuple, value):
    if not path:
        return value
    *parents, last = path
    node = document
    for key in parents:
        node = node[key]
    node[last] = value
    return document


@fuzz(20)
@given(st.data())
def test_ill_typed_values_in_real_templates_never_crash(data):
    """The sample stacks' own reports against their templates with values swapped for the wrong kinds."""
    stack, name, document = data.draw(st.sampled_from(CFN_SAMPLES), label="template")
    document = json.loads(json.dumps(document))
    paths = list(_paths(document))
    for _ in range(data.draw(st.integers(1, 6), label="swaps")):
        path = data.draw(st.sampled_from(paths), label="path")
        try:
            document = _replace(document, path, data.draw(_cfn_value, label="value"))
        except (KeyError, IndexError, TypeError):  # an earlier swap removed the path
            continue
    files = {f"lib/{Path(name).stem}.json": json.dumps(document, allow_nan=True)}
    for extra in ("lib/MODEL_FAILURES.md", "lib/MODEL_RESPONSE.md", "metadata.json", "lib/AWS_REGION"):
        if (stack / extra).is_file():
            files[extra] = (stack / extra).read_bytes()
    with task_folder(files) as root:
        check_folder(root)


HCL_VALUES = [
    '"x"', "0", "-1", "1e309", "true", "null", "[]", "{}", "var.undefined", "local.nope", "aws_s3_bucket.missing.arn",
    'jsonencode({a = [1, "b"]})', 'lookup({}, "k")', "element([], 5)", 'format("%d", "x")', 'cidrsubnet("10.0.0.0/16", 99, 1)',
    'tonumber("x")', '"${var.x}-${count.index}"', "count.index", "each.value", "[for x in var.l : x]",
    "{for k, v in {} : k => v}", "try(var.a, 1)", "max()", "length(5)", "1 / 0", '"a" + 1', "!1", '-"x"', "var.a ? 1 : 2",
    "var.a[5]", "merge(1, 2)", 'file("../../../etc/passwd")', 'templatefile("x", {})', "concat([1], 2)", "range(1e9)",
    'replace("a", "", "b")', "upper(5)", 'split(",", null)', "zipmap([1], [])", "flatten([[[[]]]])", "self.x", "path.module",
    'join(",", [for i in range(100000) : "xxxxxxxxxx"])', "<<EOT\nheredoc ${var.x}\nEOT", "data.aws_caller_identity.current.account_id",
]
_HCL_ASSIGNMENT = re.compile(r"^(\s*[A-Za-z_][\w-]*\s*=\s*)([^\n{\[(]+)$", re.M)
TF_FILES = [(stack, path.relative_to(stack).as_posix()) for stack in sorted(SAMPLES.glob("tf-*"))
            for path in sorted(stack.rglob("*.tf*")) if path.is_file()]


def _swap_values(text: str, pattern: re.Pattern[str], picks: list[tuple[int, str]]) -> str:
    """Replace the values of some of ``pattern``'s matches (group 2) by the picked expressions."""
    matches = list(pattern.finditer(text))
    if not matches:
        return text
    chosen = {index % len(matches): value for index, value in picks}
    parts, last = [], 0
    for index, m in enumerate(matches):
        if index in chosen:
            parts += [text[last : m.start(2)], chosen[index]]
            last = m.end(2)
    return "".join(parts) + text[last:]


@fuzz(15)
@given(st.sampled_from(TF_FILES), st.lists(st.tuples(st.integers(0, 500), st.one_of(st.sampled_from(HCL_VALUES), _word.map(json.dumps))),
                                           min_size=1, max_size=6))
def test_ill_typed_values_in_real_terraform_never_crash(picked: tuple[Path, str], picks):
    stack, rel = picked
    with tempfile.TemporaryDirectory(prefix="iv-tf-") as tmp:
        root = Path(tmp) / stack.name
        shutil.copytree(stack, root)
        target = root / rel
        target.write_text(_swap_values(target.read_text(), _HCL_ASSIGNMENT, picks))
        check_folder(root)


TS_VALUES = [
    "'x'", "0", "-1", "1e309", "true", "null", "undefined", "[]", "{}", "NaN", "cdk.Duration.seconds('x')", "Duration.days(-1)",
    "cdk.Duration.minutes(1e9)", "this", "props!.missing", "props?.a ?? 5", "[...undefined]", "{ ...null }", "`${x}-${y}`",
    "lambda.Runtime.NOT_A_RUNTIME", "s3.BucketEncryption", "new Date()", "(() => 5)()", "Math.max()", "JSON.parse('{')",
    "cdk.Fn.sub('${X}')", "cdk.Fn.join(',', 5)", "cdk.Token.asString(5)", "x as any", "<any>x", "a ? b : c", "1 / 0",
    "'a'.repeat(1e9)", "Array(1e9).fill(0)", "new Array(100000000)", "dataKey", "this.node.tryGetContext('nope')",
]
_TS_PROPERTY = re.compile(r"^(\s*[A-Za-z_]\w*:\s*)([^\n{}\[\]]+?)(?=,?\s*$)", re.M)
_PY_KEYWORD = re.compile(r"^(\s*[a-z_]\w*=)([^\n()\[\]{}]+?)(?=,?\s*$)", re.M)
CDK_FILES = [(stack, path.relative_to(stack).as_posix()) for stack in sorted(SAMPLES.glob("cdk-*"))
             for path in sorted(stack.rglob("*")) if path.suffix in (".ts", ".py") and "lambda" not in path.parts]


@fuzz(15)
@given(st.sampled_from(CDK_FILES), st.lists(st.tuples(st.integers(0, 500), st.one_of(st.sampled_from(TS_VALUES), _word.map(json.dumps))),
                                            min_size=1, max_size=6))
def test_ill_typed_values_in_real_cdk_apps_never_crash(picked: tuple[Path, str], picks):
    stack, rel = picked
    pattern = _PY_KEYWORD if rel.endswith(".py") else _TS_PROPERTY
    if rel.endswith(".py"):
        picks = [(i, v.replace("true", "True").replace("null", "None")) for i, v in picks]
    with tempfile.TemporaryDirectory(prefix="iv-cdk-") as tmp:
        root = Path(tmp) / stack.name
        shutil.copytree(stack, root, ignore=shutil.ignore_patterns("node_modules", "cdk.out"))
        target = root / rel
        target.write_text(_swap_values(target.read_text(), pattern, picks))
        check_folder(root)


def _corpus_tasks() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.glob("*/*") if (p / "lib").is_dir())


CORPUS_TASKS = _corpus_tasks()


@pytest.mark.skipif(not CORPUS_TASKS, reason="shared corpus not present")
@fuzz(6)
@given(st.data(), st.lists(MUTATIONS, min_size=1, max_size=3))
def test_mutated_corpus_tasks_never_crash(data, mutations):
    task = data.draw(st.sampled_from(CORPUS_TASKS), label="task")
    files = sorted(p.relative_to(task).as_posix() for p in (task / "lib").iterdir() if p.is_file() and p.stat().st_size < 2_000_000)
    assume(files)
    rel = data.draw(st.sampled_from(files), label="file")
    run_mutated(task, rel, mutations)


# --- regressions: each crash or broken property the fuzzing found, as a fixed example ----------


def test_snippet_quotes_in_a_blockquote_or_list_point_at_the_report_line():
    """A fenced block inside '> ' or a list item: the column ignored the prefix (found by fuzzing)."""
    text = (
        "**Fixed Code**:\n> ```json\n> {\"MemorySize\": 256}\n> ```\n\n"
        "- Fixed:\n  ```hcl\n  resource \"aws_lambda_function\" \"f\" {\n    memory_size = 256\n  }\n  ```\n"
        "\n**Fixed Code**:\n```yaml\nTimeout: 3\x00\n```\n"
    )
    claims, _ = read_claims(text, "r.md")
    assert {c.line for c in claims if c.concept == "snippet.value"} == {3, 9, 15}
    assert_claims_point_at_text(claims, text)


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform not installed")
def test_terraform_fmt_on_files_that_are_not_utf8_is_no_crash():
    """terraform fmt echoes the file's bytes; decoding its output as strict UTF-8 raised (found by fuzzing)."""
    files = {"lib/MODEL_FAILURES.md": "# R\n\n- terraform fmt passes.\n- The Lambda function has 256MB memory.\n",
             "lib/main.tf": b'resource "aws_lambda_function" "f" {\n memory_size=256\n  description = "\xff\xfe"\n}\n'}
    with task_folder(files) as root:
        result = check_folder(root)
    assert any(c["concept"] == "lint.clean" for c in result["claims"]), result["claims"]


@pytest.mark.parametrize("value", ['{"Fn::Sub": []}', '{"Fn::Select": [1e400, ["a"]]}'])
def test_malformed_intrinsics_stay_unresolved(value: str):
    """An empty Fn::Sub raised IndexError, an infinite Select index OverflowError (found by fuzzing)."""
    from verifier.cfn.intrinsics import Unresolved
    from verifier.cfn.template import load_template_text

    text = '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": ' + value + "}}}}"
    template = load_template_text(text, "t.json", "json")
    assert isinstance(template.resources["Q"].properties["QueueName"], Unresolved)


def test_hcl_numbers_past_the_int_digit_limit_are_read():
    """int() refuses more than 4300 digits: a long number literal in a .tf file raised out of check_task."""
    digits = "1" * 5000
    files = {"lib/MODEL_FAILURES.md": "# R\n\n- The queue has 2 AWS resources.\n",
             "lib/main.tf": f'resource "aws_sqs_queue" "q" {{\n  delay_seconds = {digits}\n}}\nresource "aws_sns_topic" "t" {{}}\n'}
    with task_folder(files) as root:
        result = check_folder(root)
    assert result["artifacts"]["final"], result["warnings"]
    assert [c["verdict"] for c in result["claims"] if c["concept"] == "count.resources"] == ["supported"]


def test_cdk_source_file_that_cannot_be_read_is_one_warning():
    """An imported stack file refused as binary was 'in' the module map but raised KeyError on lookup,
    and its refusal was reported each time it was looked up (found by fuzzing)."""
    with tempfile.TemporaryDirectory(prefix="iv-cdk-") as tmp:
        root = Path(tmp) / "cdk-ts-orders"
        shutil.copytree(SAMPLES / "cdk-ts-orders", root)
        stack = root / "lib" / "tap-stack.ts"
        stack.write_bytes(b"\x00" + stack.read_bytes())
        result = check_folder(root)
    assert [w for w in result["warnings"] if w.startswith("lib/tap-stack.ts:")] == ["lib/tap-stack.ts: binary file (NUL bytes); not read"]
