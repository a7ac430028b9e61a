"""Which CloudFormation resource each L2 construct synthesizes, and where its simple props go.

``SPECS`` maps a construct (``"dynamodb.Table"``) to its CFN type, a table of props that map
directly onto a CFN property path (with a converter), and the name of a builder in
``verifier.cdk.builders`` for the props that need structure (key schemas, companion roles,
policies, subnets). Pure data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from verifier.cdk import convert as c


@dataclass(frozen=True)
class P:
    """A prop that lands at ``path`` after ``conv``."""

    path: tuple[Any, ...]
    conv: Callable[[Any], Any] = c.plain


@dataclass(frozen=True)
class Spec:
    cfn_type: str | None  # None: a construct with no resource of its own (a Step Functions state)
    props: dict[str, P] = field(default_factory=dict)
    builder: str | None = None
    main_id: str = "Resource"


_FUNCTION_PROPS = {
    "functionName": P(("FunctionName",)),
    "description": P(("Description",)),
    "runtime": P(("Runtime",)),
    "handler": P(("Handler",)),
    "memorySize": P(("MemorySize",)),
    "timeout": P(("Timeout",), c.seconds),
    "reservedConcurrentExecutions": P(("ReservedConcurrentExecutions",)),
    "architecture": P(("Architectures",), c.listed),
    "tracing": P(("TracingConfig", "Mode")),
    "environment": P(("Environment", "Variables")),
    "environmentEncryption": P(("KmsKeyArn",), c.arn),
    "ephemeralStorageSize": P(("EphemeralStorage", "Size"), c.mebibytes),
    "layers": P(("Layers",)),
    "logGroup": P(("LoggingConfig", "LogGroup"), c.reference),
    "loggingFormat": P(("LoggingConfig", "LogFormat")),
    "applicationLogLevelV2": P(("LoggingConfig", "ApplicationLogLevel")),
    "systemLogLevelV2": P(("LoggingConfig", "SystemLogLevel")),
    "deadLetterQueue": P(("DeadLetterConfig", "TargetArn"), c.arn),
    "deadLetterTopic": P(("DeadLetterConfig", "TargetArn"), c.arn),
}

_QUEUE_PROPS = {
    "queueName": P(("QueueName",)),
    "visibilityTimeout": P(("VisibilityTimeout",), c.seconds),
    "retentionPeriod": P(("MessageRetentionPeriod",), c.seconds),
    "deliveryDelay": P(("DelaySeconds",), c.seconds),
    "receiveMessageWaitTime": P(("ReceiveMessageWaitTimeSeconds",), c.seconds),
    "maxMessageSizeBytes": P(("MaximumMessageSize",)),
    "fifo": P(("FifoQueue",)),
    "contentBasedDeduplication": P(("ContentBasedDeduplication",)),
    "dataKeyReuse": P(("KmsDataKeyReusePeriodSeconds",), c.seconds),
}

SPECS: dict[str, Spec] = {
    "lambda.Function": Spec("AWS::Lambda::Function", _FUNCTION_PROPS, "function"),
    "lambda_nodejs.NodejsFunction": Spec("AWS::Lambda::Function", _FUNCTION_PROPS, "function"),
    "lambda_python.PythonFunction": Spec("AWS::Lambda::Function", _FUNCTION_PROPS, "function"),
    "lambda.SingletonFunction": Spec("AWS::Lambda::Function", _FUNCTION_PROPS, "function"),
    "lambda.Alias": Spec("AWS::Lambda::Alias", {"aliasName": P(("Name",)), "description": P(("Description",))}, "alias"),
    "lambda.LayerVersion": Spec("AWS::Lambda::LayerVersion", {"layerVersionName": P(("LayerName",)), "compatibleRuntimes": P(("CompatibleRuntimes",)), "description": P(("Description",))}),
    "lambda.EventSourceMapping": Spec("AWS::Lambda::EventSourceMapping", {"batchSize": P(("BatchSize",)), "eventSourceArn": P(("EventSourceArn",)), "startingPosition": P(("StartingPosition",))}),
    "s3.Bucket": Spec("AWS::S3::Bucket", {
        "bucketName": P(("BucketName",)),
        "versioned": P(("VersioningConfiguration", "Status"), c.enabled),
        "blockPublicAccess": P(("PublicAccessBlockConfiguration",)),
        "bucketKeyEnabled": P(("BucketEncryption", "ServerSideEncryptionConfiguration", 0, "BucketKeyEnabled")),
        "lifecycleRules": P(("LifecycleConfiguration", "Rules"), c.lifecycle_rules),
        "objectOwnership": P(("OwnershipControls", "Rules", 0, "ObjectOwnership")),
        "eventBridgeEnabled": P(("NotificationConfiguration", "EventBridgeConfiguration", "EventBridgeEnabled")),
        "websiteIndexDocument": P(("WebsiteConfiguration", "IndexDocument")),
        "websiteErrorDocument": P(("WebsiteConfiguration", "ErrorDocument")),
        "accessControl": P(("AccessControl",)),
        "transferAcceleration": P(("AccelerateConfiguration", "AccelerationStatus"), c.enabled),
    }, "bucket"),
    "dynamodb.Table": Spec("AWS::DynamoDB::Table", {
        "tableName": P(("TableName",)),
        "billingMode": P(("BillingMode",)),
        "stream": P(("StreamSpecification", "StreamViewType")),
        "pointInTimeRecovery": P(("PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")),
        "deletionProtection": P(("DeletionProtectionEnabled",)),
        "tableClass": P(("TableClass",)),
        "contributorInsightsEnabled": P(("ContributorInsightsSpecification", "Enabled")),
    }, "table"),
    "dynamodb.TableV2": Spec("AWS::DynamoDB::GlobalTable", {
        "tableName": P(("TableName",)),
        "dynamoStream": P(("StreamSpecification", "StreamViewType")),
        "pointInTimeRecovery": P(("Replicas", 0, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")),
        "deletionProtection": P(("Replicas", 0, "DeletionProtectionEnabled")),
        "tableClass": P(("Replicas", 0, "TableClass")),
    }, "table_v2"),
    "kms.Key": Spec("AWS::KMS::Key", {
        "description": P(("Description",)),
        "enableKeyRotation": P(("EnableKeyRotation",)),
        "pendingWindow": P(("PendingWindowInDays",), c.days),
        "rotationPeriod": P(("RotationPeriodInDays",), c.days),
        "keySpec": P(("KeySpec",)),
        "keyUsage": P(("KeyUsage",)),
        "enabled": P(("Enabled",)),
    }, "key"),
    "kms.Alias": Spec("AWS::KMS::Alias", {"aliasName": P(("AliasName",)), "targetKey": P(("TargetKeyId",), c.arn)}),
    "logs.LogGroup": Spec("AWS::Logs::LogGroup", {
        "logGroupName": P(("LogGroupName",)),
        "retention": P(("RetentionInDays",)),
        "encryptionKey": P(("KmsKeyId",), c.arn),
        "logGroupClass": P(("LogGroupClass",)),
    }),
    "sqs.Queue": Spec("AWS::SQS::Queue", _QUEUE_PROPS, "queue"),
    "sns.Topic": Spec("AWS::SNS::Topic", {
        "topicName": P(("TopicName",)),
        "displayName": P(("DisplayName",)),
        "masterKey": P(("KmsMasterKeyId",), c.arn),
        "fifo": P(("FifoTopic",)),
        "contentBasedDeduplication": P(("ContentBasedDeduplication",)),
    }, "topic"),
    "apigateway.RestApi": Spec("AWS::ApiGateway::RestApi", {
        "restApiName": P(("Name",)),
        "description": P(("Description",)),
        "binaryMediaTypes": P(("BinaryMediaTypes",)),
        "endpointTypes": P(("EndpointConfiguration", "Types")),
        "minCompressionSize": P(("MinimumCompressionSize",), c.plain),
        "disableExecuteApiEndpoint": P(("DisableExecuteApiEndpoint",)),
    }, "rest_api"),
    "apigateway.LambdaRestApi": Spec("AWS::ApiGateway::RestApi", {
        "restApiName": P(("Name",)),
        "description": P(("Description",)),
        "endpointTypes": P(("EndpointConfiguration", "Types")),
    }, "rest_api"),
    "apigateway.ApiKey": Spec("AWS::ApiGateway::ApiKey", {"apiKeyName": P(("Name",)), "enabled": P(("Enabled",))}),
    "cloudwatch.Alarm": Spec("AWS::CloudWatch::Alarm", {
        "alarmName": P(("AlarmName",)),
        "alarmDescription": P(("AlarmDescription",)),
        "threshold": P(("Threshold",)),
        "evaluationPeriods": P(("EvaluationPeriods",)),
        "datapointsToAlarm": P(("DatapointsToAlarm",)),
        "comparisonOperator": P(("ComparisonOperator",)),
        "treatMissingData": P(("TreatMissingData",)),
        "actionsEnabled": P(("ActionsEnabled",)),
    }, "alarm"),
    "cloudwatch.CompositeAlarm": Spec("AWS::CloudWatch::CompositeAlarm", {"compositeAlarmName": P(("AlarmName",)), "alarmDescription": P(("AlarmDescription",))}),
    "cloudwatch.Dashboard": Spec("AWS::CloudWatch::Dashboard", {"dashboardName": P(("DashboardName",))}, "dashboard"),
    "iam.Role": Spec("AWS::IAM::Role", {
        "roleName": P(("RoleName",)),
        "description": P(("Description",)),
        "maxSessionDuration": P(("MaxSessionDuration",), c.seconds),
        "path": P(("Path",)),
    }, "role"),
    "iam.Policy": Spec("AWS::IAM::Policy", {"policyName": P(("PolicyName",))}, "policy"),
    "iam.ManagedPolicy": Spec("AWS::IAM::ManagedPolicy", {"managedPolicyName": P(("ManagedPolicyName",)), "description": P(("Description",))}, "policy"),
    "iam.User": Spec("AWS::IAM::User", {"userName": P(("UserName",))}, "role"),
    "iam.Group": Spec("AWS::IAM::Group", {"groupName": P(("GroupName",))}, "role"),
    "ec2.Vpc": Spec("AWS::EC2::VPC", {}, "vpc"),
    "ec2.SecurityGroup": Spec("AWS::EC2::SecurityGroup", {"securityGroupName": P(("GroupName",))}, "security_group"),
    "ec2.FlowLog": Spec("AWS::EC2::FlowLog", {"flowLogName": P(("Tags",), lambda v: [{"Key": "Name", "Value": v}])}, "flow_log"),
    "rds.DatabaseInstance": Spec("AWS::RDS::DBInstance", {
        "instanceIdentifier": P(("DBInstanceIdentifier",)),
        "databaseName": P(("DBName",)),
        "instanceType": P(("DBInstanceClass",), c.instance_class),
        "allocatedStorage": P(("AllocatedStorage",), c.text),
        "maxAllocatedStorage": P(("MaxAllocatedStorage",)),
        "storageType": P(("StorageType",)),
        "multiAz": P(("MultiAZ",)),
        "storageEncrypted": P(("StorageEncrypted",)),
        "storageEncryptionKey": P(("KmsKeyId",), c.arn),
        "backupRetention": P(("BackupRetentionPeriod",), c.days),
        "deletionProtection": P(("DeletionProtection",)),
        "publiclyAccessible": P(("PubliclyAccessible",)),
        "port": P(("Port",), c.text),
        "enablePerformanceInsights": P(("EnablePerformanceInsights",)),
        "monitoringInterval": P(("MonitoringInterval",), c.seconds),
        "cloudwatchLogsExports": P(("EnableCloudwatchLogsExports",)),
        "autoMinorVersionUpgrade": P(("AutoMinorVersionUpgrade",)),
        "iamAuthentication": P(("EnableIAMDatabaseAuthentication",)),
        "preferredBackupWindow": P(("PreferredBackupWindow",)),
    }, "database_instance"),
    "rds.DatabaseCluster": Spec("AWS::RDS::DBCluster", {
        "clusterIdentifier": P(("DBClusterIdentifier",)),
        "defaultDatabaseName": P(("DatabaseName",)),
        "storageEncrypted": P(("StorageEncrypted",)),
        "storageEncryptionKey": P(("KmsKeyId",), c.arn),
        "deletionProtection": P(("DeletionProtection",)),
        "port": P(("Port",)),
        "serverlessV2MinCapacity": P(("ServerlessV2ScalingConfiguration", "MinCapacity")),
        "serverlessV2MaxCapacity": P(("ServerlessV2ScalingConfiguration", "MaxCapacity")),
        "cloudwatchLogsExports": P(("EnableCloudwatchLogsExports",)),
        "iamAuthentication": P(("EnableIAMDatabaseAuthentication",)),
    }, "database_cluster"),
    "elasticloadbalancingv2.ApplicationLoadBalancer": Spec("AWS::ElasticLoadBalancingV2::LoadBalancer", {
        "loadBalancerName": P(("Name",)),
        "idleTimeout": P(("LoadBalancerAttributes",), lambda v: [{"Key": "idle_timeout.timeout_seconds", "Value": str(c.seconds(v))}]),
    }, "load_balancer"),
    "elasticloadbalancingv2.ApplicationTargetGroup": Spec("AWS::ElasticLoadBalancingV2::TargetGroup", {"port": P(("Port",)), "protocol": P(("Protocol",)), "targetType": P(("TargetType",)), "targetGroupName": P(("Name",))}),
    "elasticloadbalancingv2.ApplicationListener": Spec("AWS::ElasticLoadBalancingV2::Listener", {"port": P(("Port",)), "protocol": P(("Protocol",)), "sslPolicy": P(("SslPolicy",))}, "listener"),
    "events.Rule": Spec("AWS::Events::Rule", {
        "ruleName": P(("Name",)),
        "description": P(("Description",)),
        "schedule": P(("ScheduleExpression",)),
        "enabled": P(("State",), c.state),
        "eventBus": P(("EventBusName",), c.reference),
    }, "rule"),
    "events.EventBus": Spec("AWS::Events::EventBus", {"eventBusName": P(("Name",))}),
    "stepfunctions.StateMachine": Spec("AWS::StepFunctions::StateMachine", {
        "stateMachineName": P(("StateMachineName",)),
        "stateMachineType": P(("StateMachineType",)),
        "tracingEnabled": P(("TracingConfiguration", "Enabled")),
    }, "state_machine"),
    "codedeploy.LambdaApplication": Spec("AWS::CodeDeploy::Application", {"applicationName": P(("ApplicationName",))}, "codedeploy_application"),
    "codedeploy.ServerApplication": Spec("AWS::CodeDeploy::Application", {"applicationName": P(("ApplicationName",))}, "codedeploy_application"),
    "codedeploy.EcsApplication": Spec("AWS::CodeDeploy::Application", {"applicationName": P(("ApplicationName",))}, "codedeploy_application"),
    "codedeploy.LambdaDeploymentGroup": Spec("AWS::CodeDeploy::DeploymentGroup", {
        "deploymentGroupName": P(("DeploymentGroupName",)),
        "deploymentConfig": P(("DeploymentConfigName",)),
    }, "deployment_group"),
    "codedeploy.ServerDeploymentGroup": Spec("AWS::CodeDeploy::DeploymentGroup", {"deploymentGroupName": P(("DeploymentGroupName",)), "deploymentConfig": P(("DeploymentConfigName",))}, "deployment_group"),
    "codedeploy.EcsDeploymentGroup": Spec("AWS::CodeDeploy::DeploymentGroup", {"deploymentGroupName": P(("DeploymentGroupName",)), "deploymentConfig": P(("DeploymentConfigName",))}, "deployment_group"),
    "secretsmanager.Secret": Spec("AWS::SecretsManager::Secret", {"secretName": P(("Name",)), "description": P(("Description",)), "encryptionKey": P(("KmsKeyId",), c.arn)}),
    "ssm.StringParameter": Spec("AWS::SSM::Parameter", {"parameterName": P(("Name",)), "stringValue": P(("Value",)), "description": P(("Description",))}, "ssm_parameter"),
    "ecs.Cluster": Spec("AWS::ECS::Cluster", {
        "clusterName": P(("ClusterName",)),
        "containerInsights": P(("ClusterSettings",), lambda v: [{"Name": "containerInsights", "Value": "enabled" if v else "disabled"}]),
    }),
    "ecs.FargateTaskDefinition": Spec("AWS::ECS::TaskDefinition", {
        "cpu": P(("Cpu",), c.text), "memoryLimitMiB": P(("Memory",), c.text), "family": P(("Family",)),
        "executionRole": P(("ExecutionRoleArn",), c.arn),
    }, "fargate_task_definition"),
    "ecs.FargateService": Spec("AWS::ECS::Service", {
        "serviceName": P(("ServiceName",)), "desiredCount": P(("DesiredCount",)),
        "enableExecuteCommand": P(("EnableExecuteCommand",)), "healthCheckGracePeriod": P(("HealthCheckGracePeriodSeconds",), c.seconds),
        "minHealthyPercent": P(("DeploymentConfiguration", "MinimumHealthyPercent")),
        "maxHealthyPercent": P(("DeploymentConfiguration", "MaximumPercent")),
        "platformVersion": P(("PlatformVersion",)),
    }, "fargate_service", main_id="Service"),
    "kinesis.Stream": Spec("AWS::Kinesis::Stream", {"streamName": P(("Name",)), "shardCount": P(("ShardCount",)), "retentionPeriod": P(("RetentionPeriodHours",), lambda v: (c.seconds(v) // 3600) if isinstance(c.seconds(v), int) else c.seconds(v))}),
}

# Step Functions states and other constructs that synthesize no resource of their own.
VIRTUAL = {
    "stepfunctions.Pass", "stepfunctions.Wait", "stepfunctions.Succeed", "stepfunctions.Fail", "stepfunctions.Choice",
    "stepfunctions.Parallel", "stepfunctions.Map", "stepfunctions.DistributedMap", "stepfunctions.CustomState",
    "stepfunctions_tasks.LambdaInvoke", "stepfunctions_tasks.DynamoPutItem", "stepfunctions_tasks.DynamoGetItem",
    "stepfunctions_tasks.DynamoUpdateItem", "stepfunctions_tasks.SnsPublish", "stepfunctions_tasks.SqsSendMessage",
    "stepfunctions_tasks.StepFunctionsStartExecution", "stepfunctions_tasks.CallAwsService",
}
