"""Hostile or broken task folders: load_task must warn and go on, never raise or hang."""

from __future__ import annotations

import json
import os
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from claims.markdown_reader import read_report
from verifier import safe_files
from verifier.cfn import intrinsics
from verifier.cfn.template import load_template_text
from verifier.task import load_task

GOOD_TEMPLATE = "Resources:\n  GoodQueue:\n    Type: AWS::SQS::Queue\n"


def _task(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "task"
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    root.mkdir(exist_ok=True)
    return root


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    """Billion-laughs YAML: each level is a list of ``width`` aliases to the previous level."""
    lines = [
        "AWSTemplateFormatVersion: '2010-09-09'",
        "Metadata:",
        "  l0: &l0 [" + ", ".join(["lol"] * width) + "]",
    ]
    for level in range(1, levels + 1):
        lines.append(f"  l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    lines += [
        "Resources:",
        "  BombQueue:",
        "    Type: AWS::SQS::Queue",
        "    Properties:",
        f"      Tags: *l{levels}",
    ]
    return "\n".join(lines) + "\n"


def _resource_ids(task) -> set[str]:
    return {r.logical_id for r in task.final.resources()} | {r.logical_id for r in task.model.resources()}


@contextmanager
def _deadline(seconds: int):
    """Fail instead of hanging forever (POSIX only; elsewhere a no-op)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- alias bombs ----------------------------------------------------------------------------


def test_alias_bomb_template_is_refused_with_a_warning(tmp_path: Path):
    root = _task(tmp_path, {"lib/TapStack.yml": _alias_bomb()})
    with _deadline(60):
        task = load_task(root)
    assert task.final.templates == []
    assert "BombQueue" not in _resource_ids(task)
    assert any(w.startswith("lib/TapStack.yml:") for w in task.warnings), task.warnings


def test_alias_bomb_outside_resources_is_refused_too(tmp_path: Path):
    bomb = _alias_bomb().replace("    Properties:\n      Tags: *l9\n", "")
    root = _task(tmp_path, {"lib/TapStack.yml": bomb})
    with _deadline(60):
        task = load_task(root)
    assert task.final.templates == []
    assert any("lib/TapStack.yml" in w for w in task.warnings), task.warnings


def test_alias_bomb_raises_too_complex_from_the_loader():
    with _deadline(60), pytest.raises(intrinsics.TooComplex):
        load_template_text(_alias_bomb(), "bomb.yml", "yaml")


def test_alias_bomb_does_not_stop_other_templates(tmp_path: Path):
    root = _task(tmp_path, {"lib/TapStack.yml": _alias_bomb(), "lib/Other.yml": GOOD_TEMPLATE})
    with _deadline(60):
        task = load_task(root)
    assert [t.file for t in task.final.templates] == ["lib/Other.yml"]
    assert "GoodQueue" in _resource_ids(task)


def test_alias_bomb_in_model_answer_fence(tmp_path: Path):
    md = "# Answer\n\n```yaml\n" + _alias_bomb() + "```\n"
    root = _task(tmp_path, {"lib/MODEL_RESPONSE.md": md})
    with _deadline(60):
        task = load_task(root)
    assert task.model.templates == []
    assert any("lib/MODEL_RESPONSE.md" in w and "line 4" in w for w in task.warnings), task.warnings


def test_small_aliases_are_still_fine(tmp_path: Path):
    text = (
        "Resources:\n"
        "  A:\n"
        "    Type: AWS::SQS::Queue\n"
        "    Properties:\n"
        "      Tags: &tags\n"
        "        - Key: team\n"
        "          Value: core\n"
        "  B:\n"
        "    Type: AWS::SQS::Queue\n"
        "    Properties:\n"
        "      Tags: *tags\n"
    )
    task = load_task(_task(tmp_path, {"lib/TapStack.yml": text}))
    assert task.warnings == []
    assert task.final.templates[0].resources["B"].properties["Tags"] == [{"Key": "team", "Value": "core"}]


# --- broken, binary, badly encoded files ----------------------------------------------------


def test_broken_yaml_becomes_a_warning_with_the_file_name(tmp_path: Path):
    broken = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: [unclosed\n"
    root = _task(tmp_path, {"lib/TapStack.yml": broken, "lib/Other.yml": GOOD_TEMPLATE})
    task = load_task(root)
    assert len(task.warnings) == 1
    assert task.warnings[0].startswith("lib/TapStack.yml:")
    assert "\n" not in task.warnings[0]
    assert [t.file for t in task.final.templates] == ["lib/Other.yml"]


def test_broken_json_becomes_a_warning_with_the_file_name(tmp_path: Path):
    root = _task(tmp_path, {"lib/TapStack.json": '{"Resources": {"Q": {"Type": "AWS::SQS::Queue",}'})
    task = load_task(root)
    assert task.final.templates == []
    assert len(task.warnings) == 1
    assert task.warnings[0].startswith("lib/TapStack.json:")


def test_binary_file_named_like_a_template_is_refused(tmp_path: Path):
    data = b"\x7fELF\x02\x01\x01\x00\x00\x00Resources:\x00\xff\xfe" * 64
    root = _task(tmp_path, {"lib/TapStack.yml": data})
    task = load_task(root)
    assert task.final.templates == []
    assert any(w.startswith("lib/TapStack.yml:") and "binary" in w for w in task.warnings), task.warnings


def test_invalid_utf8_in_a_template_does_not_raise(tmp_path: Path):
    data = b"Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: caf\xe9-\xff\xfe-q\n"
    root = _task(tmp_path, {"lib/TapStack.yml": data})
    task = load_task(root)
    assert [t.file for t in task.final.templates] == ["lib/TapStack.yml"]
    name = task.final.templates[0].resources["Queue"].properties["QueueName"]
    assert name.startswith("caf") and name.endswith("-q")
    assert "\ufffd" in name


def test_utf8_bom_template_is_read(tmp_path: Path):
    root = _task(tmp_path, {"lib/TapStack.yml": b"\xef\xbb\xbf" + GOOD_TEMPLATE.encode()})
    task = load_task(root)
    assert task.warnings == []
    assert _resource_ids(task) == {"GoodQueue"}
    assert task.final.templates[0].resources["GoodQueue"].line == 2


def test_invalid_metadata_json_is_a_warning(tmp_path: Path):
    root = _task(tmp_path, {"metadata.json": "{not json", "lib/TapStack.yml": GOOD_TEMPLATE})
    task = load_task(root)
    assert task.metadata == {}
    assert any(w.startswith("metadata.json:") for w in task.warnings), task.warnings
    assert "GoodQueue" in _resource_ids(task)


def test_invalid_utf8_report_is_readable(tmp_path: Path):
    parsed = read_report(b"# Title\n\n- caf\xe9 bucket \xff\n".decode("utf-8", errors="replace"), "r.md")
    assert [line.number for line in parsed.lines] == [1, 3]


# --- files that must not be read -------------------------------------------------------------


def test_symlinked_template_pointing_outside_is_not_read(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yml").write_text("Resources:\n  SecretQueue:\n    Type: AWS::SQS::Queue\n")
    root = _task(tmp_path, {"lib/Other.yml": GOOD_TEMPLATE})
    (root / "lib" / "TapStack.yml").symlink_to(outside / "secret.yml")
    task = load_task(root)
    assert "SecretQueue" not in _resource_ids(task)
    assert "GoodQueue" in _resource_ids(task)
    assert any(w.startswith("lib/TapStack.yml:") and "outside" in w for w in task.warnings), task.warnings


def test_symlinked_model_answer_and_region_pointing_outside_are_not_read(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "answer.md").write_text(
        "```yaml\nResources:\n  SecretTopic:\n    Type: AWS::SNS::Topic\n```\n"
    )
    (outside / "region").write_text("secret-region-1\n")
    root = _task(tmp_path, {"lib/TapStack.yml": GOOD_TEMPLATE})
    (root / "lib" / "MODEL_RESPONSE.md").symlink_to(outside / "answer.md")
    (root / "lib" / "AWS_REGION").symlink_to(outside / "region")
    task = load_task(root)
    assert "SecretTopic" not in _resource_ids(task)
    assert task.model_answer is None
    assert task.region is None
    assert len([w for w in task.warnings if "outside" in w]) == 2, task.warnings


def test_symlinked_directory_pointing_outside_is_not_walked(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Stack.yml").write_text("Resources:\n  SecretQueue:\n    Type: AWS::SQS::Queue\n")
    root = _task(tmp_path, {"lib/TapStack.yml": GOOD_TEMPLATE})
    (root / "vendor").symlink_to(outside, target_is_directory=True)
    task = load_task(root)
    assert _resource_ids(task) == {"GoodQueue"}


def test_directory_symlink_loop_does_not_hang(tmp_path: Path):
    root = _task(tmp_path, {"lib/TapStack.yml": GOOD_TEMPLATE})
    (root / "lib" / "loop").symlink_to(root / "lib", target_is_directory=True)
    with _deadline(60):
        task = load_task(root)
    assert _resource_ids(task) == {"GoodQueue"}
    assert task.warnings == []


def test_dangling_symlink_named_like_a_template_is_a_warning(tmp_path: Path):
    root = _task(tmp_path, {"lib/Other.yml": GOOD_TEMPLATE})
    (root / "lib" / "TapStack.yml").symlink_to(root / "lib" / "missing.yml")
    task = load_task(root)
    assert _resource_ids(task) == {"GoodQueue"}
    assert any(w.startswith("lib/TapStack.yml:") for w in task.warnings), task.warnings


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_called_like_a_template_is_not_opened(tmp_path: Path):
    root = _task(tmp_path, {"lib/Other.yml": GOOD_TEMPLATE})
    os.mkfifo(root / "lib" / "TapStack.yml")
    with _deadline(30):
        task = load_task(root)
    assert any(w.startswith("lib/TapStack.yml:") for w in task.warnings), task.warnings
    assert _resource_ids(task) == {"GoodQueue"}


def test_empty_folder_gives_an_empty_task(tmp_path: Path):
    root = tmp_path / "empty"
    root.mkdir()
    task = load_task(root)
    assert task.root == root
    assert task.report_path is None
    assert task.final.templates == [] and task.final.empty
    assert task.model.templates == [] and task.model.empty
    assert task.model_answer is None and task.ideal_answer is None and task.prompt is None
    assert task.region is None
    assert task.metadata == {}
    assert task.warnings == []


def test_oversized_template_is_refused_with_a_size_warning(tmp_path: Path):
    padding = "# " + "x" * 98 + "\n"
    text = GOOD_TEMPLATE + padding * (6 * 1024 * 1024 // len(padding) + 1)
    root = _task(tmp_path, {"lib/TapStack.yml": text})
    assert (root / "lib" / "TapStack.yml").stat().st_size > 6 * 1024 * 1024
    task = load_task(root)
    assert task.final.templates == []
    assert len(task.warnings) == 1
    warning = task.warnings[0]
    assert warning.startswith("lib/TapStack.yml:")
    assert "limit" in warning and "KiB" in warning


def test_template_just_under_the_limit_is_read(tmp_path: Path):
    padding = "# " + "x" * 98 + "\n"
    text = GOOD_TEMPLATE + padding * ((safe_files.MAX_TEXT_BYTES - len(GOOD_TEMPLATE)) // len(padding))
    root = _task(tmp_path, {"lib/TapStack.yml": text})
    assert (root / "lib" / "TapStack.yml").stat().st_size <= safe_files.MAX_TEXT_BYTES
    task = load_task(root)
    assert task.warnings == []
    assert _resource_ids(task) == {"GoodQueue"}


# --- deep nesting ---------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [900, 5000])
def test_deeply_nested_json_does_not_raise(tmp_path: Path, depth: int):
    nested = '{"a":' * depth + "1" + "}" * depth
    text = '{"Resources": {"Deep": {"Type": "AWS::SQS::Queue", "Properties": {"Tags": ' + nested + "}}}}"
    root = _task(tmp_path, {"lib/TapStack.json": text, "lib/Other.yml": GOOD_TEMPLATE})
    task = load_task(root)
    assert "Deep" not in _resource_ids(task)
    assert "GoodQueue" in _resource_ids(task)
    assert any(w.startswith("lib/TapStack.json:") for w in task.warnings), task.warnings


def test_deeply_nested_yaml_flow_sequence_does_not_raise(tmp_path: Path):
    text = (
        "Resources:\n  Deep:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: "
        + "[" * 5000
        + "1"
        + "]" * 5000
        + "\n"
    )
    task = load_task(_task(tmp_path, {"lib/TapStack.yml": text}))
    assert task.final.templates == []
    assert any(w.startswith("lib/TapStack.yml:") for w in task.warnings), task.warnings


def test_deeply_nested_json_in_model_answer_does_not_raise(tmp_path: Path):
    nested = "[" * 5000 + "1" + "]" * 5000
    md = (
        '```json\n{"Resources": {"Deep": {"Type": "AWS::SQS::Queue", "Properties": {"Tags": '
        + nested
        + "}}}}\n```\n"
    )
    task = load_task(_task(tmp_path, {"lib/MODEL_RESPONSE.md": md}))
    assert task.model.templates == []


def test_deeply_nested_blockquotes_and_brackets_in_markdown_do_not_raise():
    text = "# Title\n\n" + "> " * 3000 + "deep\n\n" + "[" * 10000 + "\n\nLast line.\n"
    parsed = read_report(text, "r.md")
    numbers = [line.number for line in parsed.lines]
    assert numbers[0] == 1
    assert numbers[-1] == 7  # content after the deep blocks is still read
    assert parsed.lines[-1].plain == "Last line."


# --- reports outside the task, symlink loops, UTF-16, deep Markdown nesting -----------------


def _report_behind_symlinked_lib(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "MODEL_FAILURES.md").write_text(
        "# Secret\n\n- The Lambda function has a memory size of 512 MB.\n"
    )
    root = tmp_path / "task"
    root.mkdir()
    (root / "lib").symlink_to(outside, target_is_directory=True)
    return root


def test_report_behind_a_symlinked_lib_folder_is_not_picked(tmp_path: Path):
    root = _report_behind_symlinked_lib(tmp_path)
    task = load_task(root)
    assert task.report_path is None or safe_files.inside(root, task.report_path)


def test_check_task_does_not_read_a_report_outside_the_task(tmp_path: Path):
    from verifier.api import InputError, check_task

    root = _report_behind_symlinked_lib(tmp_path)
    try:
        result = check_task(root)
    except InputError:
        return
    assert "512 MB" not in json.dumps(result)


def test_symlink_loop_named_like_a_template_is_a_warning(tmp_path: Path):
    root = _task(tmp_path, {"lib/Other.yml": GOOD_TEMPLATE})
    (root / "lib" / "TapStack.yml").symlink_to(root / "lib" / "TapStack.yml")
    task = load_task(root)
    assert _resource_ids(task) == {"GoodQueue"}
    assert any(w.startswith("lib/TapStack.yml:") for w in task.warnings), task.warnings


def test_utf16_template_with_bom_is_read(tmp_path: Path):
    root = _task(tmp_path, {"lib/TapStack.yml": GOOD_TEMPLATE.encode("utf-16")})
    task = load_task(root)
    assert task.warnings == []
    assert _resource_ids(task) == {"GoodQueue"}


def test_content_after_a_deeply_nested_list_is_read_or_flagged():
    text = "# T\n\n" + "".join("  " * level + f"- level {level}\n" for level in range(12)) + "\nLast line.\n"
    parsed = read_report(text, "r.md")
    last_number = len(text.splitlines())
    assert parsed.truncated or parsed.lines[-1].number == last_number


@pytest.mark.parametrize("encoding", ["utf-16-be", "utf-32"])
def test_other_bom_encodings_are_read(tmp_path: Path, encoding: str):
    data = ("\ufeff" + GOOD_TEMPLATE).encode(encoding)
    task = load_task(_task(tmp_path, {"lib/TapStack.yml": data}))
    assert task.warnings == []
    assert _resource_ids(task) == {"GoodQueue"}


def test_report_symlinked_outside_is_skipped_for_the_next_candidate(tmp_path: Path):
    outside = tmp_path / "outside.md"
    outside.write_text("# Secret\n")
    root = _task(tmp_path, {"MODEL_FAILURES.md": "# Own report\n"})
    (root / "lib").mkdir()
    (root / "lib" / "MODEL_FAILURES.md").symlink_to(outside)
    assert load_task(root).report_path == root / "MODEL_FAILURES.md"


def test_explicit_report_through_a_symlink_in_the_task_is_refused(tmp_path: Path):
    from verifier.api import InputError, check_task

    root = _report_behind_symlinked_lib(tmp_path)
    with pytest.raises(InputError, match="outside the task folder"):
        check_task(root, "lib/MODEL_FAILURES.md")


def test_explicit_report_outside_the_task_is_the_callers_own_file(tmp_path: Path):
    from verifier.api import check_task

    report = tmp_path / "review.md"
    report.write_text("# Review\n\n- The queue GoodQueue exists.\n")
    root = _task(tmp_path, {"lib/TapStack.yml": GOOD_TEMPLATE})
    result = check_task(root, report)
    assert result["report"] == str(report)


def test_absence_is_undecided_when_some_code_could_not_be_read(tmp_path) -> None:
    from verifier.api import check_task

    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "broken.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n')
    (tmp_path / "lib" / "ok.tf").write_text('resource "aws_lambda_function" "f" {\n  memory_size = 256\n}\n')
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text("# R\n\n- Lambda with 512MB memory\n- bucket versioning enabled\n")
    result = check_task(tmp_path)
    verdicts = {c["quote"]: c["verdict"] for c in result["claims"]}
    assert verdicts["512MB memory"] == "contradicted"  # read from the file that parsed
    assert verdicts["versioning"] == "unverifiable"  # the bucket may be in the file that did not
    assert any("lib/broken.tf:3" in w for w in result["warnings"])


# --- huge files, NUL bytes, bad encodings, no report, unreadable files ----------------------

PROCESS_REPORT = (
    "# Report\n\n- The Lambda function has 256MB memory.\n- 36 unit tests, 12 passed, 0 failed.\n"
    "- Code coverage of 90%.\n- training quality 8/10.\n- Output `BucketName` is `orders-bucket`.\n"
)
CDK_TS = (
    "import * as cdk from 'aws-cdk-lib';\nimport * as sqs from 'aws-cdk-lib/aws-sqs';\n"
    "export class TapStack extends cdk.Stack {\n  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n"
    "    new sqs.Queue(this, 'OrdersQueue', { queueName: 'orders-QNAME' });\n  }\n}\n"
)
CDK_PY = (
    "import aws_cdk as cdk\nfrom aws_cdk import aws_sqs as sqs\n\n\nclass TapStack(cdk.Stack):\n"
    "    def __init__(self, scope, construct_id):\n        super().__init__(scope, construct_id)\n"
    "        sqs.Queue(self, 'OrdersQueue', queue_name='orders-QNAME')\n"
)


def _sparse(path: Path, size: int, head: bytes = b"") -> None:
    """A file of ``size`` bytes written in no time: ``head`` then a hole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)


@contextmanager
def _bounded_memory(megabytes: int):
    import tracemalloc

    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < megabytes * 1024 * 1024, f"peak {peak // 1024} KiB"


def test_50mb_report_is_refused_in_bounded_time_and_memory(tmp_path: Path, capsys):
    from verifier.api import InputError, check_task
    from verifier.cli import main

    root = _task(tmp_path, {"lib/TapStack.yml": GOOD_TEMPLATE})
    _sparse(root / "lib" / "MODEL_FAILURES.md", 50 * 1024 * 1024, b"# Report\n\n- 16 AWS resources\n")
    with _deadline(30), _bounded_memory(40):
        with pytest.raises(InputError, match="over the .* limit") as raised:
            check_task(root)
    assert "\n" not in str(raised.value)
    assert main(["check", str(root)]) == 2
    assert "limit" in capsys.readouterr().err


@pytest.mark.parametrize("name", [
    "lib/TapStack.yml", "lib/TapStack.json", "lib/main.tf", "lib/terraform.tfvars", "lib/tap-stack.ts",
    "lib/MODEL_RESPONSE.md", "metadata.json", "test/tap-stack.unit.test.ts", "coverage/coverage-summary.json",
    "cfn-outputs/flat-outputs.json",
])
def test_50mb_code_files_are_refused_with_a_warning(tmp_path: Path, name: str):
    from verifier.api import check_task

    root = _task(tmp_path, {"lib/MODEL_FAILURES.md": PROCESS_REPORT, "lib/Other.yml": GOOD_TEMPLATE,
                            "cdk.json": '{"app": "npx ts-node bin/tap.ts"}', "bin/tap.ts": CDK_TS,
                            "lib/vars.tf": 'variable "n" {\n  default = 1\n}\n'})
    _sparse(root / name, 50 * 1024 * 1024, b"Resources:\n  Huge:\n    Type: AWS::SQS::Queue\n")
    with _deadline(60), _bounded_memory(60):
        result = check_task(root)
    assert any(w.startswith(f"{name}:") and "limit" in w for w in result["warnings"]), result["warnings"]
    assert "lib/Other.yml" in result["artifacts"]["final"]


def test_nul_bytes_at_the_start_of_a_report_are_a_one_line_error(tmp_path: Path):
    from verifier.api import InputError, check_task

    root = _task(tmp_path, {"lib/MODEL_FAILURES.md": b"# Report\x00\n\n- 16 AWS resources\n", "lib/TapStack.yml": GOOD_TEMPLATE})
    with pytest.raises(InputError, match="binary"):
        check_task(root)


def test_nul_bytes_late_in_a_report_do_not_stop_the_check(tmp_path: Path):
    from verifier.api import check_task

    text = "# Report\n\n" + "Some prose.\n" * 1000 + "- The queue has 1 AWS resource\x00 and \x00\x00 more\n- KMS key rotation enabled\n"
    root = _task(tmp_path, {"lib/MODEL_FAILURES.md": text, "lib/TapStack.yml": GOOD_TEMPLATE})
    result = check_task(root)
    assert result["claims"], result
    json.dumps(result)


def test_nul_bytes_late_in_a_template_become_a_warning(tmp_path: Path):
    text = GOOD_TEMPLATE + "# padding\n" * 1000 + "  Bad:\n    Type: AWS::SQS::Queue\x00\n"
    root = _task(tmp_path, {"lib/TapStack.yml": text, "lib/Other.json": '{"Resources": {"J": {"Type": "AWS::SNS::Topic"}}}'})
    task = load_task(root)
    assert any(w.startswith("lib/TapStack.yml:") for w in task.warnings), task.warnings
    assert "J" in _resource_ids(task)


def test_invalid_utf8_in_hcl_is_read_with_replacement(tmp_path: Path):
    hcl = b'resource "aws_sqs_queue" "orders" {\n  name = "orders-\xff\xfe-caf\xe9"\n  delay_seconds = 5\n}\n'
    task = load_task(_task(tmp_path, {"lib/main.tf": hcl}))
    queue = next(r for r in task.final.resources() if r.type == "AWS::SQS::Queue")
    assert "\ufffd" in queue.properties["QueueName"]
    assert queue.properties["DelaySeconds"] == 5


@pytest.mark.parametrize("name, code", [("lib/tap-stack.ts", CDK_TS), ("lib/tap_stack.py", CDK_PY)])
def test_invalid_utf8_in_cdk_source_is_read_with_replacement(tmp_path: Path, name: str, code: str):
    entry = {"lib/tap-stack.ts": ("bin/tap.ts", "npx ts-node bin/tap.ts"), "lib/tap_stack.py": ("app.py", "python3 app.py")}[name]
    app = "import * as cdk from 'aws-cdk-lib';\nimport { TapStack } from '../lib/tap-stack';\nnew TapStack(new cdk.App(), 'Tap');\n"
    if name.endswith(".py"):
        app = "import aws_cdk as cdk\nfrom lib.tap_stack import TapStack\napp = cdk.App()\nTapStack(app, 'Tap')\napp.synth()\n"
    data = code.replace("QNAME", "\udcff").encode("utf-8", errors="surrogateescape").replace(b"\xff", b"\xff\xfe\xe9")
    root = _task(tmp_path, {name: data, entry[0]: app, "cdk.json": json.dumps({"app": entry[1]})})
    task = load_task(root)
    queues = [r for r in task.final.resources() if r.type == "AWS::SQS::Queue"]
    assert queues, task.warnings
    assert "\ufffd" in str(queues[0].properties.get("QueueName"))


def test_folder_without_a_report_is_a_clear_error_and_exit_2(tmp_path: Path, capsys):
    from verifier.api import InputError, check_task
    from verifier.cli import main

    root = _task(tmp_path, {"lib/TapStack.yml": GOOD_TEMPLATE})
    with pytest.raises(InputError, match="no report found"):
        check_task(root)
    assert main(["check", str(root)]) == 2
    err = capsys.readouterr().err
    assert "no report found" in err and err.count("\n") == 1


UNREADABLE_KINDS = {
    "lib/TapStack.yml": "Resources:\n  Hidden:\n    Type: AWS::SQS::Queue\n",
    "lib/main.tf": 'resource "aws_sqs_queue" "hidden" {\n  name = "hidden"\n}\n',
    "metadata.json": '{"training_quality": 3}',
    "test/tap-stack.unit.test.ts": "test('a', () => {});\n",
    "coverage/coverage-summary.json": '{"total": {"lines": {"pct": 12}}}',
    "cfn-outputs/flat-outputs.json": '{"BucketName": "other"}',
}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads chmod 000 files anyway")
@pytest.mark.parametrize("name", sorted(UNREADABLE_KINDS))
def test_chmod_000_files_become_warnings(tmp_path: Path, name: str):
    from verifier.api import check_task

    root = _task(tmp_path, {"lib/MODEL_FAILURES.md": PROCESS_REPORT, "lib/Other.yml": GOOD_TEMPLATE, name: UNREADABLE_KINDS[name]})
    (root / name).chmod(0)
    try:
        result = check_task(root)
    finally:
        (root / name).chmod(0o644)
    assert any(w.startswith(f"{name}:") for w in result["warnings"]), result["warnings"]


@pytest.mark.parametrize("name", sorted(UNREADABLE_KINDS) + ["lib/MODEL_FAILURES.md"])
def test_oserror_on_open_becomes_a_warning(tmp_path: Path, monkeypatch, name: str):
    from verifier.api import InputError, check_task

    root = _task(tmp_path, {"lib/MODEL_FAILURES.md": PROCESS_REPORT, "lib/Other.yml": GOOD_TEMPLATE, **UNREADABLE_KINDS})
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.resolve() == (root / name).resolve():
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    if name == "lib/MODEL_FAILURES.md":
        with pytest.raises(InputError, match="permission denied"):
            check_task(root)
        return
    result = check_task(root)
    assert any(w.startswith(f"{name}:") and "permission denied" in w for w in result["warnings"]), result["warnings"]
    assert "Hidden" not in json.dumps(result["claims"])


# --- deep nesting in every loader -----------------------------------------------------------

DEEP_JSON = '{"a":' * 50_000 + "1" + "}" * 50_000
CDK_APP = {"cdk.json": '{"app": "npx ts-node bin/tap.ts"}', "bin/tap.ts": CDK_TS}
DEEP_FILES = {  # kind: (the deeply nested file, its text, files it needs to be read)
    "metadata": ("metadata.json", DEEP_JSON, {}),
    "cdk.json": ("cdk.json", DEEP_JSON, {"bin/tap.ts": CDK_TS}),
    "cdk.context.json": ("cdk.context.json", "[" * 50_000 + "]" * 50_000, CDK_APP),
    "cdk-python": ("app.py", "import aws_cdk as cdk\nx = " + "-" * 100_000 + "1\n", {"cdk.json": '{"app": "python3 app.py"}'}),
    "cdk-typescript": ("lib/deep.ts", "import * as cdk from 'aws-cdk-lib';\nconst x = " + "[" * 20_000 + "]" * 20_000 + ";\n", CDK_APP),
    "terraform": ("lib/main.tf", "locals {\n  x = " + "[" * 2_000 + "]" * 2_000 + "\n}\n", {}),
    "terraform-json": ("lib/main.tf.json", DEEP_JSON, {}),
    "tfvars": ("lib/terraform.tfvars", "x = " + "[" * 2_000 + "]" * 2_000 + "\n", {"lib/main.tf": 'variable "x" {}\n'}),
    "coverage": ("coverage/coverage-summary.json", DEEP_JSON, {}),
    "outputs": ("cfn-outputs/flat-outputs.json", DEEP_JSON, {}),
    "python-test": ("tests/test_stack.py", "def test_a():\n    x = " + "-" * 100_000 + "1\n", {}),
    "answer-python": ("lib/MODEL_RESPONSE.md", "```python\nimport aws_cdk as cdk\nx = " + "-" * 100_000 + "1\n```\n", {}),
    "report-json-fence": ("lib/MODEL_FAILURES.md", PROCESS_REPORT + "\n**Fixed Code**:\n```json\n" + DEEP_JSON + "\n```\n", {}),
}
# Warnings of the safety nets that catch a reader's or a check's crash: the crash must be fixed at its source.
INTERNAL_ERROR = ("failed on this claim (", "could not be loaded (", "could not be read (", "could not be read statically (")


@pytest.mark.parametrize("kind", sorted(DEEP_FILES))
def test_deep_nesting_in_each_loader_is_a_warning(tmp_path: Path, kind: str):
    from verifier.api import check_task

    name, text, needed = DEEP_FILES[kind]
    files = {"lib/MODEL_FAILURES.md": PROCESS_REPORT, "lib/Other.yml": GOOD_TEMPLATE, **needed, name: text}
    with _deadline(60):
        result = check_task(_task(tmp_path, files))
    assert "lib/Other.yml" in result["artifacts"]["final"]
    assert all("\n" not in w and not any(marker in w for marker in INTERNAL_ERROR) for w in result["warnings"]), result["warnings"]
    if kind != "report-json-fence":  # the report's own snippet is just not compared
        assert any(w.startswith(name) for w in result["warnings"]), result["warnings"]


@pytest.mark.parametrize("text", [
    "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: " + "[" * 40_000 + "]" * 40_000 + "\n",
    "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags:\n" + "- " * 40_000 + "x\n",
    "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags:\n" + "? " * 40_000 + "x\n",
], ids=["flow", "block-sequence", "complex-key"])
def test_yaml_nested_past_the_c_stack_is_refused_not_a_segfault(tmp_path: Path, text: str):
    """libyaml's composer recursed in C until the interpreter crashed (SIGSEGV) on ~40,000 levels;
    run in a child process so a regression fails this test instead of killing the whole run."""
    import subprocess
    import sys

    root = _task(tmp_path, {"lib/TapStack.yml": text, "lib/Other.yml": GOOD_TEMPLATE,
                            "lib/MODEL_FAILURES.md": "# R\n\n**Fixed Code**:\n```yaml\n" + text + "```\n"})
    script = (
        "import json, sys\nfrom verifier.api import check_task\n"
        "print(json.dumps(check_task(sys.argv[1])['warnings']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    warnings = json.loads(done.stdout.splitlines()[-1])
    assert any(w.startswith("lib/TapStack.yml:") and "nested" in w for w in warnings), warnings


def test_a_long_line_of_claims_is_read_in_linear_time():
    """Each phrase looked for its service in the whole sentence: a 15 KB line took 80 s, 60 KB hours."""
    from claims import read_claims

    text = "# Report\n\n" + "Lambda runtime `python3.12` on arm64 " * 1000 + "\n\nThe Lambda function has 512MB memory.\n"
    with _deadline(60):
        claims, _ = read_claims(text, "r.md")
    assert len([c for c in claims if c.line == 3]) >= 1000
    assert any(c.line == 5 for c in claims)


# --- symlinks leading outside, for every kind of file a loader reads ------------------------

_SECRET = "secret-marker"
_TAP_BIN = "import * as cdk from 'aws-cdk-lib';\nimport { TapStack } from '../lib/tap-stack';\nnew TapStack(new cdk.App(), 'Tap');\n"
_TAP_APP = "import aws_cdk as cdk\nfrom lib.tap_stack import TapStack\napp = cdk.App()\nTapStack(app, 'Tap')\n"
OUTSIDE_KINDS = {  # file linked outside: (its content there, files the task needs for the loader to look at it)
    "lib/main.tf": (f'resource "aws_sqs_queue" "secret" {{\n  name = "{_SECRET}"\n}}\n', {"lib/ok.tf": 'resource "aws_sns_topic" "t" {}\n'}),
    "lib/terraform.tfvars": (f'name = "{_SECRET}"\n', {"lib/ok.tf": 'variable "name" {\n  default = "x"\n}\nresource "aws_sqs_queue" "q" {\n  name = var.name\n}\n'}),
    "lib/tap-stack.ts": (CDK_TS.replace("QNAME", _SECRET), {"cdk.json": '{"app": "npx ts-node bin/tap.ts"}', "bin/tap.ts": _TAP_BIN}),
    "lib/tap_stack.py": (CDK_PY.replace("QNAME", _SECRET), {"cdk.json": '{"app": "python3 app.py"}', "app.py": _TAP_APP}),
    "cdk.json": (json.dumps({"app": "npx ts-node bin/tap.ts", "context": {"name": _SECRET}}), {"bin/tap.ts": _TAP_BIN, "lib/tap-stack.ts": CDK_TS}),
    "test/tap-stack.unit.test.ts": (f"test('{_SECRET}', () => {{}});\n" * 36, {}),
    "tests/test_stack.py": ("def test_secret_marker():\n    pass\n", {}),
    "coverage/coverage-summary.json": ('{"total": {"lines": {"pct": 12.345}}}', {}),
    "coverage.xml": ('<coverage line-rate="0.12345" branch-rate="0.5"></coverage>', {}),
    "lcov.info": ("SF:x\nLF:1000\nLH:123\nend_of_record\n", {}),
    "metadata.json": (json.dumps({"training_quality": 3, "region": _SECRET}), {}),
    "cfn-outputs/flat-outputs.json": (json.dumps({"BucketName": _SECRET}), {}),
    "lib/TapStack.json": (json.dumps({"Resources": {"SecretQueue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": _SECRET}}}}), {}),
    "lib/IDEAL_RESPONSE.md": (f"```yaml\nResources:\n  SecretQueue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: {_SECRET}\n```\n", {}),
    "test-results.json": ('{"numTotalTests": 12345, "numPassedTests": 12345, "numFailedTests": 0}', {}),
    "junit.xml": ('<testsuite tests="12345" failures="0"></testsuite>', {}),
}


@pytest.mark.parametrize("name", sorted(OUTSIDE_KINDS))
def test_symlink_outside_is_refused_for_every_file_kind(tmp_path: Path, name: str):
    from verifier.api import check_task

    content, needed = OUTSIDE_KINDS[name]
    outside = tmp_path / "outside" / Path(name).name
    outside.parent.mkdir()
    outside.write_text(content)
    report = PROCESS_REPORT + "- The queue SecretQueue exists.\n"
    root = _task(tmp_path, {"lib/MODEL_FAILURES.md": report, "lib/Other.yml": GOOD_TEMPLATE, **needed})
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).symlink_to(outside)
    result = check_task(root)
    dump = json.dumps(result)
    assert not any(leak in dump for leak in (_SECRET, "12.34", "12345", "secret_marker")), dump
    assert f"{name}: points outside the task folder" in dump, result["warnings"]


DEEP_JSON_STRINGS = {  # JSON nested too deeply inside a string the checks decode
    "step-functions-definition": {
        "lib/TapStack.json": json.dumps({"Resources": {
            "SM": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": DEEP_JSON}},
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 512}}}}),
        "lib/MODEL_FAILURES.md": "# R\n\n- The state machine retries 3 times with `MaxAttempts: 3`.\n- The Lambda function has 512MB memory.\n",
    },
    "terraform-jsondecode": {
        "lib/main.tf": 'locals {\n  x = jsondecode("' + "[" * 5_000 + "]" * 5_000 + '")\n}\n'
                       'resource "aws_lambda_function" "f" {\n  memory_size = 512\n  description = local.x\n}\n',
        "lib/MODEL_FAILURES.md": "# R\n\n- The Lambda function has 512MB memory.\n",
    },
    "terraform-policy": {
        "lib/main.tf": 'resource "aws_iam_policy" "p" {\n  policy = <<EOF\n' + DEEP_JSON + '\nEOF\n}\n'
                       'resource "aws_lambda_function" "f" {\n  memory_size = 512\n}\n',
        "lib/MODEL_FAILURES.md": "# R\n\n- The IAM policy grants `s3:GetObject`.\n- The Lambda function has 512MB memory.\n",
    },
}


@pytest.mark.parametrize("kind", sorted(DEEP_JSON_STRINGS))
def test_deep_json_inside_a_string_costs_only_that_value(tmp_path: Path, kind: str):
    """json.loads raised RecursionError past the except ValueError: a check failed on the claim, or the
    whole Terraform module went unchecked."""
    from verifier.api import check_task

    result = check_task(_task(tmp_path, DEEP_JSON_STRINGS[kind]))
    assert not any(marker in w or "nested too deeply" in w for w in result["warnings"] for marker in INTERNAL_ERROR), result["warnings"]
    memory = [c for c in result["claims"] if c["concept"] == "lambda.memory"]
    assert memory and memory[0]["verdict"] == "supported", result["claims"]


def test_lone_surrogates_from_a_json_template_do_not_stop_the_output(tmp_path: Path, capsys):
    """json.loads turns "\\ud800" into a lone surrogate, which UTF-8 output cannot encode: the text
    table raised UnicodeEncodeError after the whole check had run."""
    from verifier.cli import main

    template = '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "orders-\\ud800-q"}}}}'
    root = _task(tmp_path, {"lib/TapStack.json": template, "lib/MODEL_FAILURES.md": "# R\n\n- The queue name is `orders-q`.\n"})
    assert main(["check", str(root), "--show", "all", "--color", "never"]) == 1
    assert "orders-\\ud800-q" in capsys.readouterr().out
    out = tmp_path / "out.txt"
    assert main(["check", str(root), "--show", "all", "--output", str(out)]) == 1
    assert "orders-\\ud800-q" in out.read_text(encoding="utf-8")
