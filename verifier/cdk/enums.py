"""CDK enum members and static values, as the CloudFormation values they synthesize to.

``ENUMS`` maps a qualified member (``"s3.BucketEncryption.KMS"``) to its CFN value; classes
whose members follow a spelling rule (``lambda.Runtime``, RDS engine versions, CodeDeploy
configs, instance classes) are in ``RULES``. A member in neither table reads as an
``Unresolved`` enum value rather than a guessed string.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from claims.vocabulary import RETENTION_DAYS
from verifier.model import Unresolved

_BLOCK_ALL = {"BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}


COMPARISON = {
    "GREATER_THAN_OR_EQUAL_TO_THRESHOLD": "GreaterThanOrEqualToThreshold", "GREATER_THAN_THRESHOLD": "GreaterThanThreshold",
    "LESS_THAN_THRESHOLD": "LessThanThreshold", "LESS_THAN_OR_EQUAL_TO_THRESHOLD": "LessThanOrEqualToThreshold",
    "LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD": "LessThanLowerOrGreaterThanUpperThreshold",
    "GREATER_THAN_UPPER_THRESHOLD": "GreaterThanUpperThreshold", "LESS_THAN_LOWER_THRESHOLD": "LessThanLowerThreshold",
}

STORAGE_CLASS = {
    "GLACIER": "GLACIER", "DEEP_ARCHIVE": "DEEP_ARCHIVE", "INFREQUENT_ACCESS": "STANDARD_IA", "ONE_ZONE_INFREQUENT_ACCESS": "ONEZONE_IA",
    "INTELLIGENT_TIERING": "INTELLIGENT_TIERING", "GLACIER_INSTANT_RETRIEVAL": "GLACIER_IR",
}

INSTANCE_CLASS = {
    "BURSTABLE2": "t2", "BURSTABLE3": "t3", "BURSTABLE3_AMD": "t3a", "BURSTABLE4_GRAVITON": "t4g", "STANDARD5": "m5", "STANDARD6_INTEL": "m6i",
    "STANDARD6_GRAVITON": "m6g", "STANDARD7_INTEL": "m7i", "STANDARD7_GRAVITON": "m7g", "MEMORY5": "r5", "MEMORY6_INTEL": "r6i",
    "MEMORY6_GRAVITON": "r6g", "MEMORY7_GRAVITON": "r7g", "COMPUTE5": "c5", "COMPUTE6_INTEL": "c6i", "COMPUTE6_GRAVITON2": "c6g",
    "COMPUTE7_GRAVITON3": "c7g",
}

INSTANCE_SIZE = {
    "NANO": "nano", "MICRO": "micro", "SMALL": "small", "MEDIUM": "medium", "LARGE": "large", "XLARGE": "xlarge",
    **{f"XLARGE{n}": f"{n}xlarge" for n in (2, 3, 4, 6, 8, 9, 10, 12, 16, 18, 24, 32, 48)},
}

ENUMS: dict[str, Any] = {
    "core.RemovalPolicy.DESTROY": "Delete", "core.RemovalPolicy.RETAIN": "Retain", "core.RemovalPolicy.SNAPSHOT": "Snapshot",
    "core.RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE": "RetainExceptOnCreate",
    "lambda.Architecture.ARM_64": "arm64", "lambda.Architecture.X86_64": "x86_64",
    "lambda.Tracing.ACTIVE": "Active", "lambda.Tracing.PASS_THROUGH": "PassThrough", "lambda.Tracing.DISABLED": None,
    "lambda.LoggingFormat.JSON": "JSON", "lambda.LoggingFormat.TEXT": "Text",
    "lambda.ApplicationLogLevel.INFO": "INFO", "lambda.ApplicationLogLevel.DEBUG": "DEBUG", "lambda.ApplicationLogLevel.WARN": "WARN",
    "lambda.ApplicationLogLevel.ERROR": "ERROR", "lambda.SystemLogLevel.INFO": "INFO", "lambda.SystemLogLevel.WARN": "WARN",
    "lambda.StartingPosition.LATEST": "LATEST", "lambda.StartingPosition.TRIM_HORIZON": "TRIM_HORIZON",
    "lambda.FunctionUrlAuthType.NONE": "NONE", "lambda.FunctionUrlAuthType.AWS_IAM": "AWS_IAM",
    "dynamodb.BillingMode.PAY_PER_REQUEST": "PAY_PER_REQUEST", "dynamodb.BillingMode.PROVISIONED": "PROVISIONED",
    "dynamodb.AttributeType.STRING": "S", "dynamodb.AttributeType.NUMBER": "N", "dynamodb.AttributeType.BINARY": "B",
    "dynamodb.StreamViewType.NEW_IMAGE": "NEW_IMAGE", "dynamodb.StreamViewType.OLD_IMAGE": "OLD_IMAGE",
    "dynamodb.StreamViewType.NEW_AND_OLD_IMAGES": "NEW_AND_OLD_IMAGES", "dynamodb.StreamViewType.KEYS_ONLY": "KEYS_ONLY",
    "dynamodb.ProjectionType.ALL": "ALL", "dynamodb.ProjectionType.KEYS_ONLY": "KEYS_ONLY", "dynamodb.ProjectionType.INCLUDE": "INCLUDE",
    "dynamodb.TableClass.STANDARD": "STANDARD", "dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS": "STANDARD_INFREQUENT_ACCESS",
    "dynamodb.TableEncryption.DEFAULT": "DEFAULT", "dynamodb.TableEncryption.AWS_MANAGED": "AWS_MANAGED",
    "dynamodb.TableEncryption.CUSTOMER_MANAGED": "CUSTOMER_MANAGED",
    "s3.BucketEncryption.KMS": "aws:kms", "s3.BucketEncryption.KMS_MANAGED": "aws:kms", "s3.BucketEncryption.S3_MANAGED": "AES256",
    "s3.BucketEncryption.DSSE": "aws:kms:dsse", "s3.BucketEncryption.DSSE_MANAGED": "aws:kms:dsse", "s3.BucketEncryption.UNENCRYPTED": None,
    "s3.BlockPublicAccess.BLOCK_ALL": _BLOCK_ALL,
    "s3.BlockPublicAccess.BLOCK_ACLS": {"BlockPublicAcls": True, "IgnorePublicAcls": True},
    "s3.ObjectOwnership.BUCKET_OWNER_ENFORCED": "BucketOwnerEnforced", "s3.ObjectOwnership.BUCKET_OWNER_PREFERRED": "BucketOwnerPreferred",
    "s3.ObjectOwnership.OBJECT_WRITER": "ObjectWriter",
    "s3.BucketAccessControl.PRIVATE": "Private", "s3.BucketAccessControl.LOG_DELIVERY_WRITE": "LogDeliveryWrite",
    "s3.HttpMethods.GET": "GET", "s3.HttpMethods.PUT": "PUT", "s3.HttpMethods.POST": "POST", "s3.HttpMethods.DELETE": "DELETE", "s3.HttpMethods.HEAD": "HEAD",
    "s3.EventType.OBJECT_CREATED": "s3:ObjectCreated:*", "s3.EventType.OBJECT_REMOVED": "s3:ObjectRemoved:*",
    "sqs.QueueEncryption.KMS": "KMS", "sqs.QueueEncryption.KMS_MANAGED": "KMS_MANAGED", "sqs.QueueEncryption.SQS_MANAGED": "SQS_MANAGED",
    "sqs.QueueEncryption.UNENCRYPTED": "NONE",
    "kms.KeySpec.SYMMETRIC_DEFAULT": "SYMMETRIC_DEFAULT", "kms.KeySpec.RSA_2048": "RSA_2048", "kms.KeySpec.ECC_NIST_P256": "ECC_NIST_P256",
    "kms.KeyUsage.ENCRYPT_DECRYPT": "ENCRYPT_DECRYPT", "kms.KeyUsage.SIGN_VERIFY": "SIGN_VERIFY", "kms.KeyUsage.GENERATE_VERIFY_MAC": "GENERATE_VERIFY_MAC",
    "cloudwatch.TreatMissingData.BREACHING": "breaching", "cloudwatch.TreatMissingData.NOT_BREACHING": "notBreaching",
    "cloudwatch.TreatMissingData.IGNORE": "ignore", "cloudwatch.TreatMissingData.MISSING": "missing",
    **{f"cloudwatch.ComparisonOperator.{k}": v for k, v in COMPARISON.items()},
    **{f"cloudwatch.{c}.{k}": v for c in ("Stats", "Statistic") for k, v in {"SUM": "Sum", "AVERAGE": "Average", "MAXIMUM": "Maximum", "MINIMUM": "Minimum", "SAMPLE_COUNT": "SampleCount"}.items()},
    "apigateway.EndpointType.REGIONAL": "REGIONAL", "apigateway.EndpointType.EDGE": "EDGE", "apigateway.EndpointType.PRIVATE": "PRIVATE",
    "apigateway.MethodLoggingLevel.INFO": "INFO", "apigateway.MethodLoggingLevel.ERROR": "ERROR", "apigateway.MethodLoggingLevel.OFF": "OFF",
    "apigateway.AuthorizationType.NONE": "NONE", "apigateway.AuthorizationType.IAM": "AWS_IAM",
    "apigateway.AuthorizationType.COGNITO": "COGNITO_USER_POOLS", "apigateway.AuthorizationType.CUSTOM": "CUSTOM",
    **{f"logs.RetentionDays.{k}": v for k, v in RETENTION_DAYS.items()},
    "ec2.SubnetType.PUBLIC": "Public", "ec2.SubnetType.PRIVATE_WITH_EGRESS": "Private", "ec2.SubnetType.PRIVATE_WITH_NAT": "Private",
    "ec2.SubnetType.PRIVATE_ISOLATED": "Isolated", "ec2.SubnetType.PRIVATE": "Private", "ec2.SubnetType.ISOLATED": "Isolated",
    "ec2.Port.HTTPS": {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443}, "ec2.Port.HTTP": {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80},
    "ec2.Port.SSH": {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22}, "ec2.Port.POSTGRES": {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432},
    "ec2.Port.MYSQL_AURORA": {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306},
    "ec2.FlowLogTrafficType.ALL": "ALL", "ec2.FlowLogTrafficType.REJECT": "REJECT", "ec2.FlowLogTrafficType.ACCEPT": "ACCEPT",
    "rds.StorageType.GP2": "gp2", "rds.StorageType.GP3": "gp3", "rds.StorageType.IO1": "io1", "rds.StorageType.IO2": "io2", "rds.StorageType.STANDARD": "standard",
    "rds.DatabaseInstanceEngine.POSTGRES": {"engine": "postgres"}, "rds.DatabaseInstanceEngine.MYSQL": {"engine": "mysql"},
    "rds.DatabaseInstanceEngine.MARIADB": {"engine": "mariadb"},
    "rds.DatabaseClusterEngine.AURORA_POSTGRESQL": {"engine": "aurora-postgresql"}, "rds.DatabaseClusterEngine.AURORA_MYSQL": {"engine": "aurora-mysql"},
    "elasticloadbalancingv2.ApplicationProtocol.HTTP": "HTTP", "elasticloadbalancingv2.ApplicationProtocol.HTTPS": "HTTPS",
    "elasticloadbalancingv2.Protocol.TCP": "TCP", "elasticloadbalancingv2.Protocol.HTTPS": "HTTPS", "elasticloadbalancingv2.Protocol.HTTP": "HTTP",
    "elasticloadbalancingv2.TargetType.IP": "ip", "elasticloadbalancingv2.TargetType.INSTANCE": "instance", "elasticloadbalancingv2.TargetType.LAMBDA": "lambda",
    "elasticloadbalancingv2.SslPolicy.RECOMMENDED_TLS": "ELBSecurityPolicy-TLS13-1-2-2021-06", "elasticloadbalancingv2.SslPolicy.TLS12": "ELBSecurityPolicy-TLS-1-2-2017-01",
    "stepfunctions.LogLevel.ALL": "ALL", "stepfunctions.LogLevel.ERROR": "ERROR", "stepfunctions.LogLevel.FATAL": "FATAL", "stepfunctions.LogLevel.OFF": "OFF",
    "stepfunctions.StateMachineType.STANDARD": "STANDARD", "stepfunctions.StateMachineType.EXPRESS": "EXPRESS",
    "stepfunctions.Errors.ALL": "States.ALL", "stepfunctions.Errors.TIMEOUT": "States.Timeout", "stepfunctions.Errors.TASKS_FAILED": "States.TaskFailed",
    "iam.Effect.ALLOW": "Allow", "iam.Effect.DENY": "Deny",
    "events.Match": None,
}


def _runtime(member: str) -> str | None:
    """``PYTHON_3_12`` -> ``python3.12``, ``NODEJS_22_X`` -> ``nodejs22.x``, ``PROVIDED_AL2023`` -> ``provided.al2023``."""
    patterns: tuple[tuple[str, Callable[[re.Match[str]], str]], ...] = (
        (r"PYTHON_(\d+)_(\d+)", lambda m: f"python{m[1]}.{m[2]}"),
        (r"NODEJS_(\d+)_X", lambda m: f"nodejs{m[1]}.x"),
        (r"NODEJS_LATEST", lambda m: "nodejs22.x"),
        (r"PYTHON_LATEST", lambda m: "python3.13"),
        (r"JAVA_(\d+)", lambda m: f"java{m[1]}"),
        (r"JAVA_8_CORRETTO", lambda m: "java8.al2"),
        (r"DOTNET_(\d+)", lambda m: f"dotnet{m[1]}"),
        (r"RUBY_(\d+)_(\d+)", lambda m: f"ruby{m[1]}.{m[2]}"),
        (r"PROVIDED_(AL2023|AL2)", lambda m: f"provided.{m[1].lower()}"),
        (r"PROVIDED", lambda m: "provided"),
        (r"GO_1_X", lambda m: "go1.x"),
    )
    for pattern, build in patterns:
        match = re.fullmatch(pattern, member)
        if match:
            return build(match)
    return None


def _engine_version(member: str) -> str | None:
    """``VER_16`` -> ``16``, ``VER_15_4`` -> ``15.4``, ``VER_8_0_35`` -> ``8.0.35``."""
    match = re.fullmatch(r"VER_(\d+(?:_\d+)*)", member)
    return match[1].replace("_", ".") if match else None


def _aurora_mysql_version(member: str) -> str | None:
    match = re.fullmatch(r"VER_(\d+)_(\d+)_(\d+)", member)
    return f"8.0.mysql_aurora.{match[1]}.{match[2]}.{match[3]}" if match and match[1] == "3" else _engine_version(member)


def _codedeploy_config(member: str) -> str | None:
    """``CANARY_10PERCENT_5MINUTES`` -> ``CodeDeployDefault.LambdaCanary10Percent5Minutes``."""
    if not re.fullmatch(r"[A-Z0-9_]+", member):
        return None
    return "CodeDeployDefault.Lambda" + "".join(part.title() for part in member.split("_"))


RULES: dict[str, Callable[[str], Any]] = {
    "lambda.Runtime": _runtime,
    "rds.PostgresEngineVersion": _engine_version,
    "rds.MysqlEngineVersion": _engine_version,
    "rds.MariaDbEngineVersion": _engine_version,
    "rds.AuroraPostgresEngineVersion": _engine_version,
    "rds.AuroraMysqlEngineVersion": _aurora_mysql_version,
    "codedeploy.LambdaDeploymentConfig": _codedeploy_config,
    "ec2.InstanceClass": lambda m: INSTANCE_CLASS.get(m, m.lower() if re.fullmatch(r"[A-Z]\d[A-Z]*", m) else None),
    "ec2.InstanceSize": lambda m: INSTANCE_SIZE.get(m),
    "s3.StorageClass": lambda m: STORAGE_CLASS.get(m),
}


def lookup(qual: str) -> tuple[bool, Any]:
    """(is an enum member, its CFN value) for ``qual``; unknown members of known enums are Unresolved."""
    if qual in ENUMS:
        return True, ENUMS[qual]
    owner, _, member = qual.rpartition(".")
    if owner in RULES:
        value = RULES[owner](member)
        return True, value if value is not None else Unresolved("Enum", qual)
    if member.isupper() and len(member) > 1 and "." in owner and owner.rsplit(".", 1)[1][:1].isupper():
        return True, Unresolved("Enum", qual)  # an enum member we have no table for
    return False, None
