"""What the CDK writes into the template when a prop is left out, where that differs from
CloudFormation's own default (checked against ``cdk synth`` of aws-cdk-lib 2.2xx).

``PROPERTY_DEFAULTS``: a CFN property the construct sets unless one of ``unless`` props is
given, and only while each ``when`` prop has one of the listed values (``None`` = absent).
``REMOVAL_DEFAULTS``: the DeletionPolicy/UpdateReplacePolicy a construct applies when no
``removalPolicy`` is given. Where CDK writes nothing, the CloudFormation service defaults in
``verifier.bindings`` hold, so they are not repeated here (Lambda 128 MB / 3 s, S3 encryption
and public access block, ...). Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NOTE = "CDK default for {construct} (not set in the code)"


@dataclass(frozen=True)
class Default:
    path: tuple[Any, ...]
    value: Any
    unless: tuple[str, ...] = ()
    when: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    flag: str | None = None  # applies only when this cdk.json feature flag is true
    not_flag: str | None = None  # applies only when this feature flag is not true


_PROVISIONED = {"billingMode": (None, "PROVISIONED")}

PROPERTY_DEFAULTS: dict[str, tuple[Default, ...]] = {
    "dynamodb.Table": (
        Default(("ProvisionedThroughput", "ReadCapacityUnits"), 5, ("readCapacity",), _PROVISIONED),
        Default(("ProvisionedThroughput", "WriteCapacityUnits"), 5, ("writeCapacity",), _PROVISIONED),
    ),
    "dynamodb.TableV2": (
        Default(("BillingMode",), "PAY_PER_REQUEST", ("billing",)),
    ),
    "logs.LogGroup": (Default(("RetentionInDays",), 731, ("retention",)),),
    "events.Rule": (Default(("State",), "ENABLED", ("enabled",)),),
    "rds.DatabaseInstance": (
        Default(("DBInstanceClass",), "db.m5.large", ("instanceType",)),
        Default(("AllocatedStorage",), "100", ("allocatedStorage",)),
        Default(("StorageType",), "gp2", ("storageType",)),
        Default(("CopyTagsToSnapshot",), True, ("copyTagsToSnapshot",)),
    ),
    "ecs.FargateTaskDefinition": (Default(("Cpu",), "256", ("cpu",)), Default(("Memory",), "512", ("memoryLimitMiB",))),
    "rds.DatabaseCluster": (Default(("CopyTagsToSnapshot",), True, ("copyTagsToSnapshot",)),),
    "cloudwatch.Alarm": (Default(("ComparisonOperator",), "GreaterThanOrEqualToThreshold", ("comparisonOperator",)),),
    "elasticloadbalancingv2.ApplicationLoadBalancer": (
        Default(("Type",), "application"),
        Default(("Scheme",), "internal", ("internetFacing",)),
    ),
    "ec2.Vpc": (
        Default(("CidrBlock",), "10.0.0.0/16", ("cidr", "ipAddresses")),
        Default(("EnableDnsHostnames",), True, ("enableDnsHostnames",)),
        Default(("EnableDnsSupport",), True, ("enableDnsSupport",)),
        Default(("InstanceTenancy",), "default", ("defaultInstanceTenancy",)),
    ),
    "codedeploy.LambdaDeploymentGroup": (
        Default(("DeploymentConfigName",), "CodeDeployDefault.LambdaCanary10Percent5Minutes", ("deploymentConfig",)),
        Default(("DeploymentStyle",), {"DeploymentOption": "WITH_TRAFFIC_CONTROL", "DeploymentType": "BLUE_GREEN"}),
        Default(("AutoRollbackConfiguration",), {"Enabled": True, "Events": ["DEPLOYMENT_FAILURE"]}, ("autoRollback",)),
    ),
}

REMOVAL_DEFAULTS: dict[str, str] = {
    "s3.Bucket": "Retain",
    "dynamodb.Table": "Retain",
    "dynamodb.TableV2": "Retain",
    "kms.Key": "Retain",
    "logs.LogGroup": "Retain",
    "sqs.Queue": "Delete",
    "stepfunctions.StateMachine": "Delete",
    "rds.DatabaseInstance": "Snapshot",
    "rds.DatabaseCluster": "Snapshot",
    "secretsmanager.Secret": "Delete",
    "kinesis.Stream": "Retain",
}

# Feature flags (cdk.json "context") that change what a construct writes.
FLAG_DISABLE_APIGW_CLOUDWATCH_ROLE = "@aws-cdk/aws-apigateway:disableCloudWatchRole"
FLAG_RESTRICT_DEFAULT_SG = "@aws-cdk/aws-ec2:restrictDefaultSecurityGroup"
FLAG_MINIMIZE_POLICIES = "@aws-cdk/aws-iam:minimizePolicies"
