"""Where each concept lives in CloudFormation, and what AWS does when the property is absent.

Pure data. ``VALUE_SITES`` binds quantity/enumeration concepts to (resource types, property
path, service default); ``TOGGLES`` binds on/off concepts to (types, path, the values meaning
"on", default state); ``SERVICE_TYPES`` says which resource types a service name covers.
A path step ``"*"`` is any list item; ``"**"`` is any depth. ``ABSENT`` as a default means the
service has no default value for it (the claim is then decided by absence alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ABSENT = object()
NEVER_EXPIRES = "never expires"
PRESENT = "<present>"  # toggle is on when the path exists with a non-empty value
ALL_FLAGS_TRUE = "<all flags true>"  # toggle is on when every flag of the mapping at the path is true
PUBLIC_ACCESS_FLAGS = ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")

FUNCTIONS = ("AWS::Lambda::Function", "AWS::Serverless::Function")
TABLES = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")
BUCKETS = ("AWS::S3::Bucket",)
QUEUES = ("AWS::SQS::Queue",)
TOPICS = ("AWS::SNS::Topic",)
KEYS = ("AWS::KMS::Key",)
LOG_GROUPS = ("AWS::Logs::LogGroup",)
ALARMS = ("AWS::CloudWatch::Alarm",)
DATABASES = ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster")
STATE_MACHINES = ("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine")
NODEGROUPS = ("AWS::EKS::Nodegroup",)
ASGS = ("AWS::AutoScaling::AutoScalingGroup",)
TARGET_GROUPS = ("AWS::ElasticLoadBalancingV2::TargetGroup",)

SERVICE_TYPES: dict[str, tuple[str, ...]] = {
    "lambda": FUNCTIONS,
    "dynamodb": TABLES,
    "s3": BUCKETS,
    "sqs": QUEUES,
    "sns": TOPICS,
    "kms": (*KEYS, "AWS::KMS::Alias"),
    "logs": LOG_GROUPS,
    "alarm": (*ALARMS, "AWS::CloudWatch::CompositeAlarm"),
    "apigw": ("AWS::ApiGateway::RestApi", "AWS::ApiGateway::Stage", "AWS::ApiGateway::UsagePlan", "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage", "AWS::Serverless::Api"),
    "rds": DATABASES,
    "ec2": ("AWS::EC2::Instance", "AWS::EC2::LaunchTemplate"),
    "asg": ASGS,
    "eks": ("AWS::EKS::Cluster", *NODEGROUPS),
    "ecs": ("AWS::ECS::Cluster", "AWS::ECS::Service", "AWS::ECS::TaskDefinition"),
    "sfn": STATE_MACHINES,
    "events": ("AWS::Events::Rule", "AWS::Events::EventBus"),
    "vpc": ("AWS::EC2::VPC", "AWS::EC2::Subnet"),
    "alb": ("AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::TargetGroup"),
    "cloudtrail": ("AWS::CloudTrail::Trail",),
    "secrets": ("AWS::SecretsManager::Secret",),
    "kinesis": ("AWS::Kinesis::Stream",),
    "elasticache": ("AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster"),
    "efs": ("AWS::EFS::FileSystem",),
    "iam": ("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"),
}


@dataclass(frozen=True)
class Site:
    """A property holding a concept's value, with the service default when it is absent."""

    types: tuple[str, ...]
    path: tuple[Any, ...]
    default: Any = ABSENT
    scale: float = 1  # multiply the template value to get the concept's canonical unit
    where: tuple[str, Any] | None = None  # the list item holding the value must have this key/value


VALUE_SITES: dict[str, tuple[Site, ...]] = {
    "lambda.memory": (Site(FUNCTIONS, ("MemorySize",), 128),),
    "lambda.timeout": (Site(FUNCTIONS, ("Timeout",), 3),),
    "lambda.reserved_concurrency": (Site(FUNCTIONS, ("ReservedConcurrentExecutions",), "unreserved"),),
    "lambda.provisioned_concurrency": (Site(("AWS::Lambda::Alias", "AWS::Lambda::Version"), ("ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions")), Site(FUNCTIONS, ("ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions"))),
    "lambda.batch_size": (Site(("AWS::Lambda::EventSourceMapping",), ("BatchSize",)),),
    "ecs.memory": (Site(("AWS::ECS::TaskDefinition",), ("Memory",)),),
    "ecs.cpu": (Site(("AWS::ECS::TaskDefinition",), ("Cpu",)),),
    "rds.engine_version": (Site(DATABASES, ("EngineVersion",)),),
    "lambda.starting_position": (Site(("AWS::Lambda::EventSourceMapping",), ("StartingPosition",)),),
    "kinesis.shard_count": (Site(("AWS::Kinesis::Stream",), ("ShardCount",)),),
    "lambda.runtime": (Site(FUNCTIONS, ("Runtime",)),),
    "lambda.architecture": (Site(FUNCTIONS, ("Architectures",), ["x86_64"]),),
    "sqs.visibility_timeout": (Site(QUEUES, ("VisibilityTimeout",), 30),),
    "sqs.retention": (Site(QUEUES, ("MessageRetentionPeriod",), 345600),),
    "sqs.max_receive_count": (Site(QUEUES, ("RedrivePolicy", "maxReceiveCount")),),
    "logs.retention": (Site(LOG_GROUPS, ("RetentionInDays",), NEVER_EXPIRES), Site(("Custom::LogRetention",), ("RetentionInDays",), NEVER_EXPIRES)),
    "dynamodb.billing_mode": (Site(TABLES, ("BillingMode",), "PROVISIONED"),),
    "dynamodb.read_capacity": (Site(TABLES, ("ProvisionedThroughput", "ReadCapacityUnits")),),
    "dynamodb.write_capacity": (Site(TABLES, ("ProvisionedThroughput", "WriteCapacityUnits")),),
    "dynamodb.partition_key": (Site(TABLES, ("KeySchema", "*", "AttributeName"), where=("KeyType", "HASH")),),
    "dynamodb.sort_key": (Site(TABLES, ("KeySchema", "*", "AttributeName"), where=("KeyType", "RANGE")),),
    "dynamodb.stream_view_type": (Site(TABLES, ("StreamSpecification", "StreamViewType")),),
    "apigw.throttling_rate": (
        Site(("AWS::ApiGateway::Stage",), ("MethodSettings", "*", "ThrottlingRateLimit")),
        Site(("AWS::ApiGateway::UsagePlan",), ("Throttle", "RateLimit")),
        Site(("AWS::ApiGatewayV2::Stage",), ("DefaultRouteSettings", "ThrottlingRateLimit")),
    ),
    "apigw.throttling_burst": (
        Site(("AWS::ApiGateway::Stage",), ("MethodSettings", "*", "ThrottlingBurstLimit")),
        Site(("AWS::ApiGateway::UsagePlan",), ("Throttle", "BurstLimit")),
        Site(("AWS::ApiGatewayV2::Stage",), ("DefaultRouteSettings", "ThrottlingBurstLimit")),
    ),
    "apigw.endpoint_type": (Site(("AWS::ApiGateway::RestApi",), ("EndpointConfiguration", "Types"), ["EDGE"]),),
    "alarm.threshold": (Site(ALARMS, ("Threshold",)),),
    "alarm.evaluation_periods": (Site(ALARMS, ("EvaluationPeriods",)),),
    "alarm.period": (Site(ALARMS, ("Period",)),),
    "alb.health_check_path": (Site(TARGET_GROUPS, ("HealthCheckPath",), "/"),),
    "alb.ssl_policy": (Site(("AWS::ElasticLoadBalancingV2::Listener",), ("SslPolicy",)),),
    "alb.redirect_status": (Site(("AWS::ElasticLoadBalancingV2::Listener",), ("DefaultActions", "*", "RedirectConfig", "StatusCode")),),
    "alb.health_check_interval": (Site(TARGET_GROUPS, ("HealthCheckIntervalSeconds",), 30),),
    "rds.backup_retention": (Site(DATABASES, ("BackupRetentionPeriod",), 1),),
    "rds.engine": (Site(DATABASES, ("Engine",)),),
    "rds.instance_class": (Site(("AWS::RDS::DBInstance",), ("DBInstanceClass",)),),
    "ec2.instance_type": (
        Site(("AWS::EC2::Instance",), ("InstanceType",), "m1.small"),
        Site(NODEGROUPS, ("InstanceTypes",), ["t3.medium"]),
        Site(("AWS::EC2::LaunchTemplate",), ("LaunchTemplateData", "InstanceType")),
        Site(("AWS::AutoScaling::LaunchConfiguration",), ("InstanceType",)),
    ),
    "vpc.cidr": (Site(("AWS::EC2::VPC",), ("CidrBlock",)),),
    "kms.pending_window": (Site(KEYS, ("PendingWindowInDays",), 30),),
    **{f"s3.transition_days.{cls.lower()}": (
        Site(BUCKETS, ("LifecycleConfiguration", "Rules", "*", "Transitions", "*", "TransitionInDays"), where=("StorageClass", cls)),
        Site(BUCKETS, ("LifecycleConfiguration", "Rules", "*", "NoncurrentVersionTransitions", "*", "TransitionInDays"), where=("StorageClass", cls)),
    ) for cls in ("DEEP_ARCHIVE", "GLACIER_IR", "GLACIER", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING")},
    "s3.transition_days": (
        Site(BUCKETS, ("LifecycleConfiguration", "Rules", "*", "Transitions", "*", "TransitionInDays")),
        Site(BUCKETS, ("LifecycleConfiguration", "Rules", "*", "Transition", "TransitionInDays")),
        Site(BUCKETS, ("LifecycleConfiguration", "Rules", "*", "NoncurrentVersionTransitions", "*", "TransitionInDays")),
        Site(BUCKETS, ("IntelligentTieringConfigurations", "*", "Tierings", "*", "Days")),
    ),
    "s3.expiration_days": (
        Site(BUCKETS, ("LifecycleConfiguration", "Rules", "*", "ExpirationInDays")),
        Site(BUCKETS, ("LifecycleConfiguration", "Rules", "*", "NoncurrentVersionExpiration", "NoncurrentDays")),
        Site(BUCKETS, ("LifecycleConfiguration", "Rules", "*", "NoncurrentVersionExpirationInDays")),
    ),
    "sfn.retry_max_attempts": (Site(STATE_MACHINES, ("@definition", "**", "Retry", "*", "MaxAttempts"), 3),),
    "sfn.retry_interval": (Site(STATE_MACHINES, ("@definition", "**", "Retry", "*", "IntervalSeconds"), 1),),
    "sfn.retry_backoff_rate": (Site(STATE_MACHINES, ("@definition", "**", "Retry", "*", "BackoffRate"), 2.0),),
    "asg.min_size": (Site(ASGS, ("MinSize",)), Site(NODEGROUPS, ("ScalingConfig", "MinSize"))),
    "asg.max_size": (Site(ASGS, ("MaxSize",)), Site(NODEGROUPS, ("ScalingConfig", "MaxSize"))),
    "ecs.min_tasks": (Site(("AWS::ApplicationAutoScaling::ScalableTarget",), ("MinCapacity",), where=("ServiceNamespace", "ecs")),),
    "ecs.max_tasks": (Site(("AWS::ApplicationAutoScaling::ScalableTarget",), ("MaxCapacity",), where=("ServiceNamespace", "ecs")),),
    "asg.desired_capacity": (Site(ASGS, ("DesiredCapacity",)), Site(NODEGROUPS, ("ScalingConfig", "DesiredSize")), Site(("AWS::ECS::Service",), ("DesiredCount",), 1)),
    "eks.version": (Site(("AWS::EKS::Cluster",), ("Version",)),),
    "name": (
        Site(BUCKETS, ("BucketName",)), Site(TABLES, ("TableName",)), Site(QUEUES, ("QueueName",)),
        Site(FUNCTIONS, ("FunctionName",)), Site(TOPICS, ("TopicName",)), Site(LOG_GROUPS, ("LogGroupName",)),
        Site(("AWS::KMS::Alias",), ("AliasName",)), Site(("AWS::Events::Rule", "AWS::Events::EventBus"), ("Name",)),
        Site(STATE_MACHINES, ("StateMachineName",)), Site(("AWS::SecretsManager::Secret",), ("Name",)),
        Site(("AWS::RDS::DBInstance",), ("DBInstanceIdentifier",)), Site(("AWS::RDS::DBCluster",), ("DBClusterIdentifier",)),
        Site(("AWS::EKS::Cluster",), ("Name",)), Site(("AWS::ECS::Cluster",), ("ClusterName",)), Site(("AWS::IAM::Role",), ("RoleName",)),
    ),
}


@dataclass(frozen=True)
class AttributeFlag:
    """Toggle value: on when a ``{Key, Value}`` item of the list at the path has this key and a true value
    (load balancer attributes: ``deletion_protection.enabled``)."""

    key: str


@dataclass(frozen=True)
class Toggle:
    """An on/off feature: on when the value at ``path`` is one of ``on`` (or PRESENT)."""

    types: tuple[str, ...]
    path: tuple[Any, ...]
    on: tuple[Any, ...] = (PRESENT,)
    default: bool = False  # state when the property is absent (the service default)
    default_note: str = ""


TOGGLES: dict[str, tuple[Toggle, ...]] = {
    "s3.versioning": (Toggle(BUCKETS, ("VersioningConfiguration", "Status"), ("Enabled",)),),
    "dynamodb.pitr": (
        Toggle(("AWS::DynamoDB::Table",), ("PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"), (True,)),
        Toggle(("AWS::DynamoDB::GlobalTable",), ("Replicas", "*", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"), (True,)),
    ),
    "kms.rotation": (Toggle(KEYS, ("EnableKeyRotation",), (True,)),),
    "lambda.tracing": (Toggle(("AWS::Lambda::Function",), ("TracingConfig", "Mode"), ("Active",)), Toggle(("AWS::Serverless::Function",), ("Tracing",), ("Active",))),
    "lambda.vpc": (Toggle(("AWS::Lambda::Function", "AWS::Serverless::Function"), ("VpcConfig", "SubnetIds"), (PRESENT,), False,
                          "a function without VpcConfig runs outside any VPC"),),
    "alarm.actions": (Toggle(ALARMS, ("AlarmActions",), (PRESENT,), False, "an alarm without AlarmActions notifies nobody"),),
    "apigw.tracing": (Toggle(("AWS::ApiGateway::Stage",), ("TracingEnabled",), (True,)),),
    "sfn.tracing": (Toggle(STATE_MACHINES, ("TracingConfiguration", "Enabled"), (True,)),),
    "rds.deletion_protection": (Toggle(DATABASES, ("DeletionProtection",), (True,)),),
    "alb.deletion_protection": (Toggle(("AWS::ElasticLoadBalancingV2::LoadBalancer",), ("LoadBalancerAttributes", "*"),
                                       (AttributeFlag("deletion_protection.enabled"),)),),
    "dynamodb.deletion_protection": (Toggle(TABLES, ("DeletionProtectionEnabled",), (True,)),),
    "deletion_protection": (Toggle(DATABASES, ("DeletionProtection",), (True,)), Toggle(TABLES, ("DeletionProtectionEnabled",), (True,))),
    "rds.multi_az": (Toggle(("AWS::RDS::DBInstance",), ("MultiAZ",), (True,)),),
    "s3.public_access_block": (
        Toggle(BUCKETS, ("PublicAccessBlockConfiguration",), (ALL_FLAGS_TRUE,), True, "S3 blocks public access on new buckets by default"),
    ),
    "dynamodb.streams": (Toggle(TABLES, ("StreamSpecification", "StreamViewType")),),
    "s3.access_logging": (Toggle(BUCKETS, ("LoggingConfiguration",)),),
    "s3.intelligent_tiering": (Toggle(BUCKETS, ("IntelligentTieringConfigurations",)), Toggle(BUCKETS, ("LifecycleConfiguration", "Rules", "*", "Transitions", "*", "StorageClass"), ("INTELLIGENT_TIERING",))),
    "eks.endpoint_private": (Toggle(("AWS::EKS::Cluster",), ("ResourcesVpcConfig", "EndpointPublicAccess"), (False,), False, "EKS endpoints are public by default"),),
    "lambda.inline_code": (Toggle(("AWS::Lambda::Function",), ("Code", "ZipFile")), Toggle(("AWS::Serverless::Function",), ("InlineCode",))),
    "eks.control_plane_logging": (Toggle(("AWS::EKS::Cluster",), ("Logging", "ClusterLogging", "EnabledTypes")),),
}

# encryption at rest, per service: (types, path, values meaning on, default state, note)
ENCRYPTION: dict[str, tuple[Toggle, ...]] = {
    "s3": (Toggle(BUCKETS, ("BucketEncryption",), (PRESENT,), True, "S3 encrypts new objects with SSE-S3 by default"),),
    "dynamodb": (Toggle(TABLES, ("SSESpecification", "SSEEnabled"), (True, False), True, "DynamoDB encrypts all tables at rest (AWS owned key) by default"),),
    "sqs": (Toggle(QUEUES, ("KmsMasterKeyId",), (PRESENT,), True, "SQS queues use SSE-SQS by default"),),
    "sns": (Toggle(TOPICS, ("KmsMasterKeyId",)),),
    "rds": (Toggle(DATABASES, ("StorageEncrypted",), (True,)),),
    "logs": (Toggle(LOG_GROUPS, ("KmsKeyId",), (PRESENT,), True, "CloudWatch Logs encrypts log data at rest by default"),),
    "kinesis": (Toggle(("AWS::Kinesis::Stream",), ("StreamEncryption",)),),
    "efs": (Toggle(("AWS::EFS::FileSystem",), ("Encrypted",), (True,)),),
    "lambda": (Toggle(FUNCTIONS, ("KmsKeyArn",), (PRESENT,), True, "Lambda encrypts environment variables with an AWS managed key by default"),),
}
ENCRYPTION_KMS: dict[str, tuple[Toggle, ...]] = {
    "s3": (Toggle(BUCKETS, ("BucketEncryption", "ServerSideEncryptionConfiguration", "*", "ServerSideEncryptionByDefault", "SSEAlgorithm"), ("aws:kms", "aws:kms:dsse")),),
    "dynamodb": (Toggle(TABLES, ("SSESpecification", "SSEEnabled"), (True,)),),
    "sqs": (Toggle(QUEUES, ("KmsMasterKeyId",)),),
    "sns": (Toggle(TOPICS, ("KmsMasterKeyId",)),),
    "rds": (Toggle(DATABASES, ("KmsKeyId",)), Toggle(DATABASES, ("StorageEncrypted",), (True,))),
    "logs": (Toggle(LOG_GROUPS, ("KmsKeyId",)),),
    "kinesis": (Toggle(("AWS::Kinesis::Stream",), ("StreamEncryption", "EncryptionType"), ("KMS",)),),
    "efs": (Toggle(("AWS::EFS::FileSystem",), ("KmsKeyId",)),),
    "lambda": (Toggle(FUNCTIONS, ("KmsKeyArn",)),),
}

# Artifact-wide features: concept -> (resource types, property path or None, accepted values)
ARTIFACT_FEATURES: dict[str, tuple[tuple[tuple[str, ...], tuple[Any, ...] | None, tuple[Any, ...]], ...]] = {
    "vpc.flow_logs": ((("AWS::EC2::FlowLog",), None, ()),),
    "sqs.dlq": (
        (QUEUES, ("RedrivePolicy", "deadLetterTargetArn"), (PRESENT,)),
        (QUEUES, ("@logical_id",), ("dlq", "deadletter")),
        (FUNCTIONS, ("DeadLetterConfig", "TargetArn"), (PRESENT,)),
        (("AWS::Lambda::EventSourceMapping",), ("DestinationConfig", "OnFailure", "Destination"), (PRESENT,)),
        (("AWS::Lambda::EventInvokeConfig",), ("DestinationConfig", "OnFailure", "Destination"), (PRESENT,)),
        (("AWS::Events::Rule",), ("Targets", "*", "DeadLetterConfig", "Arn"), (PRESENT,)),
    ),
    "s3.https_only": ((("AWS::S3::BucketPolicy",), ("PolicyDocument", "Statement", "*", "Condition", "Bool", "aws:SecureTransport"), (False, "false")),),
    "alb.https_only": ((("AWS::ElasticLoadBalancingV2::Listener",), ("Protocol",), ("HTTPS", "TLS")),),
    "apigw.https_only": ((("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api"), None, ()),),
}
