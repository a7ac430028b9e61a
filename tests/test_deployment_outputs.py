"""Claims about a deployment checked against the stack outputs saved in the task folder (IV780)."""

from __future__ import annotations

import json
from pathlib import Path

from verifier.api import check_task

TEMPLATE = """AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub 'data-${AWS::AccountId}'
Outputs:
  BucketName:
    Value: !Ref Data
  Greeting:
    Value: hello
"""


def _task(tmp_path: Path, report: str, outputs: object | None) -> Path:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "TapStack.yml").write_text(TEMPLATE)
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(report)
    if outputs is not None:
        (tmp_path / "cfn-outputs").mkdir()
        (tmp_path / "cfn-outputs" / "flat-outputs.json").write_text(json.dumps(outputs, indent=2))
    return tmp_path


def _verdicts(result: dict) -> dict[str, tuple[str, str, object]]:
    return {c["quote"]: (c["verdict"], c["check"], c["actual"]) for c in result["claims"]}


REPORT = """# Deployment Results

- The deployed stack exports 2 outputs: `BucketName` and `Greeting`.
- Stack outputs include `QueueUrl`.
- The `BucketName` output is `data-999`.
- Deployed bucket name: `data-123456789012`.
- The stack was deployed to eu-central-1.
"""

OUTPUTS = {"TapStackpr7": {"BucketName": "data-123456789012", "Greeting": "hello",
                           "BucketArn": "arn:aws:s3:::data-123456789012",
                           "TopicArn": "arn:aws:sns:eu-west-1:123456789012:alerts"}}


def test_outputs_decide_process_claims(tmp_path: Path) -> None:
    found = _verdicts(check_task(_task(tmp_path, REPORT, OUTPUTS)))
    assert found["2 outputs"][:2] == ("contradicted", "IV780")  # four outputs were deployed
    assert found["2 outputs"][2] == 4
    assert found["BucketName"][:2] == ("supported", "IV780")
    assert found["QueueUrl"][:2] == ("contradicted", "IV780")
    assert found["data-999"] == ("contradicted", "IV780", "data-123456789012")
    assert found["bucket name: `data-123456789012`"][:2] == ("supported", "IV780")
    assert found["eu-central-1"] == ("contradicted", "IV780", "eu-west-1")


def test_evidence_points_at_the_output_line(tmp_path: Path) -> None:
    result = check_task(_task(tmp_path, REPORT, OUTPUTS))
    claim = next(c for c in result["claims"] if c["quote"] == "data-999")
    assert claim["evidence"]["file"] == "cfn-outputs/flat-outputs.json"
    assert claim["evidence"]["line"] == 3


def test_without_outputs_the_claims_are_not_decided_by_deployment(tmp_path: Path) -> None:
    result = check_task(_task(tmp_path, REPORT, None))
    assert all(c["check"] != "IV780" for c in result["claims"])
    found = _verdicts(result)
    assert found["QueueUrl"][0] == "unverifiable"


def test_output_value_in_the_final_template(tmp_path: Path) -> None:
    report = "# Fixes\n\n- The `Greeting` output is `hello`.\n- The `BucketName` output is `data-1`.\n"
    found = _verdicts(check_task(_task(tmp_path, report, None)))
    assert found["hello"][:2] == ("supported", "IV400")
    assert found["data-1"][0] == "unverifiable"  # a Ref: known only after deployment


def test_cloudformation_outputs_list_layout(tmp_path: Path) -> None:
    outputs = [{"OutputKey": "Greeting", "OutputValue": "hi"}]
    report = "# Deployment Results\n\n- The `Greeting` output is `hello`.\n"
    found = _verdicts(check_task(_task(tmp_path, report, outputs)))
    assert found["hello"] == ("contradicted", "IV780", "hi")
