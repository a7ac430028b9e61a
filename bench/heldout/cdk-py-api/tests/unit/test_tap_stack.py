"""Unit tests for TapStack: synthesize the stack and assert on the CloudFormation template."""
import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template

from lib.tap_stack import TapStack


@pytest.fixture(scope="module")
def template():
    app = cdk.App(context={"alarmEmail": "test@example.com"})
    stack = TapStack(app, "TapStacktest", environment_suffix="test", env=cdk.Environment(account="123456789012", region="eu-west-1"))
    return Template.from_stack(stack)


def test_kms_key_rotation_enabled(template):
    template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True, "PendingWindowInDays": 7})


def test_kms_alias_uses_suffix(template):
    template.has_resource_properties("AWS::KMS::Alias", {"AliasName": "alias/orders-api-test"})


def test_vpc_has_two_azs_and_one_nat(template):
    template.resource_count_is("AWS::EC2::Subnet", 4)
    template.resource_count_is("AWS::EC2::NatGateway", 1)


def test_vpc_cidr(template):
    template.has_resource_properties("AWS::EC2::VPC", {"CidrBlock": "10.20.0.0/16"})


def test_security_group_only_allows_https_from_vpc(template):
    template.has_resource_properties(
        "AWS::EC2::SecurityGroup",
        {
            "SecurityGroupIngress": [
                {"CidrIp": "10.20.0.0/16", "FromPort": 443, "ToPort": 443, "IpProtocol": "tcp", "Description": Match.any_value()}
            ]
        },
    )


def test_table_on_demand_with_pitr(template):
    template.has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "TableName": "orders-test",
            "BillingMode": "PAY_PER_REQUEST",
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        },
    )


def test_table_encrypted_with_cmk_and_ttl(template):
    template.has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "SSESpecification": {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": Match.any_value()},
            "TimeToLiveSpecification": {"AttributeName": "expires_at", "Enabled": True},
        },
    )


def test_table_has_customer_index(template):
    template.has_resource_properties(
        "AWS::DynamoDB::Table",
        {"GlobalSecondaryIndexes": [Match.object_like({"IndexName": "by-customer"})]},
    )


def test_table_is_destroyed_with_stack(template):
    template.has_resource("AWS::DynamoDB::Table", {"DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete"})


def test_bucket_versioned_and_private(template):
    template.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "VersioningConfiguration": {"Status": "Enabled"},
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
        },
    )


def test_bucket_lifecycle_rules(template):
    template.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "LifecycleConfiguration": {
                "Rules": Match.array_with([Match.object_like({"Id": "archive-receipts", "NoncurrentVersionExpiration": {"NoncurrentDays": 60}})])
            }
        },
    )


def test_bucket_policy_denies_insecure_transport(template):
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [Match.object_like({"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}})]
                )
            }
        },
    )


def test_queue_has_dlq_with_five_receives(template):
    template.has_resource_properties(
        "AWS::SQS::Queue",
        {"QueueName": "order-events-test", "VisibilityTimeout": 180, "RedrivePolicy": Match.object_like({"maxReceiveCount": 5})},
    )


def test_dlq_keeps_messages_fourteen_days(template):
    template.has_resource_properties("AWS::SQS::Queue", {"QueueName": "order-events-dlq-test", "MessageRetentionPeriod": 1209600})


def test_handler_function_settings(template):
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {
            "FunctionName": "orders-api-handler-test",
            "Runtime": "python3.12",
            "Architectures": ["arm64"],
            "MemorySize": 512,
            "Timeout": 29,
            "ReservedConcurrentExecutions": 50,
            "TracingConfig": {"Mode": "Active"},
        },
    )


def test_worker_function_settings(template):
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {"FunctionName": "orders-api-worker-test", "MemorySize": 1024, "Timeout": 120},
    )


def test_worker_consumes_queue_with_partial_batch_failures(template):
    template.has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        {"BatchSize": 10, "FunctionResponseTypes": ["ReportBatchItemFailures"]},
    )


def test_function_log_groups_keep_thirty_days(template):
    template.has_resource_properties("AWS::Logs::LogGroup", {"LogGroupName": "/aws/lambda/orders-api-handler-test", "RetentionInDays": 30})
    template.has_resource_properties("AWS::Logs::LogGroup", {"LogGroupName": "/aws/lambda/orders-api-worker-test", "RetentionInDays": 30})


def test_api_stage_throttling_and_logging(template):
    template.has_resource_properties(
        "AWS::ApiGateway::Stage",
        {
            "StageName": "v1",
            "TracingEnabled": True,
            "MethodSettings": [
                Match.object_like({"LoggingLevel": "INFO", "ThrottlingRateLimit": 100, "ThrottlingBurstLimit": 200})
            ],
        },
    )


def test_api_is_regional(template):
    template.has_resource_properties("AWS::ApiGateway::RestApi", {"EndpointConfiguration": {"Types": ["REGIONAL"]}})


def test_api_methods(template):
    template.resource_count_is("AWS::ApiGateway::Method", 4)


def test_usage_plan_quota(template):
    template.has_resource_properties(
        "AWS::ApiGateway::UsagePlan",
        {"Quota": {"Limit": 10000, "Period": "DAY"}, "Throttle": {"RateLimit": 50, "BurstLimit": 100}},
    )


def test_three_alarms_notify_topic(template):
    template.resource_count_is("AWS::CloudWatch::Alarm", 3)
    template.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {"AlarmName": "orders-api-handler-errors-test", "Threshold": 5, "EvaluationPeriods": 2, "AlarmActions": [Match.any_value()]},
    )


def test_outputs_present(template):
    outputs = template.find_outputs("*")
    for name in ("ApiUrl", "OrdersTableName", "ReceiptsBucketName", "OrderEventsQueueUrl", "AlarmTopicArn"):
        assert name in outputs
