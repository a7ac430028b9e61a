"""Linting with the rule set loaded once per process gives what ``cfnlint.api.lint`` gives, and a
template text is linted once however many claims ask."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from verifier.process import lint as process_lint

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = [
    REPO / "tests" / "fixtures" / "process" / "lint" / "bad-template.yml",
    REPO / "tests" / "fixtures" / "process" / "lint" / "good-template.yml",
    *sorted((REPO / "sample_stacks").glob("*/lib/TapStack.yml")),
]
PROBLEMS = """AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Unused:
    Type: String
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketNam: x
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      DelaySeconds: !GetAtt Missing.Arn
Outputs:
  Arn:
    Value: !Sub '${Bucket.Arn}'
"""


def _key(match: object) -> tuple[object, ...]:
    return tuple(getattr(match, name) for name in ("linenumber", "columnnumber", "linenumberend", "columnnumberend", "message")) + (
        match.rule.id, tuple(getattr(match, "path", None) or ()))  # type: ignore[attr-defined]


def test_shared_rules_give_cfn_lints_own_findings() -> None:
    from cfnlint.api import lint

    texts = [path.read_text(encoding="utf-8") for path in TEMPLATES if path.is_file()] + [PROBLEMS, "Resources: [", ""]
    assert len(texts) >= 5
    for text in texts:
        assert sorted(map(_key, process_lint._lint(text, None))) == sorted(map(_key, lint(text)))
    for regions in (None, ["eu-west-1"]):  # again, with the loaded rules, and in another region
        assert sorted(map(_key, process_lint._lint(PROBLEMS, regions))) == sorted(map(_key, lint(PROBLEMS, regions=regions)))
    assert {match.rule.id for match in process_lint._lint(PROBLEMS, None)} >= {"E3002", "E1010", "W2001"}


def test_a_template_is_linted_once_for_every_claim_asking(tmp_path: Path) -> None:
    (tmp_path / "t.yml").write_text(PROBLEMS.replace("BucketNam", "BucketNamez"), encoding="utf-8")
    process_lint._findings.cache_clear()
    first = process_lint.cfn_lint_errors(tmp_path / "t.yml", root=tmp_path, regions=["us-east-1"])
    second = process_lint.cfn_lint_errors(tmp_path / "t.yml", root=tmp_path, regions=["us-east-1"])
    assert first == second and first
    assert process_lint._findings.cache_info().hits == 1
    first.clear()  # callers get their own list
    assert process_lint.cfn_lint_errors(tmp_path / "t.yml", root=tmp_path, regions=["us-east-1"]) == second


def test_memoized_dataclass_fields_are_the_fields() -> None:
    @dataclasses.dataclass
    class Point:
        x: int
        y: int = 0
        z: dataclasses.InitVar[int] = 0

    assert process_lint._fields(Point) == dataclasses.fields(Point)
    assert process_lint._fields(Point) is process_lint._fields(Point)
    assert process_lint._fields(Point(1)) == dataclasses.fields(Point(1))
