"""Claim families added for real reports: answer documentation, quoted code located by owner,
absence phrasing, partial counts and IAM grants from managed and resource policies."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.api import check_task

TEMPLATE = """AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
    Default: dev
    AllowedValues: [dev, prod]
Resources:
  PrivateSubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-1
      CidrBlock: 10.0.1.0/24
  PrivateSubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-1
      CidrBlock: 10.0.2.0/24
  PublicSubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-1
      CidrBlock: 10.0.3.0/24
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: events.amazonaws.com}
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub 'alerts-${Env}'
"""

IDEAL = """# Solution

## Overview

This stack builds a small network with private subnets and an alerting topic. It explains every
decision below, so that operators can reason about the design and keep it running over time.

## Deployment Instructions

Run `aws cloudformation deploy --template-file lib/TapStack.yml --stack-name demo`.

## Next Steps

Wire the topic to an on-call rotation.
"""

REPORT = """# Model Failures

## MODEL_RESPONSE Issues

- No deployment guidance
- The model provided only raw YAML template

## IDEAL_RESPONSE Fixes

- Clear deployment instructions
- Missing post-deployment configuration guidance

**Fixed Code**:
```yaml
Parameters:
  Env:
    AllowedValues:
      - dev
      - staging
Resources:
  Topic:
    Type: AWS::SNS::Topic
```

## Summary

- The final template has 3 private subnets.
- Auto Scaling: 2 resources
- No route tables for private subnets
- The role has `logs:PutLogEvents` permission.
- The queue policy allows `sqs:SendMessage` from EventBridge.
- Missing Lambda Security Group in VPC Stack
"""


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    root: Path = tmp_path_factory.mktemp("task")
    (root / "lib").mkdir()
    (root / "lib" / "TapStack.yml").write_text(TEMPLATE)
    (root / "lib" / "MODEL_RESPONSE.md").write_text(TEMPLATE)  # the model answered with bare code
    (root / "lib" / "IDEAL_RESPONSE.md").write_text(IDEAL)
    (root / "lib" / "MODEL_FAILURES.md").write_text(REPORT)
    return check_task(root)["claims"]


def _verdicts(findings: list[dict], needle: str) -> set[str]:
    return {c["verdict"] for c in findings if needle in c["text"] or needle in c["quote"]}


def test_code_only_answer_documents_nothing(findings: list[dict]) -> None:
    assert _verdicts(findings, "No deployment guidance") == {"supported"}
    assert _verdicts(findings, "only raw YAML template") == {"supported"}


def test_documented_topics_are_found_in_the_ideal_answer(findings: list[dict]) -> None:
    assert _verdicts(findings, "Clear deployment instructions") == {"supported"}
    assert _verdicts(findings, "post-deployment configuration guidance") == {"contradicted"}  # "Next Steps"


def test_quoted_list_items_are_compared_with_the_owners_list(findings: list[dict]) -> None:
    by_quote = {c["quote"]: c for c in findings if c["concept"] == "snippet.value"}
    assert by_quote["- dev"]["verdict"] == "supported"
    assert by_quote["- staging"]["verdict"] == "contradicted"
    assert by_quote["- staging"]["evidence"]["resource"] == "Parameters.Env"
    assert by_quote["Type: AWS::SNS::Topic"]["verdict"] == "supported"


def test_counts_narrow_by_name_and_partial_counts_are_not_totals(findings: list[dict]) -> None:
    private = [c for c in findings if c["concept"] == "count.exists.subnet"]
    assert [(c["verdict"], c["actual"]) for c in private] == [("contradicted", 2)]
    assert not [c for c in findings if c["concept"] == "count.resources"]


def test_absence_of_a_qualified_phrase_is_no_claim(findings: list[dict]) -> None:
    assert not [c for c in findings if c["line"] in (33, 36) and c["concept"].startswith("exists.")]


def test_managed_and_resource_policies_grant_actions(findings: list[dict]) -> None:
    assert _verdicts(findings, "logs:PutLogEvents") == {"supported"}
    assert _verdicts(findings, "sqs:SendMessage") == {"supported"}


LINTED = """AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeoutSeconds: 60
"""


def test_lint_claims_run_cfn_lint(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "TapStack.yml").write_text(LINTED)
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text("# R\n\n## Validation\n\n- cfn-lint passes with no errors\n")
    [claim] = [c for c in check_task(tmp_path)["claims"] if c["concept"] == "lint.clean"]
    assert claim["verdict"] == "contradicted"
    assert claim["evidence"]["path"].startswith("E3") and claim["evidence"]["line"] == 6


DOC_TEMPLATE = """# Ideal response

```yaml
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Queue:
    Type: AWS::SQS::Queue
    DeletionPolicy: Retain
    Properties:
      VisibilityTimeout: 180
```
"""


def test_document_drift_is_listed_and_noted(tmp_path: Path) -> None:
    from verifier.drift import drift
    from verifier.task import load_task

    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "TapStack.yml").write_text("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 30\n")
    (tmp_path / "lib" / "IDEAL_RESPONSE.md").write_text(DOC_TEMPLATE)
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(
        "# R\n\n## IDEAL_RESPONSE Fix\n\n**Fixed Code**:\n```yaml\nQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n    VisibilityTimeout: 180\n```\n")
    document, differences = drift(load_task(tmp_path))
    assert document == "lib/IDEAL_RESPONSE.md"
    assert {(d.kind, d.path, str(d.document), str(d.files)) for d in differences} == {
        ("value", "VisibilityTimeout", "180", "30"), ("value", "DeletionPolicy", "Retain", "None")}
    [claim] = [c for c in check_task(tmp_path)["claims"] if c["quote"] == "VisibilityTimeout: 180"]
    assert claim["verdict"] == "contradicted" and claim["actual"] == 30
    assert "document differs" in claim["reason"] and claim["evidence_all"][-1]["file"] == "lib/IDEAL_RESPONSE.md"


def test_properties_said_to_be_unset(tmp_path: Path) -> None:
    template = ("Resources:\n  DataKey:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: k\n"
                "  Table:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n")
    final = template.replace("Description: k", "EnableKeyRotation: true")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "TapStack.yml").write_text(final)
    (tmp_path / "lib" / "MODEL_RESPONSE.md").write_text("```yaml\n" + template + "```\n")
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(
        "# R\n\n## MODEL_RESPONSE Issues\n\n"
        "- `DataKey` was created without `EnableKeyRotation`.\n"
        "- The table had no `DeletionPolicy`.\n"
        "- The key had no `AllowedPattern`.\n")
    verdicts = {c["quote"]: c["verdict"] for c in check_task(tmp_path)["claims"] if c["concept"] == "setting.absent"}
    assert verdicts == {"`EnableKeyRotation`": "supported", "`DeletionPolicy`": "contradicted", "`AllowedPattern`": "unverifiable"}


def test_value_chosen_by_a_parameter_is_not_contradicted_by_another_choice(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "TapStack.yml").write_text(
        "Parameters:\n  Environment:\n    Type: String\n    Default: dev\n"
        "Mappings:\n  Sizes:\n    dev: {Class: db.t3.micro}\n    prod: {Class: db.m5.large}\n"
        "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n"
        "      DBInstanceClass: !FindInMap [Sizes, !Ref Environment, Class]\n")
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(
        "# R\n\n## Final\n\n- The RDS instance class is db.m5.large for production databases.\n- The RDS instance class is db.r5.large.\n")
    verdicts = {c["expected"]: c["verdict"] for c in check_task(tmp_path)["claims"] if c["concept"] == "rds.instance_class"}
    assert verdicts == {"db.m5.large": "unverifiable", "db.r5.large": "contradicted"}


def test_complexity_restated_from_metadata(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "TapStack.yml").write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    (tmp_path / "metadata.json").write_text('{"platform": "cfn", "language": "yaml", "complexity": "expert"}')
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(
        "# Summary\n\nComplexity: hard\n\nThe model tackled an expert-complexity task.\n\n**Fix Complexity**: Low\n")
    found = {(c["line"], c["quote"]): c["verdict"] for c in check_task(tmp_path)["claims"] if c["concept"] == "metadata.complexity"}
    assert found == {(3, "hard"): "contradicted", (5, "expert"): "supported"}


def test_a_counted_lead_in_is_checked_against_the_list_after_it(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "TapStack.yml").write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(
        "# Fixes\n\nCreated two additional resources:\n- `A`: a function\n- `B`: a role\n- `C`: a custom resource\n\n"
        "The stack uses 5 AWS services:\n\n- SQS, SNS, Lambda, KMS, S3\n\n"
        "Removed 7 resources:\n- 4 alarms\n- 3 dashboards\n\n"
        "Parameters (6 tests):\n- defaults\n")
    found = {c["quote"]: (c["verdict"], c["actual"]) for c in check_task(tmp_path)["claims"] if c["concept"] == "report.list_count"}
    assert found == {"two additional resources:": ("contradicted", 3), "5 AWS services:": ("supported", 5),
                     "7 resources:": ("supported", 7)}


SG_TEMPLATE = """Resources:
  AlbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: alb
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0 }
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }
  AppSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
  AppFromAlb:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref AppSecurityGroup
      IpProtocol: tcp
      FromPort: 8080
      ToPort: 8080
      SourceSecurityGroupId: !GetAtt AlbSecurityGroup.GroupId
  DatabaseSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: db
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 10.0.0.0/16 }
"""


def test_security_group_ingress_claims(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "TapStack.yml").write_text(SG_TEMPLATE)
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(
        "# Final Template\n\n"
        "- The ALB security group allows only ports 80 and 443 from `0.0.0.0/0`.\n"
        "- The app security group allows port 8080 from the ALB security group only.\n"
        "- The database security group allows port 5432 only from the app security group.\n"
        "- No SSH access from the internet.\n"
        "- Port 8080 is open to `0.0.0.0/0`.\n"
        "- The ALB security group allows only port 443 from anywhere.\n")
    found = {(c["line"], c["quote"]): c["verdict"] for c in check_task(tmp_path)["claims"] if c["concept"] == "sg.ingress"}
    assert found == {(3, "ports 80 and 443"): "supported", (4, "port 8080"): "supported", (5, "port 5432"): "contradicted",
                     (6, "SSH"): "supported", (7, "Port 8080"): "contradicted", (8, "port 443"): "contradicted"}


def test_quoted_method_calls_are_looked_for_in_the_source(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "cdk.json").write_text('{"app": "npx ts-node bin/app.ts"}')
    (tmp_path / "lib" / "stack.ts").write_text(
        "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';\n"
        "const table = new dynamodb.Table(this, 'Orders', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });\n"
        "table.grantWriteData( handler );\n")
    (tmp_path / "lib" / "MODEL_RESPONSE.md").write_text("```typescript\ntable.grantReadData(handler);\n```\n")
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(
        "# Issues\n\n**MODEL_RESPONSE Issue**: The model called `table.grantReadData(handler)`.\n\n"
        "**IDEAL_RESPONSE Fix**: The final stack calls `table.grantWriteData(handler)` and `table.grantFullAccess(handler)`.\n\n"
        "**IDEAL_RESPONSE Fix**: The final stack calls `table.grantReadData(handler)`.\n")
    found = {(c["line"], c["quote"]): c["verdict"] for c in check_task(tmp_path)["claims"] if c["concept"] == "code.call"}
    assert found == {(3, "`table.grantReadData(handler)`"): "supported", (5, "`table.grantWriteData(handler)`"): "supported",
                     (5, "`table.grantFullAccess(handler)`"): "unverifiable", (7, "`table.grantReadData(handler)`"): "contradicted"}


def test_claims_stating_two_values_for_one_setting_are_marked_as_conflicting(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "TapStack.yml").write_text(
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 512\n      Timeout: 30\n")
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(
        "# Report\n\n## Final Template\n\n- The function has 256 MB of memory.\n- Timeout: 30 seconds on the function.\n"
        "- The function runs with 512 MB of memory.\n")
    result = check_task(tmp_path)
    by_line = {c["line"]: c for c in result["claims"] if c["concept"] == "lambda.memory"}
    assert by_line[5]["conflicts_with"] == [7] and by_line[7]["conflicts_with"] == [5]
    assert (by_line[5]["verdict"], by_line[7]["verdict"]) == ("contradicted", "supported")
    assert all(not c["conflicts_with"] for c in result["claims"] if c["concept"] != "lambda.memory")
    assert any("state different values of lambda.memory" in w for w in result["warnings"])


def test_cdk_props_quoted_in_typescript_and_python_blocks(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "bin").mkdir()
    (tmp_path / "cdk.json").write_text('{"app": "npx ts-node bin/app.ts"}')
    (tmp_path / "bin" / "app.ts").write_text(
        "import * as cdk from 'aws-cdk-lib';\nimport { JobsStack } from '../lib/stack';\n"
        "const app = new cdk.App();\nnew JobsStack(app, 'Jobs');\n")
    (tmp_path / "lib" / "stack.ts").write_text(
        "import * as cdk from 'aws-cdk-lib';\nimport * as sqs from 'aws-cdk-lib/aws-sqs';\nimport { Duration } from 'aws-cdk-lib';\n"
        "import { Construct } from 'constructs';\n"
        "export class JobsStack extends cdk.Stack {\n  constructor(scope: Construct, id: string, props?: cdk.StackProps) {\n"
        "    super(scope, id, props);\n    const dlq = new sqs.Queue(this, 'Dead');\n"
        "    new sqs.Queue(this, 'Jobs', {\n      visibilityTimeout: Duration.seconds(300),\n"
        "      deadLetterQueue: { queue: dlq, maxReceiveCount: 3 },\n    });\n  }\n}\n")
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(
        "# Issues\n\n**IDEAL_RESPONSE Fix**:\n```typescript\nconst jobs = new sqs.Queue(this, 'Jobs', {\n"
        "  visibilityTimeout: Duration.minutes(5),\n  deadLetterQueue: { queue: dlq, maxReceiveCount: 5 },\n});\n```\n\n"
        "**Fixed Code**:\n```python\nmax_receive_count=3,\ntimeout=Duration.seconds(30),\n```\n")
    found = {(c["line"], c["concept"]): c["verdict"] for c in check_task(tmp_path)["claims"]
             if c["concept"].startswith(("sqs.", "lambda."))}
    assert found == {(6, "sqs.visibility_timeout"): "supported", (7, "sqs.max_receive_count"): "contradicted",
                     (13, "sqs.max_receive_count"): "supported"}  # a bare `timeout` could belong to anything


def test_labelled_pass_counts_and_listed_coverage_kinds(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "test").mkdir()
    (tmp_path / "lib" / "TapStack.yml").write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    (tmp_path / "test" / "tap-stack.int.test.ts").write_text("".join(f"test('t{i}', () => {{}});\n" for i in range(5)))
    (tmp_path / "metadata.json").write_text('{"coverage": {"lines": 100, "branches": 60}}')
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(
        "# Test Results\n\n- Integration tests: 6 passed\n- Integration tests: 5 passed\n- Integration tests: 3 passed\n"
        "- Coverage: 100% lines, 85% branches\n")
    found = {c["quote"]: c["verdict"] for c in check_task(tmp_path)["claims"] if c["concept"] in ("tests.count", "coverage.percent")}
    assert found == {"6 passed": "contradicted", "5 passed": "supported", "3 passed": "unverifiable",
                     "Coverage: 100%": "supported", "85% branches": "contradicted"}
