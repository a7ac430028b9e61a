"""``iac-verify batch``: discovery, shards, resume, per-task failures and limits, the JSONL lines, the summary."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

import verifier.api
from verifier.batch import render
from verifier.batch.discovery import discover
from verifier.batch.families import family_of
from verifier.batch.platforms import platform_of
from verifier.batch.progress import LineProgress
from verifier.batch.records import digest_of
from verifier.batch.resume import cut_torn_tail, read_previous, read_records
from verifier.batch.runner import BatchOptions, run_batch
from verifier.batch.sharding import ShardError, parse_shard, shard_of, take_shard
from verifier.cli import main

REPO = Path(__file__).resolve().parent.parent
STACKS = REPO / "sample_stacks"
REPORT = "lib/MODEL_FAILURES.md"
GOOD_REPORT = "# Model failures\n\nThe model used `BillingMode: PROVISIONED`; the table has 2 outputs.\n"
GOOD_TEMPLATE = (
    "Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n"
    "Outputs:\n  A:\n    Value: !Ref Table\n"
)
FORK = "fork" in multiprocessing.get_all_start_methods()
needs_fork = pytest.mark.skipif(not FORK, reason="test doubles reach the workers only through fork")


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def task(root: Path, rel: str, report: str | bytes = GOOD_REPORT, template: str = GOOD_TEMPLATE) -> Path:
    return write(root / rel, {REPORT: report, "lib/TapStack.yml": template})


def batch(root: Path, progress_stream=None, **options) -> tuple[dict, list[dict]]:
    """Run the batch quietly; return the summary and the results lines (when --out is given)."""
    options.setdefault("jobs", 2)
    outcome = run_batch(BatchOptions(root, **options), LineProgress(progress_stream or open(os.devnull, "w")))
    out = options.get("out")
    lines = [json.loads(line) for line in out.read_text().splitlines()] if out is not None and out.is_file() else []
    return outcome.summary, lines


def statuses(lines: list[dict]) -> dict[str, str]:
    return {line["task"]: line["status"] for line in lines}


# --- discovery -------------------------------------------------------------------------------


def test_discovery_finds_nested_tasks_in_sorted_order_and_skips_vendored_and_hidden(tmp_path: Path):
    root = tmp_path / "root"
    task(root, "b/deep/t2")
    task(root, "a")
    task(root, "a/inner")  # inside a task folder: not a task of its own
    task(root, "c/node_modules/pkg")
    task(root, "c/.hidden")
    task(root, "c/.git/t")
    task(root, "c/app/cdk.out/t")
    task(root, "d/MODEL_FAILURES_only")
    (root / "d/MODEL_FAILURES_only/lib/MODEL_FAILURES.md").rename(root / "d/MODEL_FAILURES_only/lib/MODEL_FAILURES_v2.md")
    found = discover(root)
    assert [(f.rel, f.has_report) for f in found.found] == [("a", True), ("b/deep/t2", True), ("d/MODEL_FAILURES_only", True)]
    assert found.found[2].report.name == "MODEL_FAILURES_v2.md"
    assert found.warnings == []


def test_a_task_like_folder_without_report_is_listed_unless_tasks_lie_beneath(tmp_path: Path):
    root = tmp_path / "root"
    write(root, {"lonely/metadata.json": "{}", "lonely/lib/TapStack.yml": GOOD_TEMPLATE, "plain/notes.txt": "x",
                 "lib/helper.yml": "a: 1", "group/metadata.json": "{}"})
    task(root, "group/t1")
    found = discover(root)
    assert [(f.rel, f.has_report) for f in found.found] == [("group/t1", True), ("lonely", False)]


def test_the_root_itself_can_be_the_task(tmp_path: Path):
    root = task(tmp_path, "one")
    assert [f.rel for f in discover(root).found] == ["."]


def test_symlinks_out_of_the_root_are_not_followed(tmp_path: Path):
    outside = tmp_path / "outside"
    task(outside, "secret")
    write(outside, {"report.md": GOOD_REPORT})
    root = tmp_path / "root"
    task(root, "real")
    (root / "link").symlink_to(outside / "secret", target_is_directory=True)
    (root / "linkparent").symlink_to(outside, target_is_directory=True)
    write(root, {"sneaky/metadata.json": "{}"})
    (root / "sneaky/lib").mkdir()
    (root / "sneaky/lib/MODEL_FAILURES.md").symlink_to(outside / "report.md")
    found = discover(root)
    assert [(f.rel, f.has_report) for f in found.found] == [("real", True), ("sneaky", False)]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads unreadable folders")
def test_an_unreadable_folder_is_a_warning(tmp_path: Path):
    root = tmp_path / "root"
    task(root, "ok")
    locked = root / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        found = discover(root)
    finally:
        locked.chmod(0o755)
    assert [f.rel for f in found.found] == ["ok"]
    assert len(found.warnings) == 1 and "locked" in found.warnings[0]


# --- shards ----------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_every_task_is_in_exactly_one_shard(n: int):
    rels = [f"cfn-yaml/Pr{i}" for i in range(300)]
    shards = [take_shard(rels, str, (k, n)) for k in range(1, n + 1)]
    assert sorted(r for shard in shards for r in shard) == sorted(rels)
    assert sum(len(s) for s in shards) == len(rels)
    if n > 1:
        assert all(shards), "a hash that puts everything in one shard is no partition"


def test_shards_are_stable_when_tasks_are_added():
    before = {r: shard_of(r, 4) for r in (f"t{i}" for i in range(100))}
    after = {r: shard_of(r, 4) for r in (f"t{i}" for i in range(1000))}
    assert all(after[r] == s for r, s in before.items())


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3"])
def test_bad_shards_are_refused(text: str):
    with pytest.raises(ShardError):
        parse_shard(text)
    assert parse_shard(" 2/5 ") == (2, 5)


# --- results lines, resume -------------------------------------------------------------------


def test_results_lines_hold_the_same_result_as_check(tmp_path: Path, capsys):
    root = tmp_path / "root"
    shutil.copytree(STACKS / "storage-kms", root / "storage-kms")
    out = tmp_path / "out.jsonl"
    _summary, lines = batch(root, out=out)
    assert len(lines) == 1
    line = lines[0]
    assert list(line) == ["task", "status", "error", "seconds", "platform", "result"]
    assert line["task"] == "storage-kms" and line["status"] == "ok" and line["error"] is None
    assert isinstance(line["seconds"], float) and line["seconds"] > 0
    assert line["platform"] == "CloudFormation YAML"
    main(["check", str(root / "storage-kms"), "--format", "json"])
    assert line["result"] == json.loads(capsys.readouterr().out)


def test_resume_skips_done_tasks_and_tolerates_a_torn_last_line(tmp_path: Path):
    root = tmp_path / "root"
    for name in ("t1", "t2", "t3"):
        task(root, name)
    out = tmp_path / "out.jsonl"
    summary, lines = batch(root, out=out)
    assert summary["run"]["checked"] == 3 and sorted(statuses(lines)) == ["t1", "t2", "t3"]
    kept = out.read_text().splitlines()
    torn = next(line for line in kept if '"t2"' in line)
    out.write_text("\n".join(line for line in kept if line != torn) + "\n" + torn[: len(torn) // 2])
    assert read_previous(out).torn_bytes == len(torn) // 2
    task(root, "t4")
    summary, lines = batch(root, out=out, resume=True)
    assert summary["run"]["checked"] == 2 and summary["run"]["resumed"] == 2
    assert sorted(line["task"] for line in lines) == ["t1", "t2", "t3", "t4"]  # every line parses: the torn one is gone
    assert summary["tasks"]["ok"] == 4
    summary, lines = batch(root, out=out, resume=True)
    assert summary["run"]["checked"] == 0 and len(lines) == 4 and summary["tasks"]["total"] == 4


def test_cut_torn_tail_keeps_whole_lines(tmp_path: Path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"task":"a"}\n{"task":"b"')
    cut_torn_tail(path)
    assert path.read_bytes() == b'{"task":"a"}\n'
    path.write_bytes(b"no newline at all")
    cut_torn_tail(path)
    assert path.read_bytes() == b""


def test_retry_errors_runs_failed_tasks_again_and_the_last_line_wins(tmp_path: Path):
    root = tmp_path / "root"
    task(root, "good")
    task(root, "bad", report=b"\x00\x01binary\x00")
    out = tmp_path / "out.jsonl"
    _summary, lines = batch(root, out=out)
    assert statuses(lines) == {"bad": "error", "good": "ok"}
    summary, _ = batch(root, out=out, resume=True)
    assert summary["run"]["checked"] == 0
    (root / "bad" / REPORT).write_text(GOOD_REPORT)
    summary, lines = batch(root, out=out, resume=True, retry_errors=True)
    assert summary["run"]["checked"] == 1 and summary["tasks"]["error"] == 0 and summary["tasks"]["ok"] == 2
    assert len(lines) == 3
    assert {r["task"]: r["status"] for r in read_records(out)} == {"good": "ok", "bad": "ok"}


# --- failing tasks ---------------------------------------------------------------------------


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["Metadata:", "  l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    lines += ["Resources:", "  Q:", "    Type: AWS::SQS::Queue", "    Properties:", f"      Tags: *l{levels}"]
    return "\n".join(lines) + "\n"


def test_hostile_tasks_each_get_their_own_line_and_the_run_goes_on(tmp_path: Path):
    root = tmp_path / "root"
    task(root, "a-binary-report", report=bytes(range(256)) * 40)
    task(root, "b-invalid-utf8", report=b"# Report\n\nThe Lambda has \xff\xfe 256 MB memory.\n")
    task(root, "c-nul-bytes", report=b"# Report\x00\x00\nmore")
    task(root, "d-alias-bomb", template=_alias_bomb())
    big = task(root, "e-big-template")
    with open(big / "lib/TapStack.yml", "a") as handle:
        handle.write("# padding line to make a fifty megabyte template\n" * 1_100_000)
    write(root, {"f-no-report/metadata.json": '{"platform": "cfn", "language": "yaml"}',
                 "f-no-report/lib/TapStack.yml": GOOD_TEMPLATE})
    task(root, "g-good")
    out = tmp_path / "out.jsonl"
    summary, lines = batch(root, out=out)
    by_task = {line["task"]: line for line in lines}
    assert statuses(lines) == {
        "a-binary-report": "error", "b-invalid-utf8": "ok", "c-nul-bytes": "error", "d-alias-bomb": "ok",
        "e-big-template": "ok", "f-no-report": "no-report", "g-good": "ok",
    }
    for line in lines:
        assert line["error"] is None or "\n" not in line["error"]
    assert "binary" in by_task["a-binary-report"]["error"]
    assert any("limit" in w for w in by_task["e-big-template"]["result"]["warnings"])
    assert by_task["d-alias-bomb"]["result"]["warnings"]
    assert by_task["f-no-report"]["platform"] == "CloudFormation YAML"
    assert summary["tasks"] == {"total": 7, "ok": 4, "error": 2, "timeout": 0, "no_report": 1}


def test_a_task_over_the_time_limit_is_killed_and_recorded(tmp_path: Path):
    root = tmp_path / "root"
    for name in ("t1", "t2", "t3"):
        task(root, name)
    out = tmp_path / "out.jsonl"
    stream = tmp_path / "progress.txt"
    with open(stream, "w") as handle:
        summary, lines = batch(root, progress_stream=handle, out=out, jobs=1, task_timeout=0.001)
    assert statuses(lines) == {"t1": "timeout", "t2": "timeout", "t3": "timeout"}
    assert all("time limit" in line["error"] and line["result"] is None for line in lines)
    assert summary["tasks"]["timeout"] == 3
    assert len(stream.read_text().splitlines()) == 3  # one line per failed task, nothing else


def _fake_check(real):
    """A check_task double: folders named slow/crash/oom/boom misbehave, others are checked for real."""

    def fake(root, report=None, *args, **kwargs):
        name = Path(root).name
        if name == "slow":
            time.sleep(60)
        if name == "crash":
            os._exit(3)
        if name == "oom":
            hog = bytearray(8 * 1024 * 1024 * 1024)
            return {"hog": len(hog)}
        if name == "boom":
            raise ValueError("a\nmulti-line message")
        return real(root, report, *args, **kwargs)

    return fake


@needs_fork
def test_slow_crashing_and_failing_tasks_cost_only_themselves(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(verifier.api, "check_task", _fake_check(verifier.api.check_task))
    root = tmp_path / "root"
    for name in ("boom", "crash", "good1", "good2", "oom", "slow"):
        task(root, name)
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    summary, lines = batch(root, out=out, task_timeout=3, task_memory_mb=512)
    assert time.monotonic() - started < 30
    by_task = {line["task"]: line for line in lines}
    assert statuses(lines) == {"boom": "error", "crash": "error", "good1": "ok", "good2": "ok", "oom": "error",
                               "slow": "timeout"}
    assert by_task["boom"]["error"] == "ValueError: a multi-line message"
    assert by_task["crash"]["error"] == "worker process exited (code 3)"
    assert by_task["oom"]["error"].startswith("MemoryError")
    assert by_task["good1"]["result"]["summary"]["claims"] > 0
    assert summary["tasks"]["ok"] == 2


def _pid_check(real):
    """A check_task double that records which worker process checked the task (as a warning)."""

    def fake(root, report=None, *args, **kwargs):
        result = real(root, report, *args, **kwargs)
        result["warnings"].append(f"pid {os.getpid()}")
        return result

    return fake


def _worker_pids(lines: list[dict]) -> set[str]:
    return {w for line in lines for w in line["result"]["warnings"] if w.startswith("pid ")}


@needs_fork
@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="private memory is read from /proc")
def test_a_worker_over_the_private_memory_limit_is_replaced_after_its_task(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(verifier.api, "check_task", _pid_check(verifier.api.check_task))
    root = tmp_path / "root"
    for name in ("a", "b", "c", "d", "e"):
        task(root, name)
    _, kept = batch(root, out=tmp_path / "kept.jsonl", jobs=1)
    _, replaced = batch(root, out=tmp_path / "replaced.jsonl", jobs=1, worker_max_private_mb=1)
    assert statuses(kept) == statuses(replaced) == dict.fromkeys("abcde", "ok")
    assert len(_worker_pids(kept)) == 1  # one worker checks all five
    assert len(_worker_pids(replaced)) == 5  # every task leaves more than 1 MB its own: a fresh fork each time


# --- summary ---------------------------------------------------------------------------------


def test_summary_counts_on_two_sample_stacks(tmp_path: Path):
    root = tmp_path / "root"
    names = ("event-pipeline", "tf-web-app")
    for name in names:
        shutil.copytree(STACKS / name, root / name)
    summary, lines = batch(root, out=tmp_path / "out.jsonl")
    checks = {name: verifier.api.check_task(root / name) for name in names}
    verdicts = ("supported", "contradicted", "unverifiable")
    for verdict in verdicts:
        assert summary["claims"][verdict] == sum(c["summary"][verdict] for c in checks.values())
    assert summary["claims"]["total"] == sum(len(c["claims"]) for c in checks.values())
    assert summary["tasks"] == {"total": 2, "ok": 2, "error": 0, "timeout": 0, "no_report": 0}
    contradicted = [n for n, c in checks.items() if c["summary"]["contradicted"]]
    assert summary["tasks_with_contradicted"] == len(contradicted)
    assert summary["contradicted_task_share"] == round(len(contradicted) / 2, 4)
    assert set(summary["by_platform"]) == {"CloudFormation JSON", "Terraform HCL"}
    assert summary["by_platform"]["Terraform HCL"]["claims"]["total"] == len(checks["tf-web-app"]["claims"])
    families = summary["by_family"]
    assert sum(f["claims"] for f in families.values()) == summary["claims"]["total"]
    for family, counts in families.items():
        rows = [c for check in checks.values() for c in check["claims"] if family_of(c) == family]
        assert counts["contradicted"] == sum(c["verdict"] == "contradicted" for c in rows)
    assert summary["gate"]["failed"] is bool(contradicted)
    text = render.render_plain(summary)
    assert "by platform" in text and "by claim family" in text and "Terraform HCL" in text


def test_family_table_and_platform_labels(tmp_path: Path):
    assert family_of({"concept": "snippet.value", "check": "IV500"}) == "quoted code"
    assert family_of({"concept": "count.exists.alarm", "check": "IV300"}) == "counts"
    assert family_of({"concept": "lambda.memory", "check": "IV100"}) == "settings: values"
    assert family_of({"concept": "s3.versioning", "check": "IV200"}) == "settings: on/off"
    assert family_of({"concept": "region", "check": "IV700"}) == "task facts"
    assert family_of({"concept": "regional.thing", "check": ""}) == "other"
    write(tmp_path, {"m/metadata.json": '{"platform": "cdk", "language": "ts"}', "tf/lib/main.tf": "",
                     "bare/lib/x.json": "{}"})
    assert platform_of(tmp_path / "m") == "CDK TypeScript"
    assert platform_of(tmp_path / "tf") == "Terraform"
    assert platform_of(tmp_path / "bare", {"artifacts": {"final": ["lib/TapStack.yml"]}}) == "CloudFormation YAML"
    assert platform_of(tmp_path / "bare", {"artifacts": {"final": ["lib"]}}) == "Terraform"


def test_digest_ignores_suppressed_claims_and_odd_records():
    digest = digest_of({"task": "t", "status": "ok", "result": {"claims": [
        {"concept": "iam.action", "verdict": "contradicted", "suppressed": True},
        {"concept": "iam.action", "verdict": "supported"}, "junk", {"verdict": "maybe"}]}})
    assert digest.verdicts == {"supported": 1, "contradicted": 0, "unverifiable": 0} and digest.suppressed == 1
    assert digest_of({"task": "t", "status": "weird", "result": "x"}).status == "error"


# --- command line ----------------------------------------------------------------------------


def test_cli_exit_codes_and_json_summary(tmp_path: Path, capsys):
    root = tmp_path / "root"
    shutil.copytree(STACKS / "storage-kms", root / "storage-kms")
    assert main(["batch", str(root), "--format", "json", "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert summary["tasks"]["ok"] == 1 and summary["claims"]["contradicted"] > 0
    assert captured.err == ""  # no bar and no noise when standard error is not a terminal
    assert main(["batch", str(root), "--fail-on", "never", "--jobs", "1"]) == 0
    assert "by claim family" in capsys.readouterr().out
    for bad in (["batch", str(tmp_path / "missing")], ["batch", str(root), "--shard", "3/2"],
                ["batch", str(root), "--resume"], ["batch", str(root), "--jobs", "0"]):
        assert main(bad) == 2
        err = capsys.readouterr().err
        assert err.startswith("iac-verify batch: ") and err.count("\n") == 1
    with pytest.raises(SystemExit) as exit_info:
        main(["batch", str(root), "--fail-on", "sometimes"])
    assert exit_info.value.code == 2


def test_cli_shards_split_the_work(tmp_path: Path, capsys):
    root = tmp_path / "root"
    for index in range(6):
        task(root, f"t{index}")
    seen = []
    for k in (1, 2):
        out = tmp_path / f"shard{k}.jsonl"
        main(["batch", str(root), "--shard", f"{k}/2", "--out", str(out), "--format", "json", "--fail-on", "never"])
        assert json.loads(capsys.readouterr().out)["run"]["shard"] == f"{k}/2"
        seen += [json.loads(line)["task"] for line in out.read_text().splitlines()]
    assert sorted(seen) == [f"t{i}" for i in range(6)]


def test_result_formats_receive_every_task_result(tmp_path: Path, capsys, monkeypatch):
    root = tmp_path / "root"
    task(root, "good")
    task(root, "bad", report=b"\x00binary")
    received = []

    def fake_renderer(results, base):
        received.extend(results)
        return f"{len(results)} results under {base}\n"

    monkeypatch.setitem(render.RESULT_FORMATS, "fake", fake_renderer)
    for extra in ([], ["--out", str(tmp_path / "o.jsonl")]):
        received.clear()
        main(["batch", str(root), "--format", "fake", "--fail-on", "never", *extra])
        captured = capsys.readouterr()
        assert captured.out == f"2 results under {root}\n"
        assert "tasks:" in captured.err
        assert received[0] == {"task": str(root / "bad"), "error": received[0]["error"]} and "binary" in received[0]["error"]
        assert received[1]["claims"] and received[1]["task"] == str(root / "good")


def test_the_module_runs_as_a_command(tmp_path: Path):
    import subprocess

    root = tmp_path / "root"
    task(root, "t")
    proc = subprocess.run([sys.executable, "-m", "verifier", "batch", str(root), "--format", "json", "--fail-on", "never"],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["tasks"]["ok"] == 1


def test_terminal_output_bar_and_rich_tables(tmp_path: Path):
    import io

    from verifier.batch.progress import make_progress

    stream = io.StringIO()
    progress = make_progress(stream, bar=True)
    progress.start(2)
    progress.advance("t1", "ok", None)
    progress.advance("t2", "timeout", "over the 1 s time limit; killed")
    progress.close()
    assert "t2: timeout: over the 1 s time limit; killed" in stream.getvalue()
    assert "2/2" in stream.getvalue()
    quiet = io.StringIO()
    progress = make_progress(quiet)  # a StringIO is no terminal: failures only
    progress.start(2)
    progress.advance("t1", "ok", None)
    progress.advance("t2", "error", "boom")
    progress.close()
    assert quiet.getvalue() == "iac-verify batch: t2: error: boom\n"
    root = tmp_path / "root"
    task(root, "t")
    summary, _ = batch(root)
    tables = io.StringIO()
    render.render_rich(summary, tables)
    assert "by claim family" in tables.getvalue() and "quoted code" in tables.getvalue()
