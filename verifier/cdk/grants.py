"""The IAM actions each CDK grant method gives (aws-cdk-lib v2), as data.

``GRANTS[construct][method]`` = (actions, resource form, key actions). The resource form says
which ARNs the statement names (``"arn"``, ``"arn+index"`` for tables with indexes,
``"arn+objects"`` for buckets, ``"ref"`` for topics/state machines, ``"arn+versions"`` for
functions, ``"*"``). Key actions are added on the resource's KMS key when it has one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GrantSpec:
    actions: tuple[str, ...]
    resources: str = "arn"
    key_actions: tuple[str, ...] = ()


_DDB_READ = ("dynamodb:BatchGetItem", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:Query", "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable")
_DDB_WRITE = ("dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable")
_S3_READ = ("s3:GetObject*", "s3:GetBucket*", "s3:List*")
_S3_DELETE = ("s3:DeleteObject*",)
_S3_PUT = ("s3:PutObject", "s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:Abort*")
_KMS_DECRYPT = ("kms:Decrypt",)
_KMS_ENCRYPT = ("kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*")
_SQS_CONSUME = ("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes")
_SQS_SEND = ("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl")

_TABLE = {
    "grantReadData": GrantSpec(_DDB_READ, "arn+index", _KMS_DECRYPT + ("kms:DescribeKey",)),
    "grantWriteData": GrantSpec(_DDB_WRITE, "arn+index", _KMS_ENCRYPT + _KMS_DECRYPT + ("kms:DescribeKey",)),
    "grantReadWriteData": GrantSpec(_DDB_READ + _DDB_WRITE[:-1], "arn+index", _KMS_ENCRYPT + _KMS_DECRYPT + ("kms:DescribeKey",)),
    "grantFullAccess": GrantSpec(("dynamodb:*",), "arn+index", _KMS_ENCRYPT + _KMS_DECRYPT + ("kms:DescribeKey",)),
    "grantStreamRead": GrantSpec(("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"), "stream", _KMS_DECRYPT),
    "grantTableListStreams": GrantSpec(("dynamodb:ListStreams",), "*"),
}

GRANTS: dict[str, dict[str, GrantSpec]] = {
    "dynamodb.Table": _TABLE,
    "dynamodb.TableV2": _TABLE,
    "s3.Bucket": {
        "grantRead": GrantSpec(_S3_READ, "arn+objects", _KMS_DECRYPT),
        "grantWrite": GrantSpec(_S3_DELETE + _S3_PUT, "arn+objects", _KMS_ENCRYPT + _KMS_DECRYPT),
        "grantReadWrite": GrantSpec(_S3_READ + _S3_DELETE + _S3_PUT, "arn+objects", _KMS_ENCRYPT + _KMS_DECRYPT),
        "grantPut": GrantSpec(_S3_PUT, "objects", _KMS_ENCRYPT + _KMS_DECRYPT),
        "grantDelete": GrantSpec(_S3_DELETE, "objects"),
        "grantPutAcl": GrantSpec(("s3:PutObjectAcl", "s3:PutObjectVersionAcl"), "objects"),
    },
    "kms.Key": {
        "grantEncryptDecrypt": GrantSpec(_KMS_DECRYPT + _KMS_ENCRYPT + ("kms:DescribeKey",)),
        "grantEncrypt": GrantSpec(_KMS_ENCRYPT + ("kms:DescribeKey",)),
        "grantDecrypt": GrantSpec(_KMS_DECRYPT + ("kms:DescribeKey",)),
        "grantGenerateMac": GrantSpec(("kms:GenerateMac",)),
    },
    "sqs.Queue": {
        "grantConsumeMessages": GrantSpec(_SQS_CONSUME, "arn", _KMS_DECRYPT),
        "grantSendMessages": GrantSpec(_SQS_SEND, "arn", _KMS_DECRYPT + _KMS_ENCRYPT),
        "grantPurge": GrantSpec(("sqs:PurgeQueue", "sqs:GetQueueAttributes", "sqs:GetQueueUrl")),
    },
    "sns.Topic": {
        "grantPublish": GrantSpec(("sns:Publish",), "ref", _KMS_DECRYPT + ("kms:GenerateDataKey*",)),
        "grantSubscribe": GrantSpec(("sns:Subscribe",), "ref"),
    },
    "lambda.Function": {"grantInvoke": GrantSpec(("lambda:InvokeFunction",), "arn+versions"), "grantInvokeUrl": GrantSpec(("lambda:InvokeFunctionUrl",))},
    "stepfunctions.StateMachine": {
        "grantStartExecution": GrantSpec(("states:StartExecution",), "ref"),
        "grantStartSyncExecution": GrantSpec(("states:StartSyncExecution",), "ref"),
        "grantRead": GrantSpec(("states:ListExecutions", "states:ListStateMachines", "states:DescribeExecution", "states:DescribeStateMachineForExecution", "states:GetExecutionHistory", "states:ListActivities", "states:DescribeStateMachine", "states:DescribeActivity"), "ref"),
    },
    "logs.LogGroup": {"grantWrite": GrantSpec(("logs:CreateLogStream", "logs:PutLogEvents")), "grantRead": GrantSpec(("logs:FilterLogEvents", "logs:GetLogEvents", "logs:GetLogGroupFields", "logs:DescribeLogGroups", "logs:DescribeLogStreams"))},
    "secretsmanager.Secret": {"grantRead": GrantSpec(("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"), "ref"), "grantWrite": GrantSpec(("secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret", "secretsmanager:UpdateSecretVersionStage"), "ref")},
    "events.EventBus": {"grantPutEventsTo": GrantSpec(("events:PutEvents",))},
    "kinesis.Stream": {
        "grantRead": GrantSpec(("kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard", "kinesis:DescribeStream", "kinesis:ListStreams", "kinesis:DescribeStreamConsumer"), "arn", _KMS_DECRYPT),
        "grantWrite": GrantSpec(("kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"), "arn", _KMS_ENCRYPT),
    },
    "ssm.StringParameter": {"grantRead": GrantSpec(("ssm:DescribeParameters", "ssm:GetParameters", "ssm:GetParameter", "ssm:GetParameterHistory")), "grantWrite": GrantSpec(("ssm:PutParameter",))},
}

# constructs sharing another's grants
GRANT_ALIASES = {
    "lambda_nodejs.NodejsFunction": "lambda.Function",
    "lambda_python.PythonFunction": "lambda.Function",
    "lambda.SingletonFunction": "lambda.Function",
}

# the prop holding each construct's KMS key, for the key actions of its grants
KEY_PROPS = {"s3.Bucket": "encryptionKey", "sqs.Queue": "encryptionMasterKey", "sns.Topic": "masterKey", "dynamodb.Table": "encryptionKey", "kinesis.Stream": "encryptionKey"}


def spec_for(kind: str, method: str) -> GrantSpec | None:
    return GRANTS.get(GRANT_ALIASES.get(kind, kind), {}).get(method)
