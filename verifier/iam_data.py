"""IAM facts that are not in a template: what common AWS managed policies grant, and which
strings are real IAM actions (from cfn-lint's bundled ``Policies.json``, read on first use).

Only managed policies whose grants are stable and well known are listed; a role with any other
managed policy makes "permission not granted" undecidable.
"""

from __future__ import annotations

import fnmatch
import json
from functools import cache
from importlib.util import find_spec
from pathlib import Path

_LOGS = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")
_ENI = ("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups")
_ECR_PULL = ("ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage")

MANAGED_POLICY_ACTIONS: dict[str, tuple[str, ...]] = {
    "AWSLambdaBasicExecutionRole": _LOGS,
    "AWSLambdaVPCAccessExecutionRole": (*_LOGS, *_ENI),
    "AWSLambdaENIManagementAccess": _ENI,
    "AWSXRayDaemonWriteAccess": ("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                                 "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"),
    "AWSLambdaSQSQueueExecutionRole": ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", *_LOGS),
    "AWSLambdaDynamoDBExecutionRole": ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                                       "dynamodb:ListStreams", *_LOGS),
    "AWSLambdaKinesisExecutionRole": ("kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                                      "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams",
                                      "kinesis:SubscribeToShard", *_LOGS),
    "AmazonECSTaskExecutionRolePolicy": (*_ECR_PULL, "logs:CreateLogStream", "logs:PutLogEvents"),
    "AmazonEC2ContainerRegistryReadOnly": (*_ECR_PULL, "ecr:GetRepositoryPolicy", "ecr:DescribeRepositories",
                                           "ecr:ListImages", "ecr:DescribeImages", "ecr:GetLifecyclePolicy",
                                           "ecr:GetLifecyclePolicyPreview", "ecr:ListTagsForResource",
                                           "ecr:DescribeImageScanFindings"),
    "AdministratorAccess": ("*",),
    "AmazonS3FullAccess": ("s3:*", "s3-object-lambda:*"),
    "AmazonS3ReadOnlyAccess": ("s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"),
    "AmazonDynamoDBFullAccess": ("dynamodb:*",),
    "AmazonDynamoDBReadOnlyAccess": ("dynamodb:BatchGet*", "dynamodb:Describe*", "dynamodb:Get*", "dynamodb:List*",
                                     "dynamodb:Query", "dynamodb:Scan", "dynamodb:PartiQLSelect"),
    "AmazonSQSFullAccess": ("sqs:*",),
    "AmazonSNSFullAccess": ("sns:*",),
    "CloudWatchLogsFullAccess": ("logs:*",),
    "AmazonSSMManagedInstanceCore": ("ssm:DescribeAssociation", "ssm:GetDeployablePatchSnapshotForInstance",
                                     "ssm:GetDocument", "ssm:DescribeDocument", "ssm:GetManifest", "ssm:GetParameter",
                                     "ssm:GetParameters", "ssm:ListAssociations", "ssm:ListInstanceAssociations",
                                     "ssm:PutInventory", "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult",
                                     "ssm:UpdateAssociationStatus", "ssm:UpdateInstanceAssociationStatus",
                                     "ssm:UpdateInstanceInformation", "ssmmessages:*", "ec2messages:*"),
}
# Managed policies not counted against "the role only had X permissions". Empty on purpose: the
# hand labels read such a claim literally, so AWSLambdaBasicExecutionRole makes it false.
BASELINE_POLICIES: frozenset[str] = frozenset()


def managed_policy_name(arn: str) -> str:
    """``arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`` -> its last part."""
    return arn.rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def managed_policy_actions(arn: str) -> tuple[str, ...] | None:
    """What an AWS managed policy grants, or None when it is not one we know."""
    if ":aws:policy/" not in arn and not arn.startswith("arn:${AWS::Partition}:iam::aws:policy/"):
        return None
    return MANAGED_POLICY_ACTIONS.get(managed_policy_name(arn))


@cache
def _catalog() -> dict[str, frozenset[str]] | None:
    spec = find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "AdditionalSpecs" / "Policies.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {prefix: frozenset(entry.get("Actions", {})) for prefix, entry in data.items() if isinstance(entry, dict)}


def is_action(text: str) -> bool | None:
    """Whether ``service:Action`` names a real IAM action (wildcards match some action); None when
    the catalog is unavailable. Condition keys such as ``kms:ViaService`` are not actions."""
    catalog = _catalog()
    if catalog is None:
        return None
    if text == "*":
        return True
    service, _, action = text.partition(":")
    actions = catalog.get(service.lower())
    if actions is None or not action:
        return False
    pattern = action.lower()
    if "*" in pattern or "?" in pattern:
        return any(fnmatch.fnmatchcase(a, pattern) for a in actions)
    return pattern in actions
