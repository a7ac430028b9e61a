"""L1 constructs (``s3.CfnBucket``, ``CfnResource``): props map 1:1 onto CloudFormation.

camelCase prop names become the CloudFormation property names. The exact spelling
(``sseSpecification`` -> ``SSESpecification``, ``multiAz`` -> ``MultiAZ``) is taken from the
resource schemas cfn-lint ships, following nested definitions; below a property the schema
leaves free-form (policy documents, tags maps, environment variables) keys are kept as written.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from verifier.cdk.draft import to_cfn
from verifier.cdk.values import ArrV, ConstructV, ObjV
from verifier.cfn import schemas

if TYPE_CHECKING:
    from verifier.cdk.evaluator import Evaluator, Frame

NAMESPACES = {
    "s3": "S3", "dynamodb": "DynamoDB", "lambda": "Lambda", "iam": "IAM", "kms": "KMS", "sqs": "SQS", "sns": "SNS", "logs": "Logs",
    "apigateway": "ApiGateway", "apigatewayv2": "ApiGatewayV2", "cloudwatch": "CloudWatch", "ec2": "EC2", "rds": "RDS",
    "elasticloadbalancingv2": "ElasticLoadBalancingV2", "events": "Events", "stepfunctions": "StepFunctions", "codedeploy": "CodeDeploy",
    "secretsmanager": "SecretsManager", "ssm": "SSM", "ecs": "ECS", "eks": "EKS", "kinesis": "Kinesis", "cloudtrail": "CloudTrail",
    "wafv2": "WAFv2", "cloudfront": "CloudFront", "route53": "Route53", "efs": "EFS", "elasticache": "ElastiCache",
    "autoscaling": "AutoScaling", "cognito": "Cognito", "config": "Config", "backup": "Backup", "glue": "Glue", "ecr": "ECR",
    "applicationautoscaling": "ApplicationAutoScaling", "certificatemanager": "CertificateManager", "opensearchservice": "OpenSearchService",
    "guardduty": "GuardDuty", "securityhub": "SecurityHub", "kinesisfirehose": "KinesisFirehose", "athena": "Athena", "xray": "XRay",
}


def is_l1(kind: str) -> bool:
    last = kind.rsplit(".", 1)[-1]
    return last.startswith("Cfn") and len(last) > 3 and last not in ("CfnOutput", "CfnParameter", "CfnCondition", "CfnMapping", "CfnRule")


def cfn_type(kind: str, props: ObjV) -> str | None:
    service, _, name = kind.rpartition(".")
    if name == "CfnResource":
        value = props.get("type")
        return value if isinstance(value, str) else None
    namespace = NAMESPACES.get(service, service[:1].upper() + service[1:])
    return f"AWS::{namespace}::{name[3:]}"


@lru_cache(maxsize=256)
def _schema(resource_type: str) -> dict[str, Any]:
    found = schemas._schemas()
    if found is None:
        return {}
    folder, index = found
    if resource_type not in index:
        return {}
    try:
        return json.loads((folder / f"{index[resource_type]}.json").read_text())
    except (OSError, ValueError):
        return {}


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    for _ in range(5):
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/definitions/"):
            break
        node = root.get("definitions", {}).get(ref.rsplit("/", 1)[-1], {})
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        return _resolve(node["items"], root)
    return node


def _rename(value: Any, node: dict[str, Any] | None, root: dict[str, Any]) -> Any:
    """Rename keys of ``value`` after the schema ``node`` (None: free-form, keep keys)."""
    if isinstance(value, list):
        out = ArrV([_rename(v, node, root) for v in value], list(getattr(value, "lines", [])), getattr(value, "line", 0))
        return out
    if not isinstance(value, dict) or isinstance(value, ConstructV):
        return value
    properties = node.get("properties") if node is not None else None
    if node is not None and not properties and node.get("type") == "object":
        return value  # free-form object (a JSON document, a map)
    lookup = {k.lower(): k for k in (properties or {})}
    out = ObjV(line=getattr(value, "line", 0))
    for key, item in value.items():
        name = lookup.get(key.lower()) if properties is not None else None
        if properties is not None and name is None:
            name = key[:1].upper() + key[1:] if key[:1].islower() else key
        elif properties is None:
            name = key if node is None else key[:1].upper() + key[1:]
        child = _resolve(properties[name], root) if properties and name in properties else None
        out[name] = _rename(item, child if child else (None if node is None else {}), root) if isinstance(item, (dict, list)) else item
        if isinstance(value, ObjV):
            out.lines[name] = value.line_of(key)
    return out


def build(ev: Evaluator, construct: ConstructV, props: ObjV, frame: Frame) -> None:
    from verifier.cdk import library

    resource_type = cfn_type(construct.kind, props)
    if resource_type is None:
        ev.warnings.append(f"{frame.module.file}:{construct.line}: CfnResource without a literal type; not read")
        return
    root = _schema(resource_type)
    source = props.get("properties") if construct.kind.endswith(".CfnResource") and isinstance(props.get("properties"), dict) else props
    renamed = _rename(source, {"type": "object", "properties": root.get("properties", {})} if root else {"type": "object", "properties": {}}, root)
    draft = library.new_draft(ev, construct, resource_type, None, main=True)
    for key, value in renamed.items():
        if value is not None:
            draft.set((key,), value, renamed.line_of(key))
    if isinstance(draft.properties, dict):
        draft.properties = {k: v for k, v in draft.properties.items() if to_cfn(v) is not None}
