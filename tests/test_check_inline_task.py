"""End-to-end checks of a small task folder written by the test: claims read, scoped and decided."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from verifier.api import InputError, check_task

TEMPLATE = """AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  EnvironmentSuffix:
    Type: String
    Default: dev
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub 'orders-${EnvironmentSuffix}'
      BillingMode: PAY_PER_REQUEST
      KeySchema:
        - AttributeName: orderId
          KeyType: HASH
      AttributeDefinitions:
        - AttributeName: orderId
          AttributeType: S
  OrdersFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      MemorySize: 512
      Handler: index.handler
      Role: !GetAtt OrdersRole.Arn
      Code:
        ZipFile: "def handler(e, c): return 1"
  OrdersRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: Data
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [dynamodb:PutItem]
                Resource: !Sub '${OrdersTable.Arn}/index/*'
  Logs:
    Type: AWS::Logs::LogGroup
Outputs:
  TableName:
    Value: !Ref OrdersTable
"""

MODEL = """Here is the template.

```yaml
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PROVISIONED
  OrdersFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      MemorySize: 256
```
"""

REPORT = """# Model failures

## Issues in Model Response

### 1. Memory too small

**MODEL_RESPONSE Issue**: The Lambda function had 256MB memory.

**IDEAL_RESPONSE Fix**: The Lambda function now has 1024MB memory.

### 2. Billing

**Original Code**:
```yaml
BillingMode: PROVISIONED
```

**Fixed Code**:
```yaml
BillingMode: PAY_PER_REQUEST
```

## Validation Checklist

- [x] Lambda timeout of 30 seconds
- [x] DynamoDB point-in-time recovery enabled
- [x] IAM policies use exact ARNs without wildcards
- [x] CloudWatch log groups with 14-day retention
- [x] The template defines 4 AWS resources and 1 outputs
- [x] Runtime python3.12

## Summary

All requirements met. Consider adding alarms in the future.
"""


@pytest.fixture()
def task(tmp_path: Path) -> Path:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "TapStack.yml").write_text(TEMPLATE)
    (tmp_path / "lib" / "MODEL_RESPONSE.md").write_text(MODEL)
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(REPORT)
    return tmp_path


def verdicts(result: dict, line: int) -> list[tuple[str, str]]:
    return [(c["concept"], c["verdict"]) for c in result["claims"] if c["line"] == line]


def line_of(text: str) -> int:
    return REPORT.splitlines().index(text) + 1


def test_model_claim_is_checked_against_the_model_answer(task: Path) -> None:
    result = check_task(task)
    assert ("lambda.memory", "supported") in verdicts(result, line_of("**MODEL_RESPONSE Issue**: The Lambda function had 256MB memory."))
    fix = verdicts(result, line_of("**IDEAL_RESPONSE Fix**: The Lambda function now has 1024MB memory."))
    assert ("lambda.memory", "contradicted") in fix
    row = next(c for c in result["claims"] if c["line"] == line_of("**IDEAL_RESPONSE Fix**: The Lambda function now has 1024MB memory."))
    assert row["actual"] == 512 and row["evidence"]["file"] == "lib/TapStack.yml" and row["evidence"]["line"] == 22


def test_quoted_snippets_follow_their_labels(task: Path) -> None:
    result = check_task(task)
    snippet_rows = [c for c in result["claims"] if c["concept"] == "snippet.value"]
    assert {(c["scope"], c["expected"], c["verdict"]) for c in snippet_rows} == {
        ("model", "PROVISIONED", "supported"),
        ("final", "PAY_PER_REQUEST", "supported"),
    }


def test_defaults_decide_absent_properties(task: Path) -> None:
    result = check_task(task)
    timeout = next(c for c in result["claims"] if c["concept"] == "lambda.timeout")
    assert timeout["verdict"] == "contradicted" and timeout["actual"] == 3
    assert "default" in timeout["evidence"]["note"]
    retention = next(c for c in result["claims"] if c["concept"] == "logs.retention")
    assert retention["verdict"] == "contradicted" and retention["actual"] == "never expires"
    pitr = next(c for c in result["claims"] if c["concept"] == "dynamodb.pitr")
    assert pitr["verdict"] == "contradicted"


def test_wildcards_counts_and_aggregate(task: Path) -> None:
    result = check_task(task)
    assert ("iam.wildcard", "contradicted") in verdicts(result, line_of("- [x] IAM policies use exact ARNs without wildcards"))
    counts = dict(verdicts(result, line_of("- [x] The template defines 4 AWS resources and 1 outputs")))
    assert counts == {"count.resources": "supported", "count.outputs": "supported"}
    assert ("aggregate.requirements", "contradicted") in verdicts(result, line_of("All requirements met. Consider adding alarms in the future."))


def test_advice_is_not_a_claim(task: Path) -> None:
    result = check_task(task)
    assert all("alarm" not in c["concept"] for c in result["claims"])


def test_cli_json_contract_and_exit_codes(task: Path, tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "verifier", "check", str(task), "--format", "json"], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    for row in data["claims"]:
        assert {"report", "line", "text", "verdict", "expected", "actual", "evidence"} <= set(row)
        assert set(row["evidence"]) >= {"file", "line", "resource", "path"}
        assert row["verdict"] in ("supported", "contradicted", "unverifiable")
    never = subprocess.run([sys.executable, "-m", "verifier", "check", str(task), "--fail-on", "never"], capture_output=True, text=True)
    assert never.returncode == 0 and "contradicted" in never.stdout
    missing = subprocess.run([sys.executable, "-m", "verifier", "check", str(tmp_path / "nope")], capture_output=True, text=True)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr and missing.stderr.count("\n") == 1


def test_folder_without_report_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        check_task(tmp_path)
