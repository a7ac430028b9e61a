"""Reading rules added from the held-out tasks and the sample-stack gaps, one small task each."""

from __future__ import annotations

from pathlib import Path

from verifier.api import check_task


def _task(root: Path, template: str, report: str, extra: dict[str, str] | None = None) -> dict:
    (root / "lib").mkdir()
    (root / "lib" / "TapStack.yml").write_text(template)
    (root / "lib" / "MODEL_FAILURES.md").write_text(report)
    for name, text in (extra or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return check_task(root)


def _found(result: dict, concept: str) -> dict[str, str]:
    return {c["quote"]: c["verdict"] for c in result["claims"] if c["concept"] == concept}


QUEUES = """Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: { deadLetterTargetArn: !GetAtt JobsDlq.Arn, maxReceiveCount: 3 }
  JobsDlq:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      HealthCheckPath: /health
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: { MinSize: '2', MaxSize: '8', DesiredCapacity: '2' }
"""


def test_queue_health_check_and_scaling_phrasings(tmp_path: Path) -> None:
    result = _task(tmp_path, QUEUES, "# Final Template\n\n"
                   "- The DLQ keeps failed messages for 14 days after 3 receives.\n"
                   "- Target group health check on `/healthz`.\n"
                   "- The Auto Scaling group has a desired capacity of 2.\n")
    assert _found(result, "sqs.retention") == {"keeps failed messages for 14 days": "supported"}  # the DLQ, not Jobs
    assert _found(result, "sqs.max_receive_count") == {"3 receives": "supported"}  # read on the redriving queue
    assert _found(result, "alb.health_check_path") == {"health check on `/healthz`": "contradicted"}
    assert _found(result, "asg.desired_capacity") == {"desired capacity of 2": "supported"}  # a count at the sentence end


def test_nested_stack_without_its_template_makes_absence_undecidable(tmp_path: Path) -> None:
    template = ("Resources:\n  Network:\n    Type: AWS::CloudFormation::Stack\n"
                "    Properties:\n      TemplateURL: https://example.com/network-stack.json\n")
    result = _task(tmp_path, template, "# Final Template\n\n- The target group health check path is `/health`.\n")
    claim = next(c for c in result["claims"] if c["concept"] == "alb.health_check_path")
    assert claim["verdict"] == "unverifiable" and "nested stack Network" in claim["reason"]


def test_manner_without_bare_arm64_and_bucket_logs_are_not_absence_claims(tmp_path: Path) -> None:
    template = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
    result = _task(tmp_path, template, "# Final Template\n\n"
                   "- The tasks were reachable without the load balancer.\n"
                   "- Containers run on ARM64.\n"
                   "- The access log bucket had no lifecycle rule, so logs were kept forever.\n")
    assert not any(c["concept"] == "exists.load_balancer" for c in result["claims"])
    assert all(c["verdict"] != "contradicted" for c in result["claims"])


def test_a_tally_label_does_not_set_the_side_of_the_next_sentence(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "MODEL_RESPONSE.md").write_text("```yaml\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n```\n")
    template = "Resources:\n  A:\n    Type: AWS::SQS::Queue\n  B:\n    Type: AWS::SQS::Queue\n"
    (tmp_path / "lib" / "TapStack.yml").write_text(template)
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text(
        "# Conclusion\n\n**Total failures**: 1 Critical. The final stack creates two SQS queues.\n")
    claim = next(c for c in check_task(tmp_path)["claims"] if c["concept"].startswith("count."))
    assert (claim["scope"], claim["verdict"]) == ("final", "supported")


def test_coverage_of_an_earlier_state_is_not_a_claim(tmp_path: Path) -> None:
    result = _task(tmp_path, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n",
                   "# Issues\n\n**Root Cause**: placeholder tests left 0% test coverage.\n\nFinal coverage: 100% coverage.\n",
                   {"metadata.json": '{"coverage": {"lines": 100}}'})
    assert _found(result, "coverage.percent") == {"coverage: 100%": "supported"}


def test_named_role_narrows_iam_claims(tmp_path: Path) -> None:
    template = """Resources:
  IngestRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: all
          PolicyDocument: { Statement: [{ Effect: Allow, Action: 'dynamodb:*', Resource: '*' }] }
  ProcessorRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: read
          PolicyDocument: { Statement: [{ Effect: Allow, Action: 'dynamodb:GetItem', Resource: '*' }] }
"""
    result = _task(tmp_path, template, "# Final Template\n\n- The processor role never received `dynamodb:UpdateItem`.\n")
    assert _found(result, "iam.action") == {"dynamodb:UpdateItem": "supported"}


def test_hcl_blocks_of_outputs_alone_are_read_from_an_answer(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\noutput "a" { value = 1 }\n')
    (tmp_path / "lib" / "MODEL_RESPONSE.md").write_text(
        '```hcl\nresource "aws_sqs_queue" "q" {}\n```\n\n```hcl\noutput "a" { value = 1 }\n\noutput "b" { value = 2 }\n```\n')
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text("# Issues\n\n**MODEL_RESPONSE Issue**: The model exported only 2 outputs.\n")
    assert _found(check_task(tmp_path), "count.outputs") == {"2 outputs": "supported"}
