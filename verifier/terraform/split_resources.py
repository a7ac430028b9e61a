"""Resources that configure another resource (AWS provider v4+ style), merged into it.

``SPLITS`` is data: per split type, the attribute that names the configured resource (``link``),
the types it may configure, and the rules (``rules.py`` vocabulary) that project its settings
into the configured resource's CloudFormation properties: at the root (``aws_s3_bucket_versioning``
-> ``VersioningConfiguration.Status``) or as one more item of a list (``aws_iam_role_policy`` ->
``Policies``, ``aws_security_group_rule`` -> ``SecurityGroupIngress``). Lines keep pointing at the
split resource's own file:line. ``merge=False`` rows are only linked (an alias to its key, a
bucket policy to its bucket). ``redirect`` handles policy attachments: attaching a customer
managed policy defined in the same configuration adds the role to that policy's ``Roles`` (the
CloudFormation idiom), while an AWS managed ARN goes to the role's ``ManagedPolicyArns``.
The split resource itself stays a resource of its own, so it can be counted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from verifier.model import Unresolved
from verifier.terraform.mapping import INLINE_POLICY, LIFECYCLE_RULE, SG_RULE, SSE_RULE
from verifier.terraform.project import Origin, Projection, apply_rules, each
from verifier.terraform.rules import Each, Item, Rule, To, json_document


@dataclass(frozen=True)
class Split:
    link: str  # native attribute naming the configured resource
    parents: tuple[str, ...]  # native types it may configure
    rules: Mapping[str, Rule] = field(default_factory=dict)
    into: str | None = None  # list property to append one item to (None: merge at the root)
    into_by: tuple[str, Mapping[str, str]] | None = None  # (native field, its value -> list property)
    explode: Mapping[str, str] = field(default_factory=dict)
    merge: bool = True
    name_attr: str | None = None  # parent attribute a literal link value may name it by
    redirect: tuple[str, str, str] | None = None  # (value field, native type, list property of that type)


BUCKET = ("aws_s3_bucket",)
SG = ("aws_security_group",)
SG_RULE_EXPLODE = {"cidr_blocks": "CidrIp", "ipv6_cidr_blocks": "CidrIpv6"}
V2_RULE = {"from_port": "FromPort", "to_port": "ToPort", "ip_protocol": "IpProtocol", "cidr_ipv4": "CidrIp",
           "cidr_ipv6": "CidrIpv6", "prefix_list_id": "SourcePrefixListId", "description": "Description"}
ATTACH_POLICY = ("policy_arn", "aws_iam_policy", "Roles")


def _bucket(rules: Mapping[str, Rule], into: str | None = None) -> Split:
    return Split("bucket", BUCKET, rules, into, name_attr="bucket")


SPLITS: dict[str, Split] = {
    "aws_s3_bucket_versioning": _bucket({"versioning_configuration.status": "VersioningConfiguration.Status",
                                         "versioning_configuration.mfa_delete": "VersioningConfiguration.MfaDelete"}),
    "aws_s3_bucket_server_side_encryption_configuration": _bucket({"rule": Each("BucketEncryption.ServerSideEncryptionConfiguration", SSE_RULE)}),
    "aws_s3_bucket_public_access_block": _bucket({
        "block_public_acls": "PublicAccessBlockConfiguration.BlockPublicAcls",
        "block_public_policy": "PublicAccessBlockConfiguration.BlockPublicPolicy",
        "ignore_public_acls": "PublicAccessBlockConfiguration.IgnorePublicAcls",
        "restrict_public_buckets": "PublicAccessBlockConfiguration.RestrictPublicBuckets",
    }),
    "aws_s3_bucket_lifecycle_configuration": _bucket({"rule": Each("LifecycleConfiguration.Rules", LIFECYCLE_RULE)}),
    "aws_s3_bucket_logging": _bucket({"target_bucket": "LoggingConfiguration.DestinationBucketName",
                                      "target_prefix": "LoggingConfiguration.LogFilePrefix"}),
    "aws_s3_bucket_acl": _bucket({"acl": "AccessControl"}),
    "aws_s3_bucket_ownership_controls": _bucket({"rule.object_ownership": Item("OwnershipControls.Rules", "ObjectOwnership")}),
    "aws_s3_bucket_cors_configuration": _bucket({"cors_rule": Each("CorsConfiguration.CorsRules", {
        "allowed_methods": "AllowedMethods", "allowed_origins": "AllowedOrigins", "allowed_headers": "AllowedHeaders",
        "max_age_seconds": "MaxAge"})}),
    "aws_s3_bucket_website_configuration": _bucket({"index_document.suffix": "WebsiteConfiguration.IndexDocument",
                                                    "error_document.key": "WebsiteConfiguration.ErrorDocument"}),
    "aws_s3_bucket_notification": _bucket({
        "queue": Each("NotificationConfiguration.QueueConfigurations", {"queue_arn": "Queue", "events": "Event"}),
        "topic": Each("NotificationConfiguration.TopicConfigurations", {"topic_arn": "Topic", "events": "Event"}),
        "lambda_function": Each("NotificationConfiguration.LambdaConfigurations", {"lambda_function_arn": "Function", "events": "Event"}),
        "eventbridge": "NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled",
    }),
    "aws_s3_bucket_replication_configuration": _bucket({"role": "ReplicationConfiguration.Role", "rule": Each("ReplicationConfiguration.Rules", {
        "id": "Id", "status": "Status", "priority": "Priority", "destination.bucket": "Destination.Bucket",
        "destination.storage_class": "Destination.StorageClass"})}),
    "aws_s3_bucket_intelligent_tiering_configuration": _bucket({
        "name": "Id", "status": "Status", "filter.prefix": "Prefix",
        "tiering": Each("Tierings", {"access_tier": "AccessTier", "days": "Days"})}, into="IntelligentTieringConfigurations"),
    "aws_s3_bucket_object_lock_configuration": _bucket({
        "object_lock_enabled": "ObjectLockEnabled",
        "rule.default_retention.mode": "ObjectLockConfiguration.Rule.DefaultRetention.Mode",
        "rule.default_retention.days": "ObjectLockConfiguration.Rule.DefaultRetention.Days",
        "rule.default_retention.years": "ObjectLockConfiguration.Rule.DefaultRetention.Years"}),
    "aws_s3_bucket_policy": Split("bucket", BUCKET, merge=False, name_attr="bucket"),
    "aws_kms_alias": Split("target_key_id", ("aws_kms_key",), merge=False),
    "aws_kms_key_policy": Split("key_id", ("aws_kms_key",), {"policy": To("KeyPolicy", json_document)}),
    "aws_iam_role_policy": Split("role", ("aws_iam_role",), INLINE_POLICY, into="Policies", name_attr="name"),
    "aws_iam_user_policy": Split("user", ("aws_iam_user",), INLINE_POLICY, into="Policies", name_attr="name"),
    "aws_iam_group_policy": Split("group", ("aws_iam_group",), INLINE_POLICY, into="Policies", name_attr="name"),
    "aws_iam_role_policy_attachment": Split("role", ("aws_iam_role",), {"policy_arn": Item("ManagedPolicyArns")},
                                            name_attr="name", redirect=ATTACH_POLICY),
    "aws_iam_user_policy_attachment": Split("user", ("aws_iam_user",), {"policy_arn": Item("ManagedPolicyArns")},
                                            name_attr="name", redirect=("policy_arn", "aws_iam_policy", "Users")),
    "aws_iam_group_policy_attachment": Split("group", ("aws_iam_group",), {"policy_arn": Item("ManagedPolicyArns")},
                                             name_attr="name", redirect=("policy_arn", "aws_iam_policy", "Groups")),
    "aws_iam_policy_attachment": Split("roles", ("aws_iam_role",), {"policy_arn": Item("ManagedPolicyArns")},
                                       name_attr="name", redirect=ATTACH_POLICY),
    "aws_security_group_rule": Split("security_group_id", SG, {**SG_RULE, "source_security_group_id": "SourceSecurityGroupId"},
                                     into_by=("type", {"ingress": "SecurityGroupIngress", "egress": "SecurityGroupEgress"}),
                                     explode=SG_RULE_EXPLODE),
    "aws_vpc_security_group_ingress_rule": Split("security_group_id", SG, {**V2_RULE, "referenced_security_group_id": "SourceSecurityGroupId"},
                                                 into="SecurityGroupIngress"),
    "aws_vpc_security_group_egress_rule": Split("security_group_id", SG, {**V2_RULE, "referenced_security_group_id": "DestinationSecurityGroupId"},
                                                into="SecurityGroupEgress"),
    "aws_lb_listener_certificate": Split("listener_arn", ("aws_lb_listener", "aws_alb_listener"), {"certificate_arn": "CertificateArn"},
                                         into="Certificates"),
    "aws_lambda_provisioned_concurrency_config": Split("function_name", ("aws_lambda_function",), {
        "provisioned_concurrent_executions": "ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions"}, name_attr="function_name"),
    "aws_secretsmanager_secret_version": Split("secret_id", ("aws_secretsmanager_secret",), {"secret_string": "SecretString"}),
    "aws_sqs_queue_redrive_policy": Split("queue_url", ("aws_sqs_queue",), {"redrive_policy": To("RedrivePolicy", json_document)}),
    "aws_sqs_queue_redrive_allow_policy": Split("queue_url", ("aws_sqs_queue",), {"redrive_allow_policy": To("RedriveAllowPolicy", json_document)}),
    "aws_vpc_endpoint_policy": Split("vpc_endpoint_id", ("aws_vpc_endpoint",), {"policy": To("PolicyDocument", json_document)}),
    "aws_cloudwatch_event_target": Split("rule", ("aws_cloudwatch_event_rule",), {
        "target_id": "Id", "arn": "Arn", "role_arn": "RoleArn", "input": "Input", "dead_letter_config.arn": "DeadLetterConfig.Arn",
        "retry_policy.maximum_retry_attempts": "RetryPolicy.MaximumRetryAttempts",
        "retry_policy.maximum_event_age_in_seconds": "RetryPolicy.MaximumEventAgeInSeconds"}, into="Targets", name_attr="name"),
    "aws_api_gateway_method_settings": Split("stage_name", ("aws_api_gateway_stage",), {
        "settings.throttling_rate_limit": "ThrottlingRateLimit", "settings.throttling_burst_limit": "ThrottlingBurstLimit",
        "settings.metrics_enabled": "MetricsEnabled", "settings.logging_level": "LoggingLevel",
        "settings.data_trace_enabled": "DataTraceEnabled", "settings.caching_enabled": "CachingEnabled"}, into="MethodSettings"),
    "aws_api_gateway_integration": Split("http_method", ("aws_api_gateway_method",), {
        "type": "Integration.Type", "integration_http_method": "Integration.IntegrationHttpMethod", "uri": "Integration.Uri"}),
}

_ADDRESS = re.compile(r"^(?P<modules>(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*)(?P<type>[A-Za-z][\w-]*)\.(?P<name>[\w-]+)(?P<key>\[[^\]]*\])?")


def referenced_addresses(value: Any) -> list[str]:
    """Resource addresses a link value refers to (``aws_s3_bucket.b.id`` -> ``aws_s3_bucket.b``)."""
    found: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if not isinstance(item, Unresolved):
            continue
        text = item.text
        if text.startswith("${") and text.endswith("}") and text.count("${") == 1:
            text = text[2:-1]
        match = _ADDRESS.match(text)
        if match and not match.group("type").startswith(("var", "local", "data", "each", "count")):
            found.append(match.group("modules") + match.group("type") + "." + match.group("name") + (match.group("key") or ""))
    return found


def _by_name(value: Any, split: Split, projections: list[Projection]) -> list[Projection]:
    """Parents named by a literal string (``bucket = "my-bucket"``)."""
    names = [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
    if not names or not split.name_attr:
        return []
    return [p for p in projections if p.instance.type in split.parents and p.instance.values.get(split.name_attr) in names]


def _parents(value: Any, split: Split, projections: list[Projection], index: dict[str, Projection]) -> list[Projection]:
    found = []
    for address in referenced_addresses(value):
        parent = index.get(address)
        if parent is None and "[" not in address:  # `aws_s3_bucket.b.id` on a counted resource: its instances
            found.extend(p for a, p in index.items() if a.startswith(address + "[") and p.instance.type in split.parents)
        elif parent is not None and parent.instance.type in split.parents:
            found.append(parent)
    return found or _by_name(value, split, projections)


def merge_splits(projections: list[Projection]) -> None:
    """Merge every split resource's settings into the resource(s) it configures."""
    index = {p.instance.address: p for p in projections}
    for projection in projections:
        split = SPLITS.get(projection.instance.type)
        if split is None:
            continue
        instance = projection.instance
        parents = _parents(instance.values.get(split.link), split, projections, index)
        if parents:
            projection.attributes["Configures"] = [p.instance.address for p in parents]
        if not split.merge:
            continue
        for parent in parents:
            if split.redirect and _redirect(split, instance, parent, index):
                continue
            _merge(split, instance, parent)


def _redirect(split: Split, instance: Any, parent: Projection, index: dict[str, Projection]) -> bool:
    """An attachment of a policy defined here: add the parent to that policy's list instead."""
    field_name, policy_type, prop = split.redirect  # type: ignore[misc]
    targets = [index[a] for a in referenced_addresses(instance.values.get(field_name)) if a in index and index[a].instance.type == policy_type]
    for policy in targets:
        items = policy.props.setdefault(prop, [])
        if isinstance(items, list):
            items.append(Unresolved("Ref", parent.instance.address))
            policy.origins[(prop, len(items) - 1)] = Origin(instance, (field_name,), {})
    return bool(targets)


def _merge(split: Split, instance: Any, parent: Projection) -> None:
    skip = frozenset({split.link} | ({split.into_by[0]} if split.into_by else set()))
    into = split.into
    if split.into_by:
        into = split.into_by[1].get(str(instance.values.get(split.into_by[0])))
        if into is None:
            return
    if into is None:
        apply_rules(parent, instance, split.rules, instance.values, (), (), parent.props, keep_unmapped=False)
        return
    each(parent, instance, Each(into, split.rules, split.explode), instance.values, (), (), parent.props, True, skip)
