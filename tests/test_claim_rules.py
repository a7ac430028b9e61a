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


def _role(name: str, actions: str) -> str:
    """YAML of an IAM role named ``name`` whose one inline statement allows ``actions`` on every resource."""
    return (f"  {name}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {{}}\n      Policies:\n"
            f"        - PolicyName: p\n          PolicyDocument: {{ Statement: [{{ Effect: Allow, Action: {actions}, Resource: '*' }}] }}\n")


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
    template = "Resources:\n" + _role("IngestRole", "'dynamodb:*'") + _role("ProcessorRole", "'dynamodb:GetItem'")
    result = _task(tmp_path, template, "# Final Template\n\n- The processor role never received `dynamodb:UpdateItem`.\n")
    assert _found(result, "iam.action") == {"dynamodb:UpdateItem": "supported"}


def test_hcl_blocks_of_outputs_alone_are_read_from_an_answer(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\noutput "a" { value = 1 }\n')
    (tmp_path / "lib" / "MODEL_RESPONSE.md").write_text(
        '```hcl\nresource "aws_sqs_queue" "q" {}\n```\n\n```hcl\noutput "a" { value = 1 }\n\noutput "b" { value = 2 }\n```\n')
    (tmp_path / "lib" / "MODEL_FAILURES.md").write_text("# Issues\n\n**MODEL_RESPONSE Issue**: The model exported only 2 outputs.\n")
    assert _found(check_task(tmp_path), "count.outputs") == {"2 outputs": "supported"}


SEVERITY_REPORT = """# Model failures

**Summary**

- Critical: 1
- High: 2
- Low: 1

3 issues in total are documented below.

### 1. Public bucket (CRITICAL)

### 2. Wildcard role

**Impact Level**: High

### 3. No alarms [HIGH]
"""


def test_severity_counts_as_summary_items_and_heading_markers(tmp_path: Path) -> None:
    result = _task(tmp_path, QUEUES, SEVERITY_REPORT)
    assert _found(result, "report.severity_counts") == {"Critical: 1": "supported", "High: 2": "supported", "Low: 1": "contradicted"}
    assert _found(result, "report.issue_count") == {"3 issues in total": "supported"}


def test_one_line_of_labelled_severities_is_the_whole_split(tmp_path: Path) -> None:
    report = SEVERITY_REPORT.replace("- Critical: 1\n- High: 2\n- Low: 1\n", "- **Critical**: 1 | **High**: 1 | **Low**: 1\n")
    assert _found(_task(tmp_path, QUEUES, report), "report.severity_counts") == {"Critical**: 1 | **High**: 1 | **Low**: 1": "contradicted"}


def _terraform_task(root: Path, files: dict[str, str], report: str) -> dict:
    for name, text in {**files, "lib/MODEL_FAILURES.md": report}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return check_task(root)


def test_quoted_hcl_references_and_evaluated_interpolations(tmp_path: Path) -> None:
    files = {
        "lib/main.tf": ('variable "name" {\n  default = "shop"\n}\n'
                        'resource "aws_s3_bucket" "data" {\n  bucket = "${var.name}-data"\n}\n'
                        'resource "aws_s3_bucket_versioning" "data" {\n  bucket = aws_s3_bucket.data.id\n'
                        '  versioning_configuration {\n    status = "Enabled"\n  }\n}\n'),
    }
    report = ("# Fixes\n\n**Fixed Code**:\n```hcl\nresource \"aws_s3_bucket_versioning\" \"data\" {\n  bucket = aws_s3_bucket.data.id\n}\n```\n\n"
              "**Also**:\n```hcl\nresource \"aws_s3_bucket\" \"data\" {\n  bucket = \"${var.name}-${var.suffix}\"\n}\n```\n")
    verdicts = {c["quote"].strip(): c["verdict"] for c in _terraform_task(tmp_path, files, report)["claims"] if c["concept"] == "snippet.value"}
    assert verdicts["bucket = aws_s3_bucket.data.id"] == "supported"  # "${x}" and x are one expression
    assert verdicts['bucket = "${var.name}-${var.suffix}"'] == "unverifiable"  # the code holds "shop-data", evaluated


def test_policy_and_alarm_names_narrow_the_resources(tmp_path: Path) -> None:
    template = "Resources:\n" + _role("IngestRole", "'dynamodb:UpdateItem'") + _role("StreamProcessorRole", "'dynamodb:PutItem'") + """  ErrorsAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties: { MetricName: Errors, Threshold: 5, EvaluationPeriods: 3, Period: 300 }
  DepthAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties: { MetricName: ApproximateNumberOfMessagesVisible, Threshold: 0, EvaluationPeriods: 1, Period: 60 }
"""
    result = _task(tmp_path, template, "# Final Template\n\n"
                   "- The stream processor's inline policy does not include `dynamodb:UpdateItem`.\n"
                   "- Each function has an `Errors` alarm with a threshold of 5 over 3 evaluation periods.\n"
                   "- The model's only alarm, on the DLQ, evaluated a single 60-second period.\n")
    assert _found(result, "iam.action") == {"dynamodb:UpdateItem": "supported"}  # the stream processor's role, not IngestRole
    assert _found(result, "alarm.threshold") == {"threshold of 5": "supported"}
    assert _found(result, "alarm.evaluation_periods") == {"3 evaluation periods": "supported"}
    assert "60-second period" in _found(result, "alarm.period")  # the alarm's period, though the DLQ is named after it


def test_state_verbs_repeated_settings_and_an_earlier_sentence_service(tmp_path: Path) -> None:
    template = """Resources:
  Events:
    Type: AWS::DynamoDB::Table
    Properties: { BillingMode: PAY_PER_REQUEST }
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: AES256 } }] }
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] }
  IngestLogs:
    Type: AWS::Logs::LogGroup
    Properties: { RetentionInDays: 30 }
"""
    result = _task(tmp_path, template, "# Final Template\n\n"
                   "- Deletion protection stays disabled on the events table.\n"
                   "- The logs bucket is encrypted with SSE-KMS as well.\n"
                   "- One log group is managed now. The stream-processor group retains logs for 30 days.\n")
    assert _found(result, "dynamodb.deletion_protection") == {"Deletion protection": "supported"}
    assert _found(result, "encryption.kms") == {"encrypted": "contradicted"}  # one claim, on the logs bucket
    assert _found(result, "logs.retention") == {"retains logs for 30 days": "supported"}


def test_functions_in_a_vpc_tls_denials_and_hard_coded_counts(tmp_path: Path) -> None:
    template = """Resources:
  Inside:
    Type: AWS::Lambda::Function
    Properties: { VpcConfig: { SubnetIds: [subnet-1], SecurityGroupIds: [sg-1] } }
  Outside:
    Type: AWS::Lambda::Function
    Properties: { Runtime: python3.12 }
  One:
    Type: AWS::EC2::Subnet
  Two:
    Type: AWS::EC2::Subnet
  Raw:
    Type: AWS::S3::Bucket
"""
    result = _task(tmp_path, template, "# Final Template\n\n"
                   "- All Lambda functions now run inside the VPC.\n"
                   "- The raw bucket denies requests that do not use TLS.\n"
                   "- The stack has two hard-coded subnets.\n"
                   "- The model failed to see that Lambda functions deployed in a VPC need a security group.\n")
    assert _found(result, "lambda.vpc") == {"run inside the VPC": "contradicted"}  # Outside has no VpcConfig
    assert _found(result, "s3.https_only") == {"denies requests that do not use TLS": "contradicted"}  # no bucket policy
    assert _found(result, "count.exists.subnet") == {"two hard-coded subnets": "supported"}


def test_stream_shards_starting_position_and_failed_receives(tmp_path: Path) -> None:
    template = """Resources:
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties: { ShardCount: 2 }
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { FunctionName: fn, EventSourceArn: !GetAtt Clicks.Arn, StartingPosition: LATEST }
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: { deadLetterTargetArn: arn, maxReceiveCount: 5 }
"""
    result = _task(tmp_path, template, "# Final Template\n\n"
                   "- The stream now has 2 shards; its shard count is configurable (1-100 shards).\n"
                   "- The event source mapping starts from `TRIM_HORIZON`.\n"
                   "- Messages move to the DLQ after 5 failed receives.\n")
    assert _found(result, "kinesis.shard_count") == {"2 shards": "supported"}  # the range is not a value
    assert _found(result, "lambda.starting_position") == {"TRIM_HORIZON": "contradicted"}
    assert _found(result, "sqs.max_receive_count") == {"5 failed receives": "supported"}


def test_ecs_task_sizes_and_load_balancer_deletion_protection(tmp_path: Path) -> None:
    template = """Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties: { Cpu: '512', Memory: '2048' }
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes:
        - { Key: idle_timeout.timeout_seconds, Value: '60' }
        - { Key: deletion_protection.enabled, Value: 'false' }
"""
    result = _task(tmp_path, template, "# Final Template\n\n### 1. Undersized Task Definition\n\n"
                   "**IDEAL_RESPONSE Fix**:\n- 1024 CPU units per task\n- 2048 MiB of memory\n\n"
                   "### 2. Load balancer\n\nThe ALB has deletion protection enabled.\n")
    assert _found(result, "ecs.cpu") == {"1024 CPU units": "contradicted"}
    assert _found(result, "ecs.memory") == {"2048 MiB of memory": "supported"}  # the heading names the task definition
    assert _found(result, "lambda.memory") == {}
    claim = next(c for c in result["claims"] if c["concept"] == "alb.deletion_protection")
    assert claim["verdict"] == "contradicted" and claim["evidence"]["path"] == "Properties.LoadBalancerAttributes[1]"


def test_a_score_under_the_training_quality_heading_and_a_raised_value(tmp_path: Path) -> None:
    template = "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: { BackupRetentionPeriod: 7 }\n"
    result = _task(tmp_path, template, "# Final Template\n\n- Backup retention was raised to 14 days.\n\n"
                   "## Training Quality\n\n**Score: 8/10.** A useful example.\n\n## Other\n\nScore: 3/10 on style.\n",
                   {"metadata.json": '{"training_quality": 8}'})
    assert _found(result, "rds.backup_retention") == {"Backup retention was raised to 14 days": "contradicted"}
    assert _found(result, "metadata.training_quality") == {"Score: 8/10": "supported"}  # not the score under "Other"


CDK_APP = '''from aws_cdk import Duration, Stack, aws_ec2 as ec2, aws_lambda as _lambda, aws_sqs as sqs, aws_logs as logs
from constructs import Construct


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        vpc = ec2.Vpc(self, "Vpc", max_azs=2, nat_gateways=1)
        sqs.Queue(self, "Jobs", visibility_timeout=Duration.seconds(180))
        for name in ("Api", "Worker"):
            _lambda.Function(self, name, runtime=_lambda.Runtime.PYTHON_3_12, handler="index.handler",
                             code=_lambda.Code.from_asset("lambda"), vpc=vpc, memory_size=512,
                             log_retention=logs.RetentionDays.ONE_WEEK)
'''


def test_cdk_props_quoted_in_prose_and_the_functions_the_framework_adds(tmp_path: Path) -> None:
    files = {
        "cdk.json": '{"app": "python3 app.py", "context": {"@aws-cdk/aws-ec2:restrictDefaultSecurityGroup": true}}',
        "app.py": "import aws_cdk as cdk\nfrom lib.tap_stack import TapStack\napp = cdk.App()\nTapStack(app, 'TapStack')\napp.synth()\n",
        "lib/tap_stack.py": CDK_APP,
        "lib/MODEL_FAILURES.md": ("# Final Implementation\n\n"
                                  "- The queue uses `visibility_timeout=Duration.seconds(180)`.\n"
                                  "- The functions keep logs with `log_retention=logs.RetentionDays.TWO_WEEKS`.\n"
                                  "- Both functions run inside the VPC.\n"
                                  "- The final stack contains only two Lambda functions.\n"),
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = check_task(tmp_path)
    assert _found(result, "sqs.visibility_timeout") == {"`visibility_timeout=Duration.seconds(180)`": "supported"}
    assert _found(result, "logs.retention") == {"`log_retention=logs.RetentionDays.TWO_WEEKS`": "contradicted"}  # ONE_WEEK
    # the VPC's default-security-group handler and the log-retention provider are functions too, but not "both functions"
    assert _found(result, "lambda.vpc") == {"run inside the VPC": "supported"}
    assert _found(result, "count.exists.lambda") == {"Both functions": "supported", "two Lambda functions": "contradicted"}


def test_a_numbered_issue_about_cost_still_states_findings(tmp_path: Path) -> None:
    template = "Resources:\n  Nat1:\n    Type: AWS::EC2::NatGateway\n  Nat2:\n    Type: AWS::EC2::NatGateway\n"
    report = ("# Failures\n\n### 6. VPC sizing and NAT cost\n\n**IDEAL_RESPONSE Fix**: The VPC now has 2 NAT gateways.\n\n"
              "## Cost impact\n\nRunning 3 NAT gateways costs $96 a month.\n\n"
              "### 7. Cost guidance\n\nUse 4 NAT gateways in production.\n")
    assert _found(_task(tmp_path, template, report), "count.exists.nat_gateway") == {"2 NAT gateways": "supported"}


def test_security_group_only_with_one_group_and_kwargs_style_cdk_props(tmp_path: Path) -> None:
    template = """Resources:
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.20.0.0/16 }]
  Nat:
    Type: AWS::EC2::NatGateway
"""
    result = _task(tmp_path, template, "# Final Template\n\n- SSH stays reachable only from the corporate range `10.0.0.0/8`.\n"
                   "- The VPC now uses a single NAT gateway (`nat_gateways=1`).\n")
    assert _found(result, "sg.ingress") == {"SSH": "contradicted"}  # the one group has no port 22
    assert _found(result, "count.exists.nat_gateway") == {"`nat_gateways=1`": "supported"}


def test_alarm_actions_and_counted_cfn_outputs(tmp_path: Path) -> None:
    template = """Resources:
  Cpu:
    Type: AWS::CloudWatch::Alarm
    Properties: { MetricName: CPUUtilization, Threshold: 80 }
Outputs:
  ApiUrl: { Value: x }
  TableName: { Value: y }
"""
    result = _task(tmp_path, template, "# Final Template\n\n- The CPU alarm has no `alarm_actions`.\n"
                   "- The stack declares three `CfnOutput`s.\n")
    assert _found(result, "alarm.actions") == {"alarm_actions": "supported"}
    assert _found(result, "count.outputs") == {"three `CfnOutput`s": "contradicted"}


def test_cfn_outputs_leave_out_the_url_output_a_rest_api_adds(tmp_path: Path) -> None:
    template = """Resources:
  OrdersApi8C3B1D2E:
    Type: AWS::ApiGateway::RestApi
Outputs:
  OrdersApiEndpoint4F2A9B1C: { Value: url }
  ApiUrl: { Value: x }
  TableName: { Value: y }
"""
    result = _task(tmp_path, template, "# Final Template\n\n- The stack declares two `CfnOutput`s.\n- The stack has three outputs.\n")
    assert _found(result, "count.outputs") == {"two `CfnOutput`s": "supported", "three outputs": "supported"}


def test_predicative_states_in_paragraphs(tmp_path: Path) -> None:
    template = """Resources:
  Raw:
    Type: AWS::S3::Bucket
    Properties: { VersioningConfiguration: { Status: Enabled } }
  Jobs:
    Type: AWS::DynamoDB::Table
"""
    report = ("# Failures\n\n### 1. Storage\n\n**IDEAL_RESPONSE Fix**:\nThe raw bucket is now versioned, and its rule stays.\n"
              "Point-in-time recovery was off in the jobs table.\n\n**MODEL_RESPONSE Issue**:\nThe model's bucket was unversioned.\n")
    result = _task(tmp_path, report=report, template=template)
    assert _found(result, "s3.versioning") == {"versioned": "supported", "unversioned": "unverifiable"}  # no model code
    assert _found(result, "dynamodb.pitr") == {"Point-in-time recovery": "supported"}  # off, as the table has none


def test_counts_of_a_named_resource_type(tmp_path: Path) -> None:
    template = "Resources:\n  A:\n    Type: AWS::Lambda::Function\n  B:\n    Type: AWS::Lambda::Function\n  C:\n    Type: AWS::SQS::Queue\n"
    result = _task(tmp_path, template, "# Final Template\n\n- The template contains two `AWS::Lambda::Function` resources.\n"
                   "- It has 2 `AWS::SQS::Queue` resources.\n")
    assert _found(result, "count.typed") == {"two `AWS::Lambda::Function` resources": "supported",
                                            "2 `AWS::SQS::Queue` resources": "contradicted"}


def test_listener_tls_policy_redirect_code_and_quoted_variable_references(tmp_path: Path) -> None:
    files = {
        "lib/main.tf": ('variable "db_password" {\n  default = "ChangeMe123!"\n}\n'
                        'resource "aws_db_instance" "db" {\n  password = var.db_password\n}\n'
                        'resource "aws_lb_listener" "http" {\n  port = 80\n  default_action {\n    type = "redirect"\n'
                        '    redirect {\n      status_code = "HTTP_301"\n    }\n  }\n}\n'
                        'resource "aws_lb_listener" "https" {\n  port = 443\n  ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n}\n'),
    }
    report = ("# Fixes\n\n**IDEAL_RESPONSE Fix**: The HTTPS listener uses the `ELBSecurityPolicy-TLS13-1-2-2021-06` policy.\n"
              "The port 80 listener now answers with an `HTTP_302` redirect.\n\n"
              "**Fixed Code**:\n```hcl\nresource \"aws_db_instance\" \"db\" {\n  password = var.db_password\n}\n```\n")
    result = _terraform_task(tmp_path, files, report)
    assert _found(result, "alb.ssl_policy") == {"ELBSecurityPolicy-TLS13-1-2-2021-06": "supported"}
    assert _found(result, "alb.redirect_status") == {"HTTP_302": "contradicted"}
    assert _found(result, "snippet.value") == {"password = var.db_password": "unverifiable"}  # the code holds the value


def test_guards_found_reviewing_corpus_contradictions(tmp_path: Path) -> None:
    template = """Parameters:
  NotificationEmail: { Type: String }
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties: { DeletionProtection: false }
  Logs:
    Type: AWS::EC2::FlowLog
    Properties: { ResourceType: VPC }
  Public1: { Type: AWS::EC2::Subnet, Properties: { MapPublicIpOnLaunch: true } }
  Public2: { Type: AWS::EC2::Subnet, Properties: { MapPublicIpOnLaunch: true } }
  Private1: { Type: AWS::EC2::Subnet }
  Private2: { Type: AWS::EC2::Subnet }
  Key:
    Type: AWS::KMS::Key
"""
    report = ("# Final Template\n\n"
              "- `DeletionProtection: false` - prevents deployment timeouts\n"
              "- The final template does not include a default value for the `NotificationEmail` parameter.\n"
              "- The plural is only valid when using `ResourceType: NetworkInterface` with many resources.\n"
              "- **Public Subnets**: 2 subnets across AZs\n"
              "- The database password supports automatic rotation\n")
    result = _task(tmp_path, template, report)
    assert _found(result, "rds.deletion_protection") == {} and _found(result, "deletion_protection") == {}  # the quoted value decides
    assert _found(result, "setting.value") == {"`DeletionProtection: false`": "supported"}
    assert _found(result, "entity.exists") == {"NotificationEmail": "supported"}  # the default was missing, not the parameter
    assert _found(result, "count.exists.subnet") == {"2 subnets": "supported"}  # the public ones, as the label says
    assert _found(result, "kms.rotation") == {}  # a secret's rotation, not the key's


def test_tagging_of_a_named_kind_and_a_resource_policy_that_allows_only(tmp_path: Path) -> None:
    template = """Resources:
  Sub1: { Type: AWS::EC2::Subnet, Properties: { Tags: [{ Key: Name, Value: a }] } }
  Sub2: { Type: AWS::EC2::Subnet, Properties: { Tags: [{ Key: Name, Value: b }] } }
  Bucket: { Type: AWS::S3::Bucket }
""" + _role("Role", "['s3:GetObject', 'dynamodb:Query']")
    result = _task(tmp_path, template, "# Final Template\n\n- Consistent tagging across all subnet resources.\n"
                   "- The VPC endpoint policy only allows `s3:GetObject`.\n")
    assert _found(result, "template.all_tagged") == {"Consistent tagging": "supported"}  # the bucket is no subnet
    assert _found(result, "iam.only_actions") == {}
    assert _found(result, "iam.action") == {"s3:GetObject": "supported"}


def test_more_guards_from_the_corpus_review(tmp_path: Path) -> None:
    template = """Parameters:
  DatabaseMasterPassword: { Type: String, NoEcho: true }
Resources:
  Key: { Type: AWS::KMS::Key }
"""
    report = ("# Final Template\n\n### 1. Monitoring\n\n- Removed `AWS::CloudWatch::Dashboard` resource\n"
              "- Buckets use AES256 instead of customer-managed KMS keys with automatic key rotation.\n"
              "- **Missing default password parameter**: DatabaseMasterPassword parameter lacked a default value\n\n"
              "The template had 2 critical issues and 1 test issue.\n")
    result = _task(tmp_path, template, report)
    assert _found(result, "exists.dashboard") == {"Dashboard": "supported"}  # removed: '::' does not end the clause
    assert _found(result, "kms.rotation") == {}
    assert _found(result, "report.issue_count") == {}
    from claims import read_claims

    entity = [c for c in read_claims(report, "r.md")[0] if c.concept == "entity.exists"]
    assert [(c.expected, c.polarity) for c in entity] == [("DatabaseMasterPassword", True)]  # its default is what lacks


def test_the_state_a_setting_was_changed_from_is_no_claim(tmp_path: Path) -> None:
    template = "Resources:\n  Listener:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties: { Protocol: HTTP }\n"
    result = _task(tmp_path, template, "# Final Template\n\n- Changed the ALB origin policy from https-only to http-only.\n")
    assert _found(result, "alb.https_only") == {}


def test_database_engine_versions(tmp_path: Path) -> None:
    template = """Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, EngineVersion: '16.3' }
  Legacy:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: mysql, EngineVersion: '8.0' }
"""
    result = _task(tmp_path, template, "# Final Template\n\n- The database runs PostgreSQL 16.\n- It was pinned to PostgreSQL `15.4`.\n"
                   "- The reporting instance runs MySQL 8.0.39.\n- MariaDB 10.11 stores sessions.\n"
                   "- Upgraded from MySQL 5.7 earlier.\n")
    assert _found(result, "rds.engine_version") == {"16": "supported", "15.4": "contradicted",
                                                    "8.0.39": "unverifiable",  # '8.0' is any 8.0 minor
                                                    "10.11": "unverifiable"}  # no MariaDB database


def test_endpoint_types_named_by_their_value(tmp_path: Path) -> None:
    template = "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties: { EndpointConfiguration: { Types: [REGIONAL] } }\n"
    result = _task(tmp_path, template, "# Final Template\n\n- The API is now `REGIONAL`.\n- The REST API was edge-optimized.\n"
                   "- The bucket lives in a regional zone.\n")
    assert _found(result, "apigw.endpoint_type") == {"`REGIONAL`": "supported", "edge-optimized": "contradicted"}


def test_third_review_guards(tmp_path: Path) -> None:
    template = """Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties: { DeletionProtectionEnabled: false }
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: AES256 } }] }
"""
    report = ("# Final Template\n\n- DeletionProtectionEnabled: false\n"
              "- The bucket policy does not enforce encryption on all uploads.\n"
              "- Requirement: \"Configure DynamoDB tables with point-in-time recovery\"\n")
    result = _task(tmp_path, template, report)
    assert _found(result, "deletion_protection") == {"DeletionProtectionEnabled": "supported"}  # the value says off
    assert _found(result, "encryption") == {} and _found(result, "dynamodb.pitr") == {}


def test_a_heading_naming_only_another_service_stops_a_setting_claim(tmp_path: Path) -> None:
    template = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Fn:\n    Type: AWS::Lambda::Function\n"
    report = "# Final Template\n\n### Lambda configuration\n\n- Versioning enabled\n\n### Storage\n\n- Versioning enabled\n"
    result = _task(tmp_path, template, report)
    assert [c["line"] for c in result["claims"] if c["concept"] == "s3.versioning"] == [9]  # not the one under the Lambda heading


PROVIDERS_TF = """provider "aws" {
  region = var.aws_region
}
provider "aws" {
  alias  = "dr"
  region = "eu-west-1"
}
variable "aws_region" {
  default = "us-east-1"
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name = "cpu"
  threshold  = 80
}
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = false
}
"""


def test_terraform_region_cidr_threshold_and_public_access_phrasings(tmp_path: Path) -> None:
    files = {"lib/main.tf": PROVIDERS_TF, "lib/terraform.tfvars": 'aws_region = "us-west-2"\n'}
    result = _terraform_task(tmp_path, files, "# Final Implementation\n\n"
                             "- The stack deploys to us-west-2.\n"
                             "- The DR provider targets eu-west-2.\n"
                             "- Replication goes to the secondary region eu-west-1.\n"
                             "- The VPC CIDR is 10.0.0.0/16.\n"
                             "- The VPC uses the 10.20.0.0/16 range.\n"
                             "- Public subnets use CIDR 10.0.1.0/24.\n"
                             "- The CPU alarm fires above 85%.\n"
                             "- The CPU alarm threshold is 80%.\n"
                             "- Public access is fully blocked on the logs bucket.\n")
    regions = {c["quote"]: (c["verdict"], c["actual"], c["evidence"]["line"]) for c in result["claims"] if c["concept"] == "region"}
    assert regions == {"us-west-2": ("supported", "us-west-2", 2),  # the tfvars value, at the provider's region line
                       "eu-west-2": ("contradicted", "eu-west-1", 6),  # the aliased provider, not the default one
                       "eu-west-1": ("supported", "eu-west-1", 6)}
    assert _found(result, "vpc.cidr") == {"CIDR is 10.0.0.0/16": "supported", "10.20.0.0/16 range": "contradicted"}
    assert _found(result, "alarm.threshold") == {"fires above 85%": "contradicted", "threshold is 80%": "supported"}
    assert _found(result, "s3.public_access_block") == {"Public access is fully blocked": "contradicted"}  # restrict_public_buckets is false


def test_an_aliased_provider_region_alone_is_not_a_contradiction(tmp_path: Path) -> None:
    files = {"lib/main.tf": PROVIDERS_TF}
    result = _terraform_task(tmp_path, files, "# Final Implementation\n\n- Deployed in eu-west-1.\n")
    assert [c["verdict"] for c in result["claims"] if c["concept"] == "region"] == ["unverifiable"]


def test_tense_decides_the_side_of_an_unlabelled_claim_when_the_sides_differ(tmp_path: Path) -> None:
    model = "```yaml\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { MemorySize: 256 }\n```\n"
    template = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { MemorySize: 512 }\n"
    result = _task(tmp_path, template, "# Report\n\n## Summary\n\n"
                   "- The function now has 512 MB of memory.\n"  # a present state: the code as it is
                   "- The function had 512 MB memory.\n"  # a past state: the model's answer
                   "- Raised the memory to 512 MB.\n"  # a change, in the past: nothing says which side
                   "- Model: 512 MB memory\n",  # a "Model:" label
                   extra={"lib/MODEL_RESPONSE.md": model})
    verdicts = [(c["line"], c["scope"], c["verdict"]) for c in result["claims"] if c["concept"] == "lambda.memory"]
    assert verdicts == [(5, "final", "supported"), (6, "model", "contradicted"), (7, "final", "unverifiable"), (8, "model", "contradicted")]


def test_a_verb_first_item_has_no_tense_side(tmp_path: Path) -> None:
    from claims.language import tense_side

    assert tense_side("Allows SSH from 0.0.0.0/0 instead of trusted ranges.", 0) is None
    assert tense_side("The group allows SSH from 0.0.0.0/0.", 0) == "final"
    assert tense_side("The bucket was public.", 0) == "model"
    assert tense_side("Versioning was enabled on the bucket.", 0) is None


def test_per_group_counts_faulty_settings_omitted_keys_and_terraform_quotes(tmp_path: Path) -> None:
    files = {"lib/main.tf": ('resource "aws_subnet" "a" {\n  count = 6\n  vpc_id = "v"\n}\n'
                            'resource "aws_kms_key" "k" {\n  description = "k"\n}\n'
                            'resource "aws_security_group" "web" {\n  ingress {\n    from_port = 443\n    to_port = 443\n'
                            '    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n'
                            'resource "aws_s3_bucket" "b" {\n  depends_on = [aws_kms_key.k]\n}\n')}
    report = ("# Final Implementation\n\n"
              "- The code builds two subnets per tier.\n"
              "- The key was created with `enable_key_rotation` omitted.\n"
              "- Incomplete public access block on the bucket.\n\n"
              "```hcl\nresource \"aws_security_group\" \"web\" {\n  ingress {\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n```\n\n"
              "```hcl\nresource \"aws_s3_bucket\" \"b\" {\n  depends_on = [aws_kms_key.k]\n}\n```\n")
    result = _terraform_task(tmp_path, files, report)
    assert not any(c["concept"].startswith("count.") for c in result["claims"])  # per tier: not the total of 6
    assert _found(result, "kms.rotation") == {"enable_key_rotation": "supported"}  # omitted: rotation off, as in the code
    assert "s3.public_access_block" not in {c["concept"] for c in result["claims"]}
    snippets = {c["quote"].strip(): c["verdict"] for c in result["claims"] if c["concept"] == "snippet.value"}
    assert snippets['cidr_blocks = ["0.0.0.0/0"]'] == "supported"  # a one-item list is the rule's CIDR
    assert snippets["depends_on = [aws_kms_key.k]"] == "unverifiable"  # a meta-argument, not an attribute


SEVERITY_TABLE_REPORT = """# Report

## Failure Summary

| Severity | Count |
|----------|-------|
| Critical | 1 |
| **High** | 2 |
| **Total** | **4** |

**Total: 3 issues** across the stack. Two of the three issues were rated High.

## Critical Failures

### 1. Open bucket

**Impact Level**: Critical

### 2. No alarms

**Impact Level**: High

### 3. No DLQ

**Impact Level**: Medium

## Training Value and Testing

- The suite contains 2 unit tests.
- Line coverage is reported at 90%.
- `terraform validate` and `tflint` both pass.
- The configuration exposes 2 outputs.
"""


def test_severity_tables_totals_and_a_testing_section_with_training_value(tmp_path: Path) -> None:
    files = {"lib/main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\noutput "a" {\n  value = 1\n}\noutput "b" {\n  value = 2\n}\n',
             "test/main.unit.test.ts": "test('a', () => {});\ntest('b', () => {});\ntest('c', () => {});\n",
             "metadata.json": '{"coverage": {"lines": 90}}'}
    result = _terraform_task(tmp_path, files, SEVERITY_TABLE_REPORT)
    found = {(c["concept"], c["quote"]): c["verdict"] for c in result["claims"]}
    assert found[("report.severity_counts", "Critical | 1")] == "supported"
    assert found[("report.severity_counts", "High** | 2")] == "contradicted"  # one High issue
    assert found[("report.issue_count", "| **Total** | **4** |")] == "contradicted"
    assert found[("report.issue_count", "Total: 3 issues")] == "supported"
    assert found[("report.issue_count", "of the three issues")] == "supported"
    assert found[("tests.count", "2 unit tests")] == "contradicted"  # "Training Value and Testing" holds claims
    assert found[("coverage.percent", "Line coverage is reported at 90%")] == "supported"
    assert found[("lint.clean", "terraform validate` and `tflint` both pass")] == "unverifiable"  # fmt -check cannot tell
    assert found[("count.outputs", "2 outputs")] == "supported"  # a count of the code under a testing heading


def test_a_range_of_tasks_is_the_ecs_scalable_target(tmp_path: Path) -> None:
    template = ("Resources:\n  Target:\n    Type: AWS::ApplicationAutoScaling::ScalableTarget\n"
                "    Properties: { ServiceNamespace: ecs, MinCapacity: 2, MaxCapacity: 6, ScalableDimension: 'ecs:service:DesiredCount' }\n"
                "  Reads:\n    Type: AWS::ApplicationAutoScaling::ScalableTarget\n"
                "    Properties: { ServiceNamespace: dynamodb, MinCapacity: 5, MaxCapacity: 10, ScalableDimension: 'dynamodb:table:ReadCapacityUnits' }\n")
    result = _task(tmp_path, template, "# Final Template\n\n- Auto scaling keeps the service between 2 and 10 tasks.\n")
    assert _found(result, "ecs.min_tasks") == {"between 2 and 10 tasks": "supported"}
    assert _found(result, "ecs.max_tasks") == {"between 2 and 10 tasks": "contradicted"}  # 6; the DynamoDB target's 10 is not a task count


def test_sliced_zones_for_expressions_and_quoted_variables(tmp_path: Path) -> None:
    files = {"lib/main.tf": ('data "aws_availability_zones" "available" {}\n'
                            'variable "single_nat_gateway" {\n  default = true\n}\n'
                            'locals {\n  azs = slice(data.aws_availability_zones.available.names, 0, 3)\n'
                            '  app = { for idx, az in local.azs : az => cidrsubnet("10.0.0.0/16", 8, idx) }\n}\n'
                            'resource "aws_subnet" "public" {\n  count = length(local.azs)\n  vpc_id = "v"\n}\n'
                            'resource "aws_subnet" "app" {\n  for_each = local.app\n  vpc_id = "v"\n  availability_zone = each.key\n}\n'
                            'resource "aws_subnet" "other" {\n  for_each = toset(var.unknown_list)\n  vpc_id = "v"\n}\n'),
             "lib/terraform.tfvars": "single_nat_gateway = false\n"}
    result = _terraform_task(tmp_path, files, "# Final Implementation\n\n"
                             "- The public and app tiers have six subnets.\n"
                             "- `single_nat_gateway = false` in the tfvars.\n")
    subnets = next(c for c in result["claims"] if c["concept"] == "count.exists.subnet")
    assert subnets["verdict"] == "unverifiable" and subnets["actual"] == "6 or more"  # aws_subnet.other: any number
    variable = next(c for c in result["claims"] if c["concept"] == "setting.value")
    assert (variable["verdict"], variable["evidence"]["file"], variable["evidence"]["note"]) == ("supported", "lib/main.tf", "value from a .tfvars file")


def test_a_quoted_setting_said_of_all_of_a_kind(tmp_path: Path) -> None:
    key = "  {name}:\n    Type: AWS::KMS::Key\n    Properties: {{ Description: k{rotation} }}\n"
    cases = {"same": (", EnableKeyRotation: true", ", EnableKeyRotation: true", "supported"),
             "other": (", EnableKeyRotation: true", ", EnableKeyRotation: false", "contradicted"),  # B is false
             "unset": (", EnableKeyRotation: true", "", "unverifiable")}  # B leaves it unset
    for case, (first, second, verdict) in cases.items():
        template = "Resources:\n" + key.format(name="A", rotation=first) + key.format(name="B", rotation=second)
        (tmp_path / case).mkdir()
        result = _task(tmp_path / case, template, "# Final Template\n\n- Two keys exist, and both have `EnableKeyRotation: true`.\n")
        assert _found(result, "setting.value") == {"`EnableKeyRotation: true`": verdict}, case


def test_output_descriptions_proposed_code_and_remedied_lists(tmp_path: Path) -> None:
    template = ("Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n  Flow:\n    Type: AWS::EC2::FlowLog\n"
                "Outputs:\n  KeyId:\n    Description: KMS Key ID\n    Value: !Ref Logs\n")
    report = ("# Report\n\n## Fixes\n\n**IDEAL_RESPONSE Fix**:\n```yaml\nOutputs:\n  KeyId:\n    Description: KMS Key ID\n"
              "    Value: !Ref Logs\n```\n\n**Fixed Code**:\n```yaml\n# SHOULD USE: a cache policy\nCachePolicyId: 658327ea\n```\n\n"
              "**Added Missing Resources:**\n- VPC Flow Logs for network monitoring\n\n"
              "Key improvements include:\n1. VPC Flow Logs\n")
    result = _task(tmp_path, template, report)
    snippets = {c["quote"].strip(): c["verdict"] for c in result["claims"] if c["concept"] == "snippet.value"}
    assert snippets["Description: KMS Key ID"] == "supported"  # an output's Description is read
    assert "CachePolicyId: 658327ea" not in snippets  # what the report proposes is not a quote of either side
    flow = [(c["scope"], c["polarity"], c["verdict"]) for c in result["claims"] if c["concept"] == "vpc.flow_logs"]
    assert flow and all(f == ("final", True, "supported") for f in flow)  # "Added Missing ..." lists what is there now


SAM = """Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    MemorySize: 256
Resources:
  Items:
    Type: AWS::Serverless::Function
    Properties: { Handler: index.handler }
  Users:
    Type: AWS::Serverless::Function
    Properties: { Handler: index.handler, MemorySize: 512 }
  Db:
    Type: AWS::RDS::DBInstance
    Properties: { DBInstanceClass: db.t2.micro, DeletionProtection: { Ref: Protect } }
  Nat:
    Type: AWS::EC2::NatGateway
"""


def test_sam_globals_option_lists_lazy_labels_and_configurable_settings(tmp_path: Path) -> None:
    report = ("# Report\n\n## Summary\n\n"
              "- All functions use the nodejs20.x runtime.\n"
              "- Use `db.t2.micro`, `db.t2.small` or `db.t2.medium` instead of db.t3.\n"
              "- Simplified cleanup with configurable deletion protection.\n\n"
              "## Issues\n\n**Location**:\n- NAT resources\n**Missing Resources**:\n- A NAT gateway\n")
    result = _task(tmp_path, SAM, report)
    assert _found(result, "lambda.runtime") == {"nodejs20.x runtime": "supported"}  # from Globals, on every function
    runtime = next(c for c in result["claims"] if c["concept"] == "lambda.runtime")
    assert runtime["evidence"]["line"] == 4  # the Globals line
    assert "rds.instance_class" not in {c["concept"] for c in result["claims"]}  # a list of choices
    assert not any(c["concept"].endswith("deletion_protection") for c in result["claims"])  # configurable: a choice
    nat = next(c for c in result["claims"] if c["concept"] == "exists.nat_gateway")
    assert nat["polarity"] is False  # "**Missing Resources**:" continued the item above but introduces this one


CDK_FUNCTIONS = """import * as cdk from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as iam from 'aws-cdk-lib/aws-iam';

export class TapStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id);
    const code = lambda.Code.fromInline('x');
    const a = new lambda.Function(this, 'A', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'i.h', code, tracing: lambda.Tracing.ACTIVE });
    new lambda.Function(this, 'B', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'i.h', code, logRetention: logs.RetentionDays.ONE_WEEK });
    a.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    const pass = new sfn.Pass(this, 'P');
    pass.next(new sfn.Succeed(this, 'S'));
    new sfn.StateMachine(this, 'M', { definitionBody: sfn.DefinitionBody.fromChainable(pass), timeout: cdk.Duration.hours(1) });
  }
}
"""


def test_cdk_function_counts_tracing_on_all_state_machine_props_and_targeted_calls(tmp_path: Path) -> None:
    files = {"cdk.json": '{"app": "npx ts-node bin/tap.ts"}', "bin/tap.ts": "import { TapStack } from '../lib/tap-stack';\nnew TapStack(app, 'TapStack');\n",
             "lib/tap-stack.ts": CDK_FUNCTIONS, "lib/MODEL_FAILURES.md": (
                 "# Report\n\n## Final Implementation\n\n"
                 "- All two functions run on Node.js 20.\n"  # the log-retention provider CDK adds is not one of them
                 "- X-Ray active tracing is enabled on all functions.\n"  # B has none
                 "- The state machine stops after `timeout: cdk.Duration.hours(1)`.\n"  # not a function's timeout
                 "- The code never called `addToRolePolicy` on the payment function.\n")}  # a call, but on something else
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = check_task(tmp_path)
    assert _found(result, "count.exists.lambda") == {"two functions": "supported"}
    assert _found(result, "lambda.tracing") == {"X-Ray": "contradicted"}
    assert "lambda.timeout" not in {c["concept"] for c in result["claims"]}
    assert _found(result, "code.call") == {"`addToRolePolicy`": "unverifiable"}


def test_a_statement_before_a_hedged_consequence_and_unset_snake_case_keys(tmp_path: Path) -> None:
    files = {"lib/main.tf": ('resource "aws_sns_topic" "alerts" {\n  name = "alerts"\n}\n'
                            'resource "aws_cloudtrail" "main" {\n  name = "t"\n  s3_bucket_name = "b"\n}\n')}
    result = _terraform_task(tmp_path, files, "# Final Implementation\n\n"
                             "- The SNS topic has no encryption, and alarm notifications could expose account details.\n"
                             "- The trail never set `cloud_watch_logs_group_arn`, so the filters watched an empty group.\n")
    assert _found(result, "encryption") == {"encryption": "supported"}  # the statement is read; the hedge is not
    assert _found(result, "setting.absent") == {"`cloud_watch_logs_group_arn`": "unverifiable"}  # neither side's code uses it


def test_log_retention_of_every_function(tmp_path: Path) -> None:
    function = "  {n}Fn:\n    Type: AWS::Lambda::Function\n    Properties: {{ FunctionName: {n}, Runtime: python3.12 }}\n"
    group = "  {n}Logs:\n    Type: AWS::Logs::LogGroup\n    Properties: {{ LogGroupName: /aws/lambda/{n}, RetentionInDays: 30 }}\n"
    template = "Resources:\n" + "".join(function.format(n=n) for n in ("a", "b", "c")) + group.format(n="a") + group.format(n="b")
    result = _task(tmp_path, template, "# Final Template\n\n- All three Lambda functions now have 30-day log retention.\n")
    claim = next(c for c in result["claims"] if c["concept"] == "logs.retention")
    assert (claim["verdict"], claim["actual"], claim["evidence"]["resource"]) == ("contradicted", "never expires", "cFn")


def test_a_count_of_a_terraform_resource_type(tmp_path: Path) -> None:
    alarm = 'resource "aws_cloudwatch_metric_alarm" "{n}" {{\n  alarm_name = "{n}"\n  threshold = 1\n}}\n'
    files = {"lib/main.tf": "".join(alarm.format(n=n) for n in ("a", "b", "c"))}
    result = _terraform_task(tmp_path, files, "# Final Implementation\n\n- Four `aws_cloudwatch_metric_alarm` resources publish to the topic.\n"
                                              "- Three `aws_cloudwatch_metric_alarm` resources exist.\n")
    assert _found(result, "count.typed") == {"Four `aws_cloudwatch_metric_alarm` resources": "contradicted",
                                             "Three `aws_cloudwatch_metric_alarm` resources": "supported"}


def test_quoted_requirements_pitfall_lists_members_and_region_zones(tmp_path: Path) -> None:
    template = ("Resources:\n  Db:\n    Type: AWS::RDS::DBSubnetGroup\n    Properties: { SubnetIds: [a, b] }\n"
                "  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { Runtime: python3.12, TracingConfig: { Mode: Active } }\n"
                "  Sub:\n    Type: AWS::EC2::Subnet\n    Properties:\n      AvailabilityZone: !Select [0, !GetAZs '']\n")
    report = ("# Report\n\n## Final Template\n\n"
              "- The prompt asked for \"Set up CloudWatch alarms to monitor Lambda errors\" and the code has none.\n"
              "- DBSubnetGroup only has 2 subnets.\n\n"
              "**Fixed Code**:\n```yaml\nSub:\n  Properties:\n    AvailabilityZone: !Select [0, !GetAZs {Ref: 'AWS::Region'}]\n```\n\n"
              "## Frequent causes of rejection\n\n- Not enabling X-Ray for each Lambda.\n")
    result = _task(tmp_path, template, report)
    concepts = [c["concept"] for c in result["claims"]]
    assert "exists.alarm" not in concepts  # inside a quoted requirement
    assert not any(c.startswith("count.") or c == "exists.subnet" for c in concepts)  # the group's members
    assert "lambda.tracing" not in concepts  # a list of pitfalls, not findings
    zone = next(c for c in result["claims"] if c["concept"] == "snippet.value" and "GetAZs" in c["quote"])
    assert zone["verdict"] == "supported"  # GetAZs of AWS::Region is GetAZs of ''


def test_nested_possible_failures_removed_lists_and_join_written_as_sub(tmp_path: Path) -> None:
    template = ("Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                "      BucketName: !Sub '${AWS::StackName}-results-${AWS::AccountId}'\n"
                "      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: AES256 } }] }\n")
    report = ("# Model Failures\n\nThese are common ways the model might fail:\n\n1. **S3 Bucket**\n\n   - Fails to enable encryption.\n\n"
              "## Final Template\n\n**Removed Resource Types** (7 resources):\n- 6 CloudWatch Alarms\n\n"
              "**Fixed Code**:\n```json\n{\"Logs\": {\"Properties\": {\"BucketName\": {\"Fn::Join\": [\"\", [{\"Fn::Sub\": \"${AWS::StackName}\"}, "
              "\"-results-\", {\"Ref\": \"AWS::AccountId\"}]]}}}}\n```\n")
    result = _task(tmp_path, template, report)
    assert "encryption" not in {c["concept"] for c in result["claims"]}  # a possible failure, nested under "might fail"
    assert not any(c["concept"].startswith("count.") for c in result["claims"])  # what was removed is not counted
    name = next(c for c in result["claims"] if c["concept"] == "snippet.value" and "Join" in c["quote"])
    assert name["verdict"] == "supported"  # the same string as the code's !Sub


def test_a_quoted_cdk_prop_that_synthesis_reduces(tmp_path: Path) -> None:
    stack = ("from aws_cdk import Stack\nfrom aws_cdk import aws_ec2 as ec2\n\n\nclass TapStack(Stack):\n"
             "    def __init__(self, scope, construct_id, **kwargs):\n        super().__init__(scope, construct_id, **kwargs)\n"
             "        ec2.Vpc(self, 'Vpc', max_azs=3, nat_gateways=3)\n")
    files = {"cdk.json": '{"app": "python3 tap.py"}', "tap.py": "import aws_cdk as cdk\nfrom lib.tap_stack import TapStack\napp = cdk.App()\nTapStack(app, 'TapStack')\n",
             "lib/tap_stack.py": stack, "lib/MODEL_FAILURES.md": "# Report\n\n## Final Implementation\n\n- The VPC sets `nat_gateways=3`.\n- The VPC has two NAT gateways.\n"}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = check_task(tmp_path)
    verdicts = {c["quote"]: c["verdict"] for c in result["claims"] if c["concept"] == "count.exists.nat_gateway"}
    assert verdicts == {"`nat_gateways=3`": "unverifiable", "two NAT gateways": "supported"}  # no env: two AZs, two NAT gateways


def test_retried_up_to_n_times_is_the_retry_limit(tmp_path: Path) -> None:
    from claims import read_claims

    claims, _ = read_claims("# Final Implementation\n\n- `ValidateOrder` retried up to 6 times with no backoff.\n", "r.md")
    assert [(c.concept, c.expected) for c in claims if c.concept.startswith("sfn.")] == [("sfn.retry_max_attempts", 6)]


def test_fix_lead_ins_conditions_parentheticals_and_catalogues(tmp_path: Path) -> None:
    template = ("Resources:\n  Secret:\n    Type: AWS::SecretsManager::Secret\n"
                "  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { Runtime: python3.12 }\n"
                "  S1:\n    Type: AWS::EC2::Subnet\n  S2:\n    Type: AWS::EC2::Subnet\n  S3:\n    Type: AWS::EC2::Subnet\n"
                "  S4:\n    Type: AWS::EC2::Subnet\n  P:\n    Type: AWS::SSM::Parameter\n    Properties: { Type: String, Value: x }\n")
    model = {"lib/MODEL_RESPONSE.md": "```yaml\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n```\n"}
    report = ("# Report\n\n## Issues\n\n### 1. Password\n\n**Issue**: a warning\n**Fix**: Implemented Secrets Manager:\n"
              "- Created a Secrets Manager secret to store credentials\n\n"
              "## Final Template\n\n- Adds KMS permissions to the function's policy when encryption is enabled.\n"
              "- Application Load Balancer (internet-facing, 3 subnets)\n- Added consistent tagging to SSM parameters.\n")
    result = _task(tmp_path, template, report, extra=model)
    secret = next(c for c in result["claims"] if c["concept"] == "exists.secret")
    assert (secret["scope"], secret["verdict"]) == ("final", "supported")  # the last label of the lead-in is "Fix"
    concepts = {c["concept"] for c in result["claims"]}
    assert "encryption.kms" not in concepts and "encryption" not in concepts  # a condition
    assert not any(c.startswith("count.") for c in concepts)  # the ALB's subnets
    tagged = next(c for c in result["claims"] if c["concept"] == "template.all_tagged")
    assert tagged["verdict"] == "unverifiable"  # tagging said of SSM parameters only


def test_a_catalogue_of_common_model_failures_holds_no_claims(tmp_path: Path) -> None:
    template = "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n"
    result = _task(tmp_path, template, "# Common Model Failures in Infrastructure Generation\n\n## Tables\n\n"
                   "- Using provisioned billing instead of pay-per-request\n- Enabling deletion protection in dev environments\n")
    assert result["claims"] == []
