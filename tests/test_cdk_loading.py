"""Loading AWS CDK apps: the static reader (TypeScript and Python), cdk.out, synthesis, quoted code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from verifier.cdk import is_cdk_app, load_cdk, templates_in_cdk_text, toolchain
from verifier.cdk import synth as runner
from verifier.cdk.py_reader import camel
from verifier.model import Resource, Template, Unresolved

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "cdk"
TS_ORDERS = PROJECT / "sample_stacks" / "cdk-ts-orders"
PY_INGEST = PROJECT / "sample_stacks" / "cdk-py-ingest"
TS_DEFAULTS = FIXTURES / "ts-defaults"
PY_BASIC = FIXTURES / "py-basic"
CDKOUT_APP = FIXTURES / "cdkout-app"


def _line(path: Path, needle: str, after: str | None = None) -> int:
    """1-based line of the first ``needle`` (after the first ``after``) in ``path``."""
    lines = path.read_text().splitlines()
    start = 0
    if after is not None:
        start = next(i for i, text in enumerate(lines) if after in text)
    for number, text in enumerate(lines[start:], start + 1):
        if needle in text:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def _load(root: Path) -> tuple[list[Template], list[str]]:
    warnings: list[str] = []
    return load_cdk(root, warnings), warnings


def _by_id(templates: list[Template]) -> dict[str, Resource]:
    return {r.logical_id: r for t in templates for r in t.resources.values()}


def _value(resource: Resource, *path):
    present, value = resource.get(tuple(path))
    assert present, f"{resource.logical_id} has no {path}: {resource.properties}"
    return value


def _actions(policy: Resource) -> set[str]:
    found: set[str] = set()
    for statement in policy.properties["PolicyDocument"]["Statement"]:
        actions = statement["Action"]
        found.update(actions if isinstance(actions, list) else [actions])
    return found


# --- TypeScript sample, static -------------------------------------------------------------------


@pytest.fixture(scope="module")
def orders() -> dict[str, Resource]:
    templates, warnings = _load(TS_ORDERS)
    assert warnings == []
    assert len(templates) == 1 and templates[0].file == "lib/tap-stack.ts"
    return _by_id(templates)


def test_ts_sample_resource_types_and_counts(orders):
    counts: dict[str, int] = {}
    for resource in orders.values():
        counts[resource.type] = counts.get(resource.type, 0) + 1
    assert counts == {
        "AWS::KMS::Key": 1, "AWS::S3::Bucket": 1, "AWS::S3::BucketPolicy": 1, "AWS::DynamoDB::Table": 1, "AWS::SQS::Queue": 2,
        "AWS::SNS::Topic": 1, "AWS::SNS::Subscription": 1, "AWS::Logs::LogGroup": 1, "AWS::IAM::Role": 2, "AWS::IAM::Policy": 1,
        "AWS::Lambda::Function": 2, "AWS::ApiGateway::RestApi": 1, "AWS::ApiGateway::Deployment": 1, "AWS::ApiGateway::Stage": 1,
        "AWS::ApiGateway::Resource": 2, "AWS::ApiGateway::Method": 3, "AWS::Lambda::Permission": 6, "AWS::CloudWatch::Alarm": 2,
        "AWS::CloudWatch::Dashboard": 1,
    }


def test_ts_table_properties_and_lines(orders):
    stack = TS_ORDERS / "lib" / "tap-stack.ts"
    table = orders["OrdersTable"]
    assert table.file == "lib/tap-stack.ts"
    assert table.line == _line(stack, "new dynamodb.Table(this, 'OrdersTable'")
    assert table.attributes["construct"] == "dynamodb.Table"
    assert table.attributes["cdk_path"] == "TapStackdev/OrdersTable/Resource"
    assert _value(table, "TableName") == "orders-dev"
    assert _value(table, "BillingMode") == "PAY_PER_REQUEST"
    assert table.line_of(("BillingMode",)) == _line(stack, "billingMode: dynamodb.BillingMode.PAY_PER_REQUEST")
    assert _value(table, "KeySchema") == [{"AttributeName": "orderId", "KeyType": "HASH"}, {"AttributeName": "createdAt", "KeyType": "RANGE"}]
    assert table.line_of(("KeySchema", 1, "AttributeName")) == _line(stack, "sortKey: { name: 'createdAt'")
    assert _value(table, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled") is True
    assert _value(table, "StreamSpecification", "StreamViewType") == "NEW_AND_OLD_IMAGES"
    assert _value(table, "GlobalSecondaryIndexes", 0, "IndexName") == "byCustomer"
    assert table.line_of(("GlobalSecondaryIndexes", 0)) == _line(stack, "ordersTable.addGlobalSecondaryIndex(")
    assert not table.get(("ProvisionedThroughput",))[0]  # on-demand: no CDK 5/5 default
    assert table.attributes["DeletionPolicy"] == "Delete"
    assert table.line_of(("@DeletionPolicy",)) == _line(stack, "removalPolicy: RemovalPolicy.DESTROY", after="'OrdersTable'")


def test_ts_function_evaluates_constants_durations_and_enums(orders):
    stack = TS_ORDERS / "lib" / "tap-stack.ts"
    fn = orders["OrderProcessor"]
    assert _value(fn, "MemorySize") == 512
    assert fn.line_of(("MemorySize",)) == _line(stack, "memorySize: 512")
    assert _value(fn, "Timeout") == 120  # Duration.seconds(PROCESSOR_TIMEOUT_SECONDS)
    assert _value(fn, "Runtime") == "nodejs22.x"
    assert _value(fn, "Architectures") == ["arm64"]
    assert _value(fn, "TracingConfig", "Mode") == "Active"
    assert _value(fn, "FunctionName") == "orders-processor-dev"
    table_name = _value(fn, "Environment", "Variables", "TABLE_NAME")
    assert isinstance(table_name, Unresolved) and table_name.kind == "Ref" and "OrdersTable" in table_name.text
    assert _value(fn, "Role") == Unresolved("GetAtt", "!GetAtt OrderProcessorServiceRole.Arn")
    assert orders["OrdersQueue"].properties["VisibilityTimeout"] == 720  # Duration.seconds(120 * 6)
    assert orders["OrdersQueue"].properties["RedrivePolicy"]["maxReceiveCount"] == 3
    assert orders["OrdersDLQ"].properties["MessageRetentionPeriod"] == 14 * 86400
    assert orders["ProcessorLogs"].properties["RetentionInDays"] == 30
    assert orders["HealthCheck"].properties["Code"]["ZipFile"].startswith("def handler(event, context):\n")


def test_ts_bucket_key_topic_and_api(orders):
    bucket = orders["ReceiptsBucket"]
    assert _value(bucket, "VersioningConfiguration", "Status") == "Enabled"
    sse = _value(bucket, "BucketEncryption", "ServerSideEncryptionConfiguration", 0, "ServerSideEncryptionByDefault")
    assert sse["SSEAlgorithm"] == "aws:kms" and sse["KMSMasterKeyID"] == Unresolved("GetAtt", "!GetAtt DataKey.Arn")
    name = _value(bucket, "BucketName")
    assert isinstance(name, Unresolved) and name.kind == "Join" and name.text.startswith("orders-receipts-dev-")
    assert _value(bucket, "LifecycleConfiguration", "Rules", 0, "Transitions", 0) == {"StorageClass": "GLACIER", "TransitionInDays": 90}
    assert _value(bucket, "LifecycleConfiguration", "Rules", 0, "ExpirationInDays") == 365
    assert orders["ReceiptsBucketPolicy"].properties["PolicyDocument"]["Statement"][0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert orders["DataKey"].properties["EnableKeyRotation"] is True
    assert orders["DataKey"].attributes["DeletionPolicy"] == "Delete"
    assert orders["AlertsTopiconcallexamplecom"].properties["Endpoint"] == "oncall@example.com"
    stage = orders["OrdersApiDeploymentStageprod"]
    assert stage.properties["TracingEnabled"] is True
    assert stage.properties["MethodSettings"][0]["ThrottlingRateLimit"] == 100
    assert stage.properties["MethodSettings"][0]["ThrottlingBurstLimit"] == 200
    methods = sorted(r.properties["HttpMethod"] for r in orders.values() if r.type == "AWS::ApiGateway::Method")
    assert methods == ["GET", "GET", "POST"]
    assert "AWS::IAM::Role" not in {r.type for r in orders.values() if "CloudWatchRole" in r.logical_id}  # disabled by cdk.json flag


def test_ts_grants_become_iam_policy_on_the_function_role(orders):
    stack = TS_ORDERS / "lib" / "tap-stack.ts"
    policy = orders["OrderProcessorServiceRoleDefaultPolicy"]
    assert policy.type == "AWS::IAM::Policy"
    assert policy.properties["Roles"] == [Unresolved("Ref", "!Ref OrderProcessorServiceRole")]
    actions = _actions(policy)
    assert {"dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"} <= actions
    assert "dynamodb:GetItem" not in actions  # grantWriteData only
    assert {"s3:GetObject*", "s3:PutObject", "kms:Decrypt", "kms:GenerateDataKey*", "sqs:ReceiveMessage", "sns:Publish", "cloudwatch:PutMetricData", "xray:PutTraceSegments"} <= actions
    statements = policy.properties["PolicyDocument"]["Statement"]
    write = next(i for i, s in enumerate(statements) if "dynamodb:PutItem" in s["Action"])
    assert policy.line_of(("PolicyDocument", "Statement", write, "Action")) == _line(stack, "ordersTable.grantWriteData(processor)")
    assert statements[write]["Resource"][0] == Unresolved("GetAtt", "!GetAtt OrdersTable.Arn")


def test_ts_alarms_from_metric_helpers(orders):
    errors = orders["ProcessorErrorsAlarm"].properties
    assert (errors["Namespace"], errors["MetricName"], errors["Statistic"], errors["Period"]) == ("AWS/Lambda", "Errors", "Sum", 300)
    assert (errors["Threshold"], errors["EvaluationPeriods"], errors["ComparisonOperator"]) == (5, 2, "GreaterThanOrEqualToThreshold")
    backlog = orders["QueueBacklogAlarm"].properties
    assert (backlog["MetricName"], backlog["Period"], backlog["TreatMissingData"]) == ("ApproximateAgeOfOldestMessage", 60, "notBreaching")
    assert backlog["AlarmActions"] == [Unresolved("Ref", "!Ref AlertsTopic")]


# --- Python sample, static -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def ingest() -> dict[str, Resource]:
    templates, warnings = _load(PY_INGEST)
    assert warnings == []
    assert [t.file for t in templates] == ["lib/tap_stack.py"]
    return _by_id(templates)


def test_py_sample_network(ingest):
    stack = PY_INGEST / "lib" / "tap_stack.py"
    subnets = sorted(r.properties["CidrBlock"] for r in ingest.values() if r.type == "AWS::EC2::Subnet")
    assert subnets == ["10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24", "10.20.3.0/24"]
    assert sum(r.type == "AWS::EC2::NatGateway" for r in ingest.values()) == 1
    assert ingest["IngestVpc"].properties["CidrBlock"] == "10.20.0.0/16"
    rule = ingest["DatabaseSecurityGroup"].properties["SecurityGroupIngress"][0]
    assert rule == {"CidrIp": "10.20.0.0/16", "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "Description": "Postgres from the VPC"}
    assert ingest["DatabaseSecurityGroup"].line_of(("SecurityGroupIngress", 0, "FromPort")) == _line(stack, "db_sg.add_ingress_rule(")


def test_py_sample_database_function_and_defaults(ingest):
    stack = PY_INGEST / "lib" / "tap_stack.py"
    db = ingest["IngestDatabase"].properties
    assert (db["Engine"], db["EngineVersion"], db["DBInstanceClass"], db["AllocatedStorage"]) == ("postgres", "16", "db.t3.micro", "20")
    assert (db["BackupRetentionPeriod"], db["StorageEncrypted"], db["MultiAZ"], db["DeletionProtection"]) == (7, True, False, False)
    assert ingest["IngestDatabase"].line_of(("BackupRetentionPeriod",)) == _line(stack, "backup_retention=Duration.days(7)")
    fn = ingest["Collector"]
    assert (fn.properties["MemorySize"], fn.properties["Timeout"], fn.properties["Runtime"]) == (1024, 300, "python3.12")
    assert fn.line_of(("MemorySize",)) == _line(stack, "memory_size=COLLECTOR_MEMORY_MB")
    assert fn.properties["FunctionName"] == "ingest-collector-dev"
    assert len(fn.properties["VpcConfig"]["SubnetIds"]) == 2
    table = ingest["IngestStateTable"]
    assert table.properties["ProvisionedThroughput"] == {"ReadCapacityUnits": 10, "WriteCapacityUnits": 5}
    assert table.attributes["cdk_defaults"]["ProvisionedThroughput.WriteCapacityUnits"].startswith("CDK default for dynamodb.Table")
    assert "ProvisionedThroughput.ReadCapacityUnits" not in table.attributes["cdk_defaults"]
    assert table.properties["TimeToLiveSpecification"] == {"AttributeName": "expiresAt", "Enabled": True}
    logs = ingest["CollectorLogs"]
    assert logs.properties["RetentionInDays"] == 731 and logs.attributes["DeletionPolicy"] == "Retain"
    assert logs.line_of(("RetentionInDays",)) == _line(stack, 'logs.LogGroup(self, "CollectorLogs")')
    assert ingest["RawDataBucket"].properties["LifecycleConfiguration"]["Rules"][0]["Transitions"] == [{"StorageClass": "STANDARD_IA", "TransitionInDays": 30}]


def test_py_sample_workflow_schedule_deployment_and_roles(ingest):
    from verifier.paths import definition_of

    definition = definition_of(ingest["IngestWorkflow"])
    retries = definition["States"]["CollectBatch"]["Retry"]
    assert retries[-1] == {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "MaxAttempts": 4, "BackoffRate": 2}
    assert definition["TimeoutSeconds"] == 3600
    assert ingest["IngestWorkflow"].properties["TracingConfiguration"] == {"Enabled": True}
    assert ingest["CollectorSchedule"].properties["ScheduleExpression"] == "rate(15 minutes)"
    assert ingest["CollectorSchedule"].properties["Targets"][0]["Arn"] == Unresolved("GetAtt", "!GetAtt Collector.Arn")
    group = ingest["CollectorDeployment"].properties
    assert group["DeploymentConfigName"] == "CodeDeployDefault.LambdaCanary10Percent5Minutes"
    assert group["AlarmConfiguration"]["Alarms"] == [{"Name": Unresolved("Ref", "!Ref CollectorErrors")}]
    assert _actions(ingest["ReporterRoleDefaultPolicy"]) == {"s3:GetObject", "s3:ListBucket"}
    assert ingest["ReporterRole"].properties["ManagedPolicyArns"] == ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
    collector_actions = _actions(ingest["CollectorServiceRoleDefaultPolicy"])
    assert {"sqs:SendMessage", "s3:PutObject", "dynamodb:GetItem", "dynamodb:PutItem"} <= collector_actions


# --- defaults, L1, loops, nested constructs, tags --------------------------------------------------


@pytest.fixture(scope="module")
def defaults() -> dict[str, Resource]:
    templates, warnings = _load(TS_DEFAULTS)
    assert warnings == []
    return _by_id(templates)


def test_cdk_defaults_are_written_with_a_note(defaults):
    table = defaults["PlainTable"]
    assert table.properties["ProvisionedThroughput"] == {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    assert "CDK default" in table.attributes["cdk_defaults"]["ProvisionedThroughput.ReadCapacityUnits"]
    assert table.attributes["DeletionPolicy"] == "Retain"
    assert defaults["PlainLogs"].properties["RetentionInDays"] == 731
    assert "BucketEncryption" not in defaults["PlainBucket"].properties  # S3 default encryption (service side) holds
    assert defaults["PlainBucket"].attributes["DeletionPolicy"] == "Retain"
    assert "EnableKeyRotation" not in defaults["PlainKey"].properties
    assert defaults["PlainQueue" if "PlainQueue" in defaults else "FastWorkerQueue"].attributes["DeletionPolicy"] == "Delete"
    global_table = defaults["GlobalTable"]
    assert global_table.type == "AWS::DynamoDB::GlobalTable" and global_table.properties["BillingMode"] == "PAY_PER_REQUEST"
    assert global_table.properties["Replicas"][0]["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    subnets = [r for r in defaults.values() if r.type == "AWS::EC2::Subnet"]
    assert sorted(r.properties["CidrBlock"] for r in subnets) == ["10.0.0.0/18", "10.0.128.0/18", "10.0.192.0/18", "10.0.64.0/18"]
    assert sum(r.type == "AWS::EC2::NatGateway" for r in defaults.values()) == 2
    assert defaults["Alb"].properties["Scheme"] == "internet-facing"
    assert defaults["Aurora"].properties["StorageEncrypted"] is True and defaults["Aurora"].properties["Port"] == 5432


def test_l1_props_map_to_cloudformation_names(defaults):
    stack = TS_DEFAULTS / "lib" / "defaults-stack.ts"
    raw = defaults["RawBucket"]
    assert raw.attributes["cdk_path"] == "Defaults/RawBucket"
    assert raw.properties["VersioningConfiguration"] == {"Status": "Enabled"}
    assert raw.properties["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms"}
    assert raw.line_of(("VersioningConfiguration", "Status")) == _line(stack, "versioningConfiguration: { status: 'Enabled' }")
    assert defaults["RawTable"].properties["SSESpecification"] == {"SSEEnabled": True}
    assert defaults["RawTable"].properties["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]


def test_loops_nested_constructs_subscriptions_and_tags(defaults):
    assert defaults["FastWorkerQueue"].properties["VisibilityTimeout"] == 30
    assert defaults["SlowWorkerQueue"].properties["VisibilityTimeout"] == 300
    assert defaults["FastWorkerQueue"].attributes["cdk_path"] == "Defaults/FastWorker/Queue/Resource"
    subscriptions = [r for r in defaults.values() if r.type == "AWS::SNS::Subscription"]
    assert {r.properties["Protocol"] for r in subscriptions} == {"sqs"} and len(subscriptions) == 2
    assert {"Key": "Project", "Value": "defaults"} in defaults["PlainBucket"].properties["Tags"]
    assert "Tags" not in defaults["FastWorkerQueuePolicy"].properties
    assert _actions(defaults["AppRoleDefaultPolicy"]) == {"sqs:SendMessage"}


def test_python_kwargs_context_loops_and_grants():
    templates, warnings = _load(PY_BASIC)
    assert warnings == []
    found = _by_id(templates)
    stack = PY_BASIC / "stacks" / "basic_stack.py"
    assert found["Archive"].properties["BucketName"] == "basic-archive-data-team"  # cdk.json context + module constant
    assert found["AuditLogs"].properties["RetentionInDays"] == 14  # retention_days=14 from the app, conditional enum
    assert found["Fanout0"].properties["MessageRetentionPeriod"] == 86400 and found["Fanout1"].properties["MessageRetentionPeriod"] == 172800
    assert found["Events"].properties["SSESpecification"]["SSEType"] == "KMS"
    assert found["TableKey"].properties["EnableKeyRotation"] is True
    assert found["TableKeyAlias"].properties["AliasName"] == "alias/basic-table"
    assert found["Work"].properties["RedrivePolicy"]["maxReceiveCount"] == 5
    assert found["Work"].line_of(("RedrivePolicy", "maxReceiveCount")) == _line(stack, "dead_letter_queue=sqs.DeadLetterQueue(")
    assert found["Dlq"].properties["SqsManagedSseEnabled"] is True
    assert found["ArchivePolicy"].type == "AWS::S3::BucketPolicy"  # enforce_ssl -> enforceSSL
    actions = _actions(found["HandlerServiceRoleDefaultPolicy"])
    assert {"dynamodb:Query", "kms:Decrypt", "s3:PutObject", "sqs:SendMessage"} <= actions
    assert "s3:GetObject*" not in actions
    assert {"Key": "owner", "Value": "data-team"} in found["Events"].properties["Tags"]


def test_unknown_values_stay_unresolved():
    code = (
        "import * as cdk from 'aws-cdk-lib';\n"
        "import * as s3 from 'aws-cdk-lib/aws-s3';\n"
        "export class S extends cdk.Stack {\n"
        "  constructor(scope: cdk.App, id: string) {\n"
        "    super(scope, id);\n"
        "    const suffix = process.env.ENVIRONMENT_SUFFIX || 'dev';\n"
        "    new s3.Bucket(this, 'B', { bucketName: `data-${suffix}`, versioned: someFlag() });\n"
        "    new s3.Bucket(this, 'C', { bucketName: `logs-${this.region}` });\n"
        "  }\n"
        "}\n"
    )
    warnings: list[str] = []
    (template,) = templates_in_cdk_text(code, "answer.md", 0, "ts", warnings)
    name = template.resources["B"].properties["BucketName"]
    assert isinstance(name, Unresolved) and name.kind == "If" and "data-dev" in name.options
    versioned = template.resources["B"].properties["VersioningConfiguration"]["Status"]
    assert isinstance(versioned, Unresolved)
    region_name = template.resources["C"].properties["BucketName"]
    assert region_name == Unresolved("Join", "logs-${!Ref AWS::Region}")


# --- quoted code in Markdown ---------------------------------------------------------------------------


def test_fenced_typescript_lines_point_into_the_markdown():
    code = (
        "import { Stack, Duration } from 'aws-cdk-lib';\n"
        "import * as lambda from 'aws-cdk-lib/aws-lambda';\n"
        "export class TapStack extends Stack {\n"
        "  constructor(scope: any, id: string, props?: any) {\n"
        "    super(scope, id, props);\n"
        "    const env = props?.environmentSuffix || 'dev';\n"
        "    new lambda.Function(this, 'Api', {\n"
        "      runtime: lambda.Runtime.PYTHON_3_9,\n"
        "      handler: 'app.handler',\n"
        "      code: lambda.Code.fromAsset('src'),\n"
        "      memorySize: 256,\n"
        "      timeout: Duration.seconds(120),\n"
        "      functionName: `api-${env}`,\n"
        "    });\n"
        "  }\n"
        "}\n"
    )
    warnings: list[str] = []
    (template,) = templates_in_cdk_text(code, "lib/MODEL_RESPONSE.md", 40, "typescript", warnings)
    fn = template.resources["Api"]
    assert fn.file == "lib/MODEL_RESPONSE.md" and fn.line == 47
    assert (fn.properties["MemorySize"], fn.properties["Timeout"], fn.properties["Runtime"]) == (256, 120, "python3.9")
    assert fn.line_of(("MemorySize",)) == 51 and fn.line_of(("Timeout",)) == 52
    assert fn.properties["FunctionName"] == "api-dev"
    assert template.line_offset == 40 and warnings == []


def test_fenced_python_block():
    code = (
        "from aws_cdk import Stack, RemovalPolicy\n"
        "from aws_cdk import aws_dynamodb as dynamodb\n"
        "class TapStack(Stack):\n"
        "    def __init__(self, scope, construct_id, **kwargs):\n"
        "        super().__init__(scope, construct_id, **kwargs)\n"
        "        dynamodb.Table(self, 'Orders', partition_key=dynamodb.Attribute(name='id', type=dynamodb.AttributeType.STRING),\n"
        "                       billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST, removal_policy=RemovalPolicy.DESTROY)\n"
    )
    warnings: list[str] = []
    (template,) = templates_in_cdk_text(code, "answer.md", 10, "python", warnings)
    table = template.resources["Orders"]
    assert table.properties["BillingMode"] == "PAY_PER_REQUEST" and table.attributes["DeletionPolicy"] == "Delete"
    assert table.line == 16 and table.line_of(("BillingMode",)) == 17
    assert templates_in_cdk_text(code, "answer.md", 0, "yaml", warnings) == []


def test_syntax_errors_become_warnings():
    warnings: list[str] = []
    assert templates_in_cdk_text("class A(Stack:\n  pass\n", "a.md", 5, "py", warnings) == []
    assert len(warnings) == 1 and warnings[0].startswith("a.md:6: Python syntax error")
    warnings.clear()
    broken = "import * as s3 from 'aws-cdk-lib/aws-s3';\nexport class S extends cdk.Stack { constructor(s, i) { super(s, i); new s3.Bucket(this, 'B', { versioned: true ) } }\n"
    templates_in_cdk_text(broken, "b.md", 0, "ts", warnings)
    assert any("TypeScript syntax error" in w for w in warnings)


def test_runaway_loops_are_bounded():
    code = (
        "import * as cdk from 'aws-cdk-lib';\nimport * as sqs from 'aws-cdk-lib/aws-sqs';\n"
        "function f(n: number): number { return f(n + 1); }\n"
        "export class S extends cdk.Stack { constructor(s: any, i: string) { super(s, i); f(0);\n"
        "  for (const a of [1,2,3,4,5,6,7,8,9,10]) { for (const b of [1,2,3,4,5,6,7,8,9,10]) { new sqs.Queue(this, `Q${a}-${b}`); } } } }\n"
    )
    warnings: list[str] = []
    (template,) = templates_in_cdk_text(code, "c.md", 0, "ts", warnings)
    assert len(template.resources) == 100


# --- detection, cdk.out, synthesis --------------------------------------------------------------------


def test_is_cdk_app(tmp_path):
    assert is_cdk_app(TS_ORDERS) and is_cdk_app(PY_INGEST)
    assert not is_cdk_app(PROJECT / "sample_stacks" / "serverless-api")
    (tmp_path / "stack.ts").write_text("import { Stack } from 'aws-cdk-lib';\n")
    assert is_cdk_app(tmp_path)


def test_camel_case_names():
    assert [camel(n) for n in ("memory_size", "grant_write_data", "PYTHON_3_12", "aws_s3", "__init__", "Bucket", "enforce_ssl")] == [
        "memorySize", "grantWriteData", "PYTHON_3_12", "aws_s3", "__init__", "Bucket", "enforceSSL",
    ]


def test_cdk_out_templates_keep_construct_paths_and_source_lines():
    templates, warnings = _load(CDKOUT_APP)
    assert warnings == []
    assert [t.file for t in templates] == ["cdk.out/BasicStack.template.json"]
    resources = list(templates[0].resources.values())
    assert all("cdk_path" in r.attributes for r in resources)
    assert "AWS::CDK::Metadata" not in {r.type for r in resources}
    table = next(r for r in resources if r.attributes["cdk_path"] == "BasicStack/Events/Resource")
    assert table.logical_id.startswith("Events") and table.type == "AWS::DynamoDB::Table"
    assert (table.file, table.line) == ("stacks/basic_stack.py", _line(CDKOUT_APP / "stacks" / "basic_stack.py", "table = dynamodb.Table("))
    assert table.properties["BillingMode"] == "PAY_PER_REQUEST"


def test_synth_errors_are_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv(toolchain.ENV_VAR, str(tmp_path / "no-toolchain"))
    app = tmp_path / "app"
    shutil.copytree(TS_ORDERS, app)
    with pytest.raises(runner.SynthError) as caught:
        runner.synth(app, timeout_s=30)
    assert "\n" not in str(caught.value)
    assert "aws-cdk-lib is not installed" in str(caught.value) or "node" in str(caught.value)
    warnings: list[str] = []
    templates = load_cdk(app, warnings, synth=True, timeout_s=30)
    assert templates and "synthesis failed" in warnings[0]  # falls back to the static reading
    (tmp_path / "nocdk").mkdir()
    (tmp_path / "nocdk" / "cdk.json").write_text("{}")
    with pytest.raises(runner.SynthError, match="no \"app\" command"):
        runner.synth(tmp_path / "nocdk")


NODE_TOOLCHAIN = toolchain.find(TS_ORDERS).node_ready()


@pytest.mark.skipif(not NODE_TOOLCHAIN, reason="node + aws-cdk-lib not installed (bash bench/cdk_toolchain.sh)")
def test_synth_matches_static_reading_and_leaves_the_folder_alone(tmp_path):
    app = tmp_path / "orders"
    shutil.copytree(TS_ORDERS, app)
    before = sorted(str(p.relative_to(app)) for p in app.rglob("*"))
    warnings: list[str] = []
    synthesized = _by_id(load_cdk(app, warnings, synth=True))
    assert any(w.startswith("synthesized 1 template") for w in warnings)
    assert sorted(str(p.relative_to(app)) for p in app.rglob("*")) == before
    table = next(r for r in synthesized.values() if r.attributes.get("cdk_path") == "TapStackdev/OrdersTable/Resource")
    assert table.file == "lib/tap-stack.ts" and table.line == _line(app / "lib" / "tap-stack.ts", "'OrdersTable'")
    static = _by_id(load_cdk(app, []))
    for key in ("BillingMode", "TableName", "KeySchema", "StreamSpecification", "PointInTimeRecoverySpecification"):
        assert table.properties[key] == static["OrdersTable"].properties[key]


@pytest.mark.skipif(not NODE_TOOLCHAIN, reason="node + aws-cdk-lib not installed (bash bench/cdk_toolchain.sh)")
def test_synth_reports_the_app_error(tmp_path):
    app = tmp_path / "broken"
    shutil.copytree(TS_ORDERS, app)
    stack = app / "lib" / "tap-stack.ts"
    stack.write_text(stack.read_text().replace("const healthCheck", "throw new Error('boom in stack');\n    const healthCheck"))
    with pytest.raises(runner.SynthError, match="boom in stack"):
        runner.synth(app, timeout_s=120)


def test_nested_construct_props_event_sources_notifications_and_log_retention():
    templates, warnings = _load(FIXTURES / "ts-media")
    assert warnings == [] and templates[0].resources["TranscoderFn"].attributes["cdk_path"] == "Media-qa/Transcoder/Fn/Resource"
    found = _by_id(templates)
    assert found["TranscoderFn"].properties["MemorySize"] == 2048  # props.memory ?? 256 with memory: 2048
    assert found["TranscoderFnLogRetention"].type == "Custom::LogRetention"
    assert found["TranscoderFnLogRetention"].properties["RetentionInDays"] == 7
    mapping = next(r for r in found.values() if r.type == "AWS::Lambda::EventSourceMapping")
    assert mapping.properties["BatchSize"] == 5 and mapping.attributes["cdk_path"] == "Media-qa/Transcoder/Fn/SqsEventSource:MediaqaJobs/Resource"
    notifications = found["UploadsNotifications"].properties["NotificationConfiguration"]["QueueConfigurations"][0]
    assert notifications["Events"] == ["s3:ObjectCreated:*"]
    assert found["Uploads"].attributes["DeletionPolicy"] == "Delete"  # retainData is false for stage qa
    assert found["Nightly"].properties["ScheduleExpression"] == "cron(0 3 * * ? *)"
    assert found["Nightly"].properties["Targets"][0]["RetryPolicy"] == {"MaximumRetryAttempts": 2}
    method = next(r for r in found.values() if r.type == "AWS::ApiGateway::Method")
    assert method.properties["AuthorizationType"] == "AWS_IAM"
    assert found["BucketParam"].properties["Name"] == "/media/qa/bucket"
    assert {"secretsmanager:GetSecretValue", "s3:GetObject*", "sqs:ReceiveMessage"} <= _actions(found["TranscoderFnServiceRoleDefaultPolicy"])


ANSWER_IN_FILES = """## File: lib/constructs/service.py

```python
from aws_cdk import aws_ecs as ecs
from constructs import Construct


class WebService(Construct):
    def __init__(self, scope, construct_id):
        super().__init__(scope, construct_id)
        self.cluster = ecs.Cluster(self, "Cluster", container_insights=True)
        task = ecs.FargateTaskDefinition(self, "Task", cpu=512)
        task.add_container("web", image=ecs.ContainerImage.from_registry("nginx"), environment={"DB_PASSWORD": "x"},
                           port_mappings=[ecs.PortMapping(container_port=8080)])
        self.service = ecs.FargateService(self, "Service", cluster=self.cluster, task_definition=task, desired_count=3)
        scaling = self.service.auto_scale_task_count(min_capacity=2, max_capacity=10)
        scaling.scale_on_cpu_utilization("Cpu", target_utilization_percent=60)
```

## File: lib/tap_stack.py

```python
import aws_cdk as cdk
from lib.constructs.service import WebService


class TapStack(cdk.Stack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        WebService(self, "Web")
```
"""


def test_blocks_of_one_answer_are_one_app_with_ecs_on_fargate():
    from verifier.task import _cdk_in_markdown

    warnings: list[str] = []
    resources = _by_id(_cdk_in_markdown(ANSWER_IN_FILES, "lib/MODEL_RESPONSE.md", warnings))
    assert warnings == []
    task, service = resources["WebTask"], resources["WebService"]  # Web/Service/Service: CDK drops the repeated part; the stack block uses the other block's construct
    assert (task.file, task.line) == ("lib/MODEL_RESPONSE.md", ANSWER_IN_FILES.splitlines().index('        task = ecs.FargateTaskDefinition(self, "Task", cpu=512)') + 1)
    assert _value(task, "Cpu") == "512" and _value(task, "Memory") == "512"  # memory: CDK's Fargate default
    assert _value(task, "ContainerDefinitions") == [{"Name": "web", "Essential": True, "Environment": [{"Name": "DB_PASSWORD", "Value": "x"}], "Image": "nginx",
                                                      "PortMappings": [{"ContainerPort": 8080, "Protocol": "tcp"}]}]
    assert _value(service, "DesiredCount") == 3 and _value(service, "LaunchType") == "FARGATE"
    assert _value(service, "NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp") == "DISABLED"
    target = next(r for r in resources.values() if r.type == "AWS::ApplicationAutoScaling::ScalableTarget")
    assert (_value(target, "MinCapacity"), _value(target, "MaxCapacity")) == (2, 10)
    policy = next(r for r in resources.values() if r.type == "AWS::ApplicationAutoScaling::ScalingPolicy")
    assert _value(policy, "TargetTrackingScalingPolicyConfiguration", "TargetValue") == 60
    assert _value(resources["WebCluster"], "ClusterSettings") == [{"Name": "containerInsights", "Value": "enabled"}]
