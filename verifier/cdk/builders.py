"""Construct structure the prop tables cannot express: companion resources (a function's
service role, a REST API's deployment and stage, a VPC's subnets), key schemas, encryption
blocks, policies, subscriptions. One small builder per construct; methods
(``addResource``, ``addIngressRule``, ...) and special attributes (``fn.role``,
``api.root``) are registered in ``METHODS`` and ``ATTRIBUTES``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from verifier.cdk import containers, network
from verifier.cdk import convert as c
from verifier.cdk.defaults import FLAG_DISABLE_APIGW_CLOUDWATCH_ROLE
from verifier.cdk.draft import Draft, get_att, ref, to_cfn
from verifier.cdk.values import ArrV, ConstructV, EnumV, Made, ObjV, kind_of, props_of, unknown
from verifier.model import Unresolved

if TYPE_CHECKING:
    from verifier.cdk.evaluator import Evaluator, Frame

Builder = Callable[["Evaluator", ConstructV, Draft, ObjV, "Frame"], None]
MethodFn = Callable[["Evaluator", ConstructV, list[Any], ObjV, int, "Frame"], Any]

LAMBDA_BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
LAMBDA_VPC = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
APIGW_LOGS = "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
CODEDEPLOY_LAMBDA = "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited"
XRAY_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]


def _lib() -> Any:
    from verifier.cdk import library

    return library


def unique(path: tuple[str, ...]) -> str:
    """A construct path as CDK's unique id without the hash: alphanumerics of every id."""
    return "".join(ch for ch in "".join(path) if ch.isalnum())


EVENT_SOURCE_IDS = {
    "lambda_event_sources.SqsEventSource": "SqsEventSource", "lambda_event_sources.DynamoEventSource": "DynamoDBEventSource",
    "lambda_event_sources.KinesisEventSource": "KinesisEventSource",
}


def _assume(service: str) -> dict[str, Any]:
    return {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": service}}], "Version": "2012-10-17"}


def companion_role(ev: Evaluator, owner: ConstructV, child: str, service: str, managed: list[str], line: int, condition: dict[str, Any] | None = None) -> ConstructV:
    """A role created by a construct for itself (``ServiceRole``, ``Role``, ``CloudWatchRole``)."""
    role = ConstructV("iam.Role", child, (*owner.path, child), ObjV(), line, owner.file, stack=owner.stack)
    role.state["active"] = owner.state.get("active", True)
    role.state["owner"] = owner
    draft = _lib().new_draft(ev, role, "AWS::IAM::Role", "Resource", main=True)
    document = _assume(service)
    if condition:
        document["Statement"][0]["Condition"] = condition
    draft.set(("AssumeRolePolicyDocument",), document, line)
    if managed:
        draft.set(("ManagedPolicyArns",), list(managed), line)
    return role


# --- Lambda ---------------------------------------------------------------------------------------


def function(ev: Evaluator, fn: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    code = props.get("code")
    if isinstance(code, Made) and code.kind == "lambda.Code.fromInline":
        draft.set(("Code", "ZipFile"), code.args[0] if code.args else None, props.line_of("code"))
    elif code is not None or fn.kind != "lambda.Function":
        draft.set(("Code",), {"S3Bucket": Unresolved("Sub", "cdk-assets-${AWS::AccountId}-${AWS::Region}"), "S3Key": Unresolved("Unknown", "asset hash")}, props.line_of("code") if code is not None else fn.line)
    if fn.kind == "lambda_nodejs.NodejsFunction":
        if not draft.has(("Runtime",)):
            draft.set(("Runtime",), "nodejs22.x", fn.line, "CDK default for NodejsFunction (not set in the code)")
        if not draft.has(("Handler",)):
            draft.set(("Handler",), "index.handler", fn.line, "CDK default for NodejsFunction (not set in the code)")
    if fn.kind == "lambda_python.PythonFunction" and not draft.has(("Handler",)):
        index = str(c.plain(props.get("index")) or "index.py").rsplit(".", 1)[0]
        draft.set(("Handler",), f"{index}.{c.plain(props.get('handler')) or 'handler'}", fn.line)
    role = props.get("role")
    vpc = props.get("vpc")
    if isinstance(role, ConstructV):
        fn.state["role"] = role
        draft.set(("Role",), get_att(role, "Arn"), props.line_of("role"))
    else:
        managed = [LAMBDA_BASIC] + ([LAMBDA_VPC] if vpc is not None else [])
        fn.state["role"] = companion_role(ev, fn, "ServiceRole", "lambda.amazonaws.com", managed, fn.line)
        draft.set(("Role",), get_att(fn.state["role"], "Arn"), fn.line)
        draft.attributes["DependsOn"] = [fn.state["role"].state["main"].logical_id]
    if vpc is not None:
        groups = props.get("securityGroups")
        if not isinstance(groups, list):
            sg = ConstructV("ec2.SecurityGroup", "SecurityGroup", (*fn.path, "SecurityGroup"), ObjV({"vpc": vpc}), fn.line, fn.file, stack=fn.stack)
            sg.state["active"] = fn.state.get("active", True)
            sg_draft = _lib().new_draft(ev, sg, "AWS::EC2::SecurityGroup", "Resource", main=True)
            security_group(ev, sg, sg_draft, ObjV({"vpc": vpc, "description": "Automatic security group for Lambda Function " + draft.logical_id}), frame)
            groups = [sg]
        draft.set(("VpcConfig", "SecurityGroupIds"), [get_att(g, "GroupId") if isinstance(g, ConstructV) else g for g in groups], props.line_of("vpc"))
        draft.set(("VpcConfig", "SubnetIds"), network.subnet_refs(vpc, props.get("vpcSubnets")), props.line_of("vpc"))
    if c.plain(props.get("tracing")) == "Active":
        _lib().add_to_principal_policy(ev, fn, {"Action": list(XRAY_ACTIONS), "Effect": "Allow", "Resource": "*"}, props.line_of("tracing"), frame)
    retention = c.plain(props.get("logRetention"))
    if "logRetention" in props:
        custom = _lib().new_draft(ev, fn, "Custom::LogRetention", "Resource", under=("LogRetention",), line=props.line_of("logRetention"))
        custom.set(("LogGroupName",), Unresolved("Join", f"/aws/lambda/${{!Ref {draft.logical_id}}}"), props.line_of("logRetention"))
        if retention is not None:
            custom.set(("RetentionInDays",), retention, props.line_of("logRetention"))
        handler = _log_retention_provider(ev, fn, props.line_of("logRetention"))
        custom.set(("ServiceToken",), Unresolved("GetAtt", f"!GetAtt {handler.logical_id}.Arn"), props.line_of("logRetention"))
    dlq = props.get("deadLetterQueue")
    if isinstance(dlq, ConstructV):
        _lib().add_to_principal_policy(ev, fn, {"Action": "sqs:SendMessage", "Effect": "Allow", "Resource": get_att(dlq, "Arn")}, props.line_of("deadLetterQueue"), frame)
    if props.get("deadLetterQueueEnabled") is True and dlq is None:
        queue = _lib().create(ev, "sqs.Queue", fn, "DeadLetterQueue", ObjV({"retentionPeriod": None}), fn.line, frame)
        draft.set(("DeadLetterConfig", "TargetArn"), get_att(queue, "Arn"), props.line_of("deadLetterQueueEnabled"))


LOG_RETENTION_PROVIDER = "LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a"


def _log_retention_provider(ev: Evaluator, fn: ConstructV, line: int) -> Draft:
    """The stack's singleton log-retention function with its role and policy."""
    stack = fn.stack
    assert stack is not None
    handler = stack.state.get(LOG_RETENTION_PROVIDER)
    if handler is None:
        owner = ConstructV("lambda.LogRetentionProvider", LOG_RETENTION_PROVIDER, (*stack.path, LOG_RETENTION_PROVIDER), ObjV(), line, fn.file, stack=stack)
        role = companion_role(ev, owner, "ServiceRole", "lambda.amazonaws.com", [LAMBDA_BASIC], line)
        policy = _lib().new_draft(ev, role, "AWS::IAM::Policy", "Resource", under=("DefaultPolicy",), line=line)
        policy.set(("PolicyDocument",), {"Statement": [{"Action": ["logs:DeleteRetentionPolicy", "logs:PutRetentionPolicy"], "Effect": "Allow", "Resource": "*"}], "Version": "2012-10-17"}, line)
        policy.set(("Roles",), [ref(role)], line)
        handler = _lib().new_draft(ev, owner, "AWS::Lambda::Function", "Resource", line=line)
        handler.set(("Handler",), "index.handler", line)
        handler.set(("Timeout",), 900, line)
        handler.set(("Role",), get_att(role, "Arn"), line)
        handler.attributes["DependsOn"] = [policy.logical_id, role.state["main"].logical_id]
        stack.state[LOG_RETENTION_PROVIDER] = handler
    return handler


def alias(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    version = props.get("version")
    target = version.state.get("function") if isinstance(version, ConstructV) else None
    if isinstance(target, ConstructV):
        draft.set(("FunctionName",), ref(target), props.line_of("version"))
        draft.set(("FunctionVersion",), get_att(version, "Version"), props.line_of("version"))
        construct.state["function"] = target
    if props.get("provisionedConcurrentExecutions") is not None:
        draft.set(("ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions"), props["provisionedConcurrentExecutions"], props.line_of("provisionedConcurrentExecutions"))


def _current_version(ev: Evaluator, fn: ConstructV) -> ConstructV | None:
    if fn.kind not in _lib().FUNCTIONS or fn.stack is None:
        return None
    existing = fn.state.get("current_version")
    if existing is None:
        existing = ConstructV("lambda.Version", "CurrentVersion", (*fn.path, "CurrentVersion"), ObjV(), fn.line, fn.file, stack=fn.stack)
        existing.state["active"] = fn.state.get("active", True)
        existing.state["function"] = fn
        draft = _lib().new_draft(ev, existing, "AWS::Lambda::Version", "Resource", main=True)
        draft.set(("FunctionName",), ref(fn), fn.line)
        fn.state["current_version"] = existing
    return existing


def _add_alias(ev: Evaluator, fn: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    name = args[0] if args else None
    version = _current_version(ev, fn)
    options = args[1] if len(args) > 1 and isinstance(args[1], ObjV) else props
    alias_props = ObjV({**options, "aliasName": name, "version": version}, {**getattr(options, "lines", {})}, line)
    return _lib().create(ev, "lambda.Alias", fn, f"Alias{name}" if isinstance(name, str) else "Alias", alias_props, line, frame)


def _add_environment(ev: Evaluator, fn: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    main = fn.state.get("main")
    if main is not None and len(args) >= 2 and isinstance(args[0], str):
        main.set(("Environment", "Variables", args[0]), args[1], line)
    return fn


def _add_event_source(ev: Evaluator, fn: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    source = args[0] if args else None
    if not isinstance(source, Made) or fn.stack is None:
        return None
    target = source.args[0] if source.args else None
    options = source.props if source.props else (source.args[1] if len(source.args) > 1 and isinstance(source.args[1], ObjV) else ObjV())
    if not isinstance(target, ConstructV):
        return None
    mapping_id = f"{EVENT_SOURCE_IDS.get(source.kind, 'EventSource')}:{unique(target.path)}"
    mapping = ConstructV("lambda.EventSourceMapping", mapping_id, (*fn.path, mapping_id), options, line, frame.module.file, stack=fn.stack)
    mapping.state["active"] = frame.active
    draft = _lib().new_draft(ev, mapping, "AWS::Lambda::EventSourceMapping", "Resource", main=True, line=line, file=frame.module.file)
    draft.set(("FunctionName",), ref(fn), line)
    stream = source.kind in ("lambda_event_sources.DynamoEventSource", "lambda_event_sources.KinesisEventSource")
    draft.set(("EventSourceArn",), get_att(target, "StreamArn" if source.kind.endswith("DynamoEventSource") else "Arn"), line)
    for key, cfn, conv in (("batchSize", "BatchSize", c.plain), ("maxBatchingWindow", "MaximumBatchingWindowInSeconds", c.seconds), ("startingPosition", "StartingPosition", c.plain), ("retryAttempts", "MaximumRetryAttempts", c.plain), ("bisectBatchOnError", "BisectBatchOnFunctionError", c.plain), ("reportBatchItemFailures", "FunctionResponseTypes", lambda v: ["ReportBatchItemFailures"] if v else None), ("enabled", "Enabled", c.plain)):
        if isinstance(options, dict) and options.get(key) is not None:
            draft.set((cfn,), conv(options[key]), options.line_of(key) if isinstance(options, ObjV) else line)
    grant = {"lambda_event_sources.SqsEventSource": "grantConsumeMessages", "lambda_event_sources.DynamoEventSource": "grantStreamRead", "lambda_event_sources.KinesisEventSource": "grantRead"}.get(source.kind)
    if grant:
        _lib().call_method(ev, target, grant, [fn], ObjV(), line, frame)
    if stream and source.kind.endswith("DynamoEventSource"):
        _lib().add_to_principal_policy(ev, fn, {"Action": "dynamodb:ListStreams", "Effect": "Allow", "Resource": "*"}, line, frame)
    return None


def _add_to_role_policy(ev: Evaluator, owner: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    statement = c.statement(args[0] if args else props.get("statement"))
    if statement is not None:
        target = owner if owner.kind in ("iam.Role", "iam.User", "iam.Group") else owner
        _lib().add_to_principal_policy(ev, target, statement, line, frame)
    return None


# --- S3 ---------------------------------------------------------------------------------------------


def bucket(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    encryption = c.plain(props.get("encryption"))
    key = props.get("encryptionKey")
    if encryption is None and isinstance(key, ConstructV):
        encryption = "aws:kms"
    if isinstance(encryption, str):
        default: dict[str, Any] = {"SSEAlgorithm": encryption}
        if isinstance(key, ConstructV):
            default["KMSMasterKeyID"] = get_att(key, "Arn")
        line = props.line_of("encryption") if "encryption" in props else props.line_of("encryptionKey")
        draft.set(("BucketEncryption", "ServerSideEncryptionConfiguration", 0, "ServerSideEncryptionByDefault"), default, line)
        if encryption == "aws:kms" and not isinstance(key, ConstructV) and c.plain(props.get("encryption")) is not None and props["encryption"].qual.endswith(".KMS"):
            created = _lib().create(ev, "kms.Key", construct, "Key", ObjV({"description": f"Created by {construct.path_text}"}), construct.line, frame)
            draft.set(("BucketEncryption", "ServerSideEncryptionConfiguration", 0, "ServerSideEncryptionByDefault", "KMSMasterKeyID"), get_att(created, "Arn"), line)
            construct.props["encryptionKey"] = created
    block = props.get("blockPublicAccess")
    if kind_of(block) == "s3.BlockPublicAccess":
        settings = block.args[0] if isinstance(block, Made) and block.args and isinstance(block.args[0], dict) else props_of(block)
        names = {"blockPublicAcls": "BlockPublicAcls", "blockPublicPolicy": "BlockPublicPolicy", "ignorePublicAcls": "IgnorePublicAcls", "restrictPublicBuckets": "RestrictPublicBuckets"}
        draft.set(("PublicAccessBlockConfiguration",), {names[k]: v for k, v in settings.items() if k in names}, props.line_of("blockPublicAccess"))
    logs_bucket = props.get("serverAccessLogsBucket")
    if isinstance(logs_bucket, ConstructV) or props.get("serverAccessLogsPrefix") is not None:
        target = ref(logs_bucket) if isinstance(logs_bucket, ConstructV) else None
        config = {"DestinationBucketName": target, "LogFilePrefix": props.get("serverAccessLogsPrefix")}
        draft.set(("LoggingConfiguration",), {k: v for k, v in config.items() if v is not None}, props.line_of("serverAccessLogsBucket") if "serverAccessLogsBucket" in props else props.line_of("serverAccessLogsPrefix"))
    cors = props.get("cors")
    if isinstance(cors, list):
        rules = [{"AllowedMethods": to_cfn(r.get("allowedMethods")), "AllowedOrigins": to_cfn(r.get("allowedOrigins")), "AllowedHeaders": to_cfn(r.get("allowedHeaders")), "MaxAge": r.get("maxAge")} for r in cors if isinstance(r, dict)]
        draft.set(("CorsConfiguration", "CorsRules"), [{k: v for k, v in r.items() if v is not None} for r in rules], props.line_of("cors"))
    if props.get("enforceSSL") is True:
        statement = {"Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}, "Effect": "Deny", "Principal": {"AWS": "*"}, "Resource": [get_att(construct, "Arn"), Unresolved("Join", f"${{!GetAtt {draft.logical_id}.Arn}}/*")]}
        _bucket_policy(ev, construct, props.line_of("enforceSSL")).append(("PolicyDocument", "Statement"), statement, props.line_of("enforceSSL"))
    if props.get("autoDeleteObjects") is True:
        policy = _bucket_policy(ev, construct, props.line_of("autoDeleteObjects"))
        policy.append(("PolicyDocument", "Statement"), {"Action": ["s3:DeleteObject*", "s3:GetBucket*", "s3:List*", "s3:PutBucketPolicy"], "Effect": "Allow", "Principal": {"AWS": Unresolved("GetAtt", "!GetAtt CustomS3AutoDeleteObjectsCustomResourceProviderRole.Arn")}, "Resource": [get_att(construct, "Arn"), Unresolved("Join", f"${{!GetAtt {draft.logical_id}.Arn}}/*")]}, props.line_of("autoDeleteObjects"))
        custom = _lib().new_draft(ev, construct, "Custom::S3AutoDeleteObjects", "Default", under=("AutoDeleteObjectsCustomResource",), line=props.line_of("autoDeleteObjects"))
        custom.set(("BucketName",), ref(construct), props.line_of("autoDeleteObjects"))
        handler = _stack_provider(ev, construct, "Custom::S3AutoDeleteObjectsCustomResourceProvider", props.line_of("autoDeleteObjects"))
        if handler is not None:
            custom.set(("ServiceToken",), Unresolved("GetAtt", f"!GetAtt {handler.logical_id}.Arn"), props.line_of("autoDeleteObjects"))
    if props.get("publicReadAccess") is True:
        _bucket_policy(ev, construct, props.line_of("publicReadAccess")).append(("PolicyDocument", "Statement"), {"Action": "s3:GetObject", "Effect": "Allow", "Principal": {"AWS": "*"}, "Resource": Unresolved("Join", f"${{!GetAtt {draft.logical_id}.Arn}}/*")}, props.line_of("publicReadAccess"))


def _stack_provider(ev: Evaluator, construct: ConstructV, provider_id: str, line: int, description: str | None = None, policies: list[dict[str, Any]] | None = None) -> Draft | None:
    """The singleton custom-resource provider (role + handler function) a stack gets once;
    returns the handler (None when the stack has it already)."""
    stack = construct.stack
    if stack is None or stack.state.get(provider_id):
        return stack.state.get(provider_id) if stack is not None else None
    provider = ConstructV("core.CustomResourceProvider", provider_id, (*stack.path, provider_id), ObjV(), line, construct.file, stack=stack)
    role = _lib().new_draft(ev, provider, "AWS::IAM::Role", "Role", line=line)
    role.set(("AssumeRolePolicyDocument",), {"Version": "2012-10-17", "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}]}, line)
    role.set(("ManagedPolicyArns",), [LAMBDA_BASIC], line)
    if policies:
        role.set(("Policies",), policies, line)
    handler = _lib().new_draft(ev, provider, "AWS::Lambda::Function", "Handler", line=line)
    handler.set(("Role",), Unresolved("GetAtt", f"!GetAtt {role.logical_id}.Arn"), line)
    for key, value in (("Handler", "__entrypoint__.handler"), ("MemorySize", 128), ("Timeout", 900), ("Description", description)):
        handler.set((key,), value, line)
    handler.attributes["DependsOn"] = [role.logical_id]
    stack.state[provider_id] = handler
    return handler


def _bucket_policy(ev: Evaluator, construct: ConstructV, line: int) -> Draft:
    existing = construct.state.get("policy")
    if existing is None:
        existing = _lib().new_draft(ev, construct, "AWS::S3::BucketPolicy", "Resource", under=("Policy",), line=line)
        existing.set(("Bucket",), ref(construct), line)
        existing.set(("PolicyDocument", "Version"), "2012-10-17", line)
        construct.state["policy"] = existing
    return existing


def _add_lifecycle_rule(ev: Evaluator, construct: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    main = construct.state.get("main")
    rule = args[0] if args else props
    if main is not None and isinstance(rule, dict):
        converted = c.lifecycle_rules(ArrV([rule], [line], line))
        if converted:
            main.append(("LifecycleConfiguration", "Rules"), converted[0], line)
    return None


def _add_to_resource_policy(ev: Evaluator, construct: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    statement = c.statement(args[0] if args else None)
    if statement is None:
        return None
    if construct.kind == "s3.Bucket":
        _bucket_policy(ev, construct, line).append(("PolicyDocument", "Statement"), statement, line)
    elif construct.kind == "kms.Key" and construct.state.get("main") is not None:
        construct.state["main"].append(("KeyPolicy", "Statement"), statement, line)
    elif construct.kind in ("sqs.Queue", "sns.Topic"):
        _resource_policy(ev, construct, line).append(("PolicyDocument", "Statement"), statement, line)
    return None


def _resource_policy(ev: Evaluator, construct: ConstructV, line: int) -> Draft:
    existing = construct.state.get("policy")
    if existing is None:
        cfn = {"sqs.Queue": ("AWS::SQS::QueuePolicy", "Queues"), "sns.Topic": ("AWS::SNS::TopicPolicy", "Topics")}[construct.kind]
        existing = _lib().new_draft(ev, construct, cfn[0], "Resource", under=("Policy",), line=line)
        existing.set(("PolicyDocument", "Version"), "2012-10-17", line)
        existing.set((cfn[1],), [ref(construct)], line)
        construct.state["policy"] = existing
    return existing


def _add_event_notification(ev: Evaluator, construct: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    main = construct.state.get("main")
    if main is None or len(args) < 2:
        return None
    event, target = c.plain(args[0]), args[1]
    destination = target.args[0] if isinstance(target, Made) and target.args else None
    kinds = {"s3_notifications.LambdaDestination": "LambdaConfigurations", "s3_notifications.SqsDestination": "QueueConfigurations", "s3_notifications.SnsDestination": "TopicConfigurations"}
    key = kinds.get(target.kind) if isinstance(target, Made) else None
    if key is None or not isinstance(destination, ConstructV):
        return None
    field = {"LambdaConfigurations": "LambdaFunctionArn", "QueueConfigurations": "QueueArn", "TopicConfigurations": "TopicArn"}[key]
    custom = construct.state.get("notifications")
    if custom is None:
        custom = _lib().new_draft(ev, construct, "Custom::S3BucketNotifications", "Resource", under=("Notifications",), line=line, file=frame.module.file)
        custom.set(("BucketName",), ref(construct), line)
        custom.set(("Managed",), True, line)
        custom.set(("SkipDestinationValidation",), False, line)
        handler = _notifications_handler(ev, construct, line)
        custom.set(("ServiceToken",), Unresolved("GetAtt", f"!GetAtt {handler.logical_id}.Arn"), line)
        construct.state["notifications"] = custom
    custom.append(("NotificationConfiguration", key), {"Events": [event], field: c.arn(destination)}, line)
    if key == "QueueConfigurations":
        _resource_policy(ev, destination, line).append(("PolicyDocument", "Statement"), {"Action": ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"], "Condition": {"ArnLike": {"aws:SourceArn": get_att(construct, "Arn")}}, "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Resource": get_att(destination, "Arn")}, line)
    elif key == "TopicConfigurations":
        _resource_policy(ev, destination, line).append(("PolicyDocument", "Statement"), {"Action": "sns:Publish", "Condition": {"ArnLike": {"aws:SourceArn": get_att(construct, "Arn")}}, "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Resource": ref(destination)}, line)
    elif key == "LambdaConfigurations":
        permission = _lib().new_draft(ev, construct, "AWS::Lambda::Permission", None, under=(f"AllowBucketNotificationsTo{unique(destination.path)}",), line=line, file=frame.module.file)
        for name, value in (("Action", "lambda:InvokeFunction"), ("FunctionName", get_att(destination, "Arn")), ("Principal", "s3.amazonaws.com"), ("SourceArn", get_att(construct, "Arn"))):
            permission.set((name,), value, line)
    return None


NOTIFICATIONS_HANDLER = "BucketNotificationsHandler050a0587b7544547bf325f094a3db834"


def _notifications_handler(ev: Evaluator, bucket_c: ConstructV, line: int) -> Draft:
    """The stack's singleton bucket-notifications function (role, handler) and the bucket's policy on it."""
    stack = bucket_c.stack
    assert stack is not None
    handler = stack.state.get(NOTIFICATIONS_HANDLER)
    if handler is None:
        owner = ConstructV("s3.BucketNotificationsHandler", NOTIFICATIONS_HANDLER, (*stack.path, NOTIFICATIONS_HANDLER), ObjV(), line, bucket_c.file, stack=stack)
        role = _lib().new_draft(ev, owner, "AWS::IAM::Role", "Resource", under=("Role",), line=line)
        role.set(("AssumeRolePolicyDocument",), _assume("lambda.amazonaws.com"), line)
        role.set(("ManagedPolicyArns",), [LAMBDA_BASIC], line)
        handler = _lib().new_draft(ev, owner, "AWS::Lambda::Function", "Resource", line=line)
        for name, value in (("Description", 'AWS CloudFormation handler for "Custom::S3BucketNotifications" resources (@aws-cdk/aws-s3)'), ("Handler", "index.handler"), ("Role", Unresolved("GetAtt", f"!GetAtt {role.logical_id}.Arn")), ("Timeout", 300)):
            handler.set((name,), value, line)
        handler.attributes["DependsOn"] = [role.logical_id]
        handler.state = {"role": role}  # type: ignore[attr-defined]
        stack.state[NOTIFICATIONS_HANDLER] = handler
    role_id = handler.state["role"].logical_id  # type: ignore[attr-defined]
    policy = _lib().new_draft(ev, bucket_c, "AWS::IAM::Policy", "Resource", under=("Notifications", "HandlerPolicy"), line=line)
    policy.set(("PolicyDocument",), {"Statement": [{"Action": "s3:PutBucketNotification", "Effect": "Allow", "Resource": "*"}], "Version": "2012-10-17"}, line)
    policy.set(("Roles",), [Unresolved("Ref", f"!Ref {role_id}")], line)
    return handler


# --- DynamoDB ---------------------------------------------------------------------------------------


def table(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    schema, definitions = c.key_schema(props.get("partitionKey"), props.get("sortKey"))
    key_line = props.line_of("partitionKey")
    for index, (entry, definition) in enumerate(zip(schema, definitions, strict=True)):
        line = props.line_of("sortKey") if index and "sortKey" in props else key_line
        draft.set(("KeySchema", index), entry, line)
        draft.set(("AttributeDefinitions", index), definition, line)
    if c.plain(props.get("billingMode")) in (None, "PROVISIONED"):
        for key, cfn in (("readCapacity", "ReadCapacityUnits"), ("writeCapacity", "WriteCapacityUnits")):
            if props.get(key) is not None:
                draft.set(("ProvisionedThroughput", cfn), props[key], props.line_of(key))
    pitr = props.get("pointInTimeRecoverySpecification")
    if isinstance(pitr, dict) and pitr.get("pointInTimeRecoveryEnabled") is not None:
        draft.set(("PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"), pitr["pointInTimeRecoveryEnabled"], props.line_of("pointInTimeRecoverySpecification"))
    _table_encryption(construct, draft, props, ("SSESpecification",))
    ttl = props.get("timeToLiveAttribute")
    if ttl is not None:
        draft.set(("TimeToLiveSpecification",), {"AttributeName": ttl, "Enabled": True}, props.line_of("timeToLiveAttribute"))
    if c.plain(props.get("stream")) is None and any(isinstance(r, Made) and "Replica" in r.kind for r in props.get("replicationRegions") or []):
        draft.set(("StreamSpecification", "StreamViewType"), "NEW_AND_OLD_IMAGES", construct.line)
    for index_props in props.get("globalSecondaryIndexes") or []:
        _add_index(construct, draft, index_props, "GlobalSecondaryIndexes", props.line_of("globalSecondaryIndexes"))


def table_v2(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    table(ev, construct, draft, props, frame)
    draft.properties.pop("SSESpecification", None)
    if not draft.has(("Replicas", 0, "Region")):
        draft.set(("Replicas", 0, "Region"), Unresolved("Ref", "!Ref AWS::Region"), construct.line)
    billing = props.get("billing")
    if isinstance(billing, Made):
        mode = "PROVISIONED" if billing.kind.endswith("provisioned") else "PAY_PER_REQUEST"
        draft.set(("BillingMode",), mode, props.line_of("billing"))
    encryption = props.get("encryption")
    if isinstance(encryption, Made) and encryption.kind.endswith("customerManagedKey"):
        draft.set(("SSESpecification",), {"SSEEnabled": True, "SSEType": "KMS"}, props.line_of("encryption"))
    elif isinstance(encryption, Made) and encryption.kind.endswith("awsManagedKey"):
        draft.set(("SSESpecification",), {"SSEEnabled": True}, props.line_of("encryption"))


def _table_encryption(construct: ConstructV, draft: Draft, props: ObjV, path: tuple[str, ...]) -> None:
    encryption = c.plain(props.get("encryption"))
    key = props.get("encryptionKey")
    line = props.line_of("encryption") if "encryption" in props else props.line_of("encryptionKey")
    if encryption == "AWS_MANAGED":
        draft.set(path, {"SSEEnabled": True}, line)
    elif encryption == "CUSTOMER_MANAGED" or isinstance(key, ConstructV):
        block: dict[str, Any] = {"SSEEnabled": True, "SSEType": "KMS"}
        if isinstance(key, ConstructV):
            block["KMSMasterKeyId"] = get_att(key, "Arn")
        draft.set(path, block, line)


def _add_index(construct: ConstructV, draft: Draft, index_props: Any, key: str, line: int) -> None:
    if not isinstance(index_props, dict):
        return
    schema, definitions = c.key_schema(index_props.get("partitionKey"), index_props.get("sortKey"))
    if key == "LocalSecondaryIndexes":
        table_schema = draft.get(("KeySchema",)) or []
        schema = [s for s in table_schema[:1]] + [{"AttributeName": d["AttributeName"], "KeyType": "RANGE"} for d in definitions[:1]]
    projection: dict[str, Any] = {"ProjectionType": c.plain(index_props.get("projectionType")) or "ALL"}
    if index_props.get("nonKeyAttributes") is not None:
        projection["NonKeyAttributes"] = to_cfn(index_props["nonKeyAttributes"])
    index: dict[str, Any] = {"IndexName": c.plain(index_props.get("indexName")), "KeySchema": schema, "Projection": projection}
    for prop, cfn in (("readCapacity", "ReadCapacityUnits"), ("writeCapacity", "WriteCapacityUnits")):
        if index_props.get(prop) is not None:
            index.setdefault("ProvisionedThroughput", {})[cfn] = index_props[prop]
    if key == "GlobalSecondaryIndexes" and draft.has(("ProvisionedThroughput",)) and "ProvisionedThroughput" not in index and draft.type == "AWS::DynamoDB::Table":
        index["ProvisionedThroughput"] = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    draft.append((key,), index, line)
    known = {d.get("AttributeName") for d in draft.get(("AttributeDefinitions",)) or []}
    for definition in definitions:
        if definition["AttributeName"] not in known:
            draft.append(("AttributeDefinitions",), definition, line)
    construct.state.setdefault("indexes", []).append(index.get("IndexName"))


def _add_gsi(ev: Evaluator, construct: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    main = construct.state.get("main")
    if main is not None:
        _add_index(construct, main, args[0] if args else props, "GlobalSecondaryIndexes", line)
    return None


def _add_lsi(ev: Evaluator, construct: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    main = construct.state.get("main")
    if main is not None:
        _add_index(construct, main, args[0] if args else props, "LocalSecondaryIndexes", line)
    return None


# --- KMS, SQS, SNS, logs ----------------------------------------------------------------------------


def key(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    root = Unresolved("Join", "arn:aws:iam::${!Ref AWS::AccountId}:root")
    draft.set(("KeyPolicy",), {"Statement": [{"Action": "kms:*", "Effect": "Allow", "Principal": {"AWS": root}, "Resource": "*"}], "Version": "2012-10-17"}, construct.line)
    alias_name = props.get("alias")
    if alias_name is not None:
        alias_value = alias_name if not isinstance(alias_name, str) or alias_name.startswith("alias/") else f"alias/{alias_name}"
        created = _lib().new_draft(ev, construct, "AWS::KMS::Alias", "Resource", under=("Alias",), line=props.line_of("alias"))
        created.set(("AliasName",), alias_value, props.line_of("alias"))
        created.set(("TargetKeyId",), get_att(construct, "Arn"), props.line_of("alias"))


def queue(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    dlq = props.get("deadLetterQueue")
    if isinstance(dlq, dict):
        target = dlq.get("queue")
        line = props.line_of("deadLetterQueue")
        draft.set(("RedrivePolicy",), {"deadLetterTargetArn": get_att(target, "Arn") if isinstance(target, ConstructV) else to_cfn(target), "maxReceiveCount": dlq.get("maxReceiveCount")}, line)
        if isinstance(dlq, ObjV):
            draft.lines[("RedrivePolicy", "maxReceiveCount")] = dlq.line_of("maxReceiveCount")
            draft.lines[("RedrivePolicy", "deadLetterTargetArn")] = dlq.line_of("queue")
    encryption = c.plain(props.get("encryption"))
    key_value = props.get("encryptionMasterKey")
    line = props.line_of("encryption") if "encryption" in props else props.line_of("encryptionMasterKey")
    if encryption == "KMS" or isinstance(key_value, ConstructV):
        if not isinstance(key_value, ConstructV):
            key_value = _lib().create(ev, "kms.Key", construct, "Key", ObjV({"description": f"Created by {construct.path_text}"}), construct.line, frame)
            construct.props["encryptionMasterKey"] = key_value
        draft.set(("KmsMasterKeyId",), get_att(key_value, "Arn"), line)
    elif encryption == "KMS_MANAGED":
        draft.set(("KmsMasterKeyId",), "alias/aws/sqs", line)
    elif encryption == "SQS_MANAGED":
        draft.set(("SqsManagedSseEnabled",), True, line)
    elif encryption == "NONE":
        draft.set(("SqsManagedSseEnabled",), False, line)
    if props.get("enforceSSL") is True:
        _resource_policy(ev, construct, props.line_of("enforceSSL")).append(("PolicyDocument", "Statement"), {"Action": "sqs:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}, "Effect": "Deny", "Principal": {"AWS": "*"}, "Resource": get_att(construct, "Arn")}, props.line_of("enforceSSL"))


SUBSCRIPTIONS = {
    "sns_subscriptions.EmailSubscription": ("email", None),
    "sns_subscriptions.SmsSubscription": ("sms", None),
    "sns_subscriptions.UrlSubscription": ("https", None),
    "sns_subscriptions.SqsSubscription": ("sqs", "Arn"),
    "sns_subscriptions.LambdaSubscription": ("lambda", "Arn"),
}


def topic(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    if props.get("enforceSSL") is True:
        _resource_policy(ev, construct, props.line_of("enforceSSL")).append(("PolicyDocument", "Statement"), {"Action": "sns:Publish", "Condition": {"Bool": {"aws:SecureTransport": "false"}}, "Effect": "Deny", "Principal": "*", "Resource": ref(construct)}, props.line_of("enforceSSL"))


def _add_subscription(ev: Evaluator, topic_c: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    subscription = args[0] if args else None
    if not isinstance(subscription, Made) or subscription.kind not in SUBSCRIPTIONS or topic_c.stack is None:
        return None
    protocol, attribute = SUBSCRIPTIONS[subscription.kind]
    target = subscription.args[0] if subscription.args else None
    endpoint = get_att(target, attribute) if attribute and isinstance(target, ConstructV) else to_cfn(target)
    if isinstance(target, ConstructV):
        owner, child = target, "".join(topic_c.path)
    else:
        owner, child = topic_c, str(endpoint) if isinstance(endpoint, str) else "Subscription"
    draft = _lib().new_draft(ev, owner, "AWS::SNS::Subscription", "Resource", under=(child,), line=line, file=frame.module.file)
    draft.set(("Protocol",), protocol, line)
    draft.set(("TopicArn",), ref(topic_c), line)
    draft.set(("Endpoint",), endpoint, line)
    options = subscription.args[1] if len(subscription.args) > 1 and isinstance(subscription.args[1], ObjV) else subscription.props
    if isinstance(options, dict) and options.get("rawMessageDelivery") is not None:
        draft.set(("RawMessageDelivery",), options["rawMessageDelivery"], line)
    if isinstance(options, dict) and isinstance(options.get("deadLetterQueue"), ConstructV):
        draft.set(("RedrivePolicy", "deadLetterTargetArn"), get_att(options["deadLetterQueue"], "Arn"), line)
    if protocol == "sqs" and isinstance(target, ConstructV):
        _resource_policy(ev, target, line).append(("PolicyDocument", "Statement"), {"Action": "sqs:SendMessage", "Condition": {"ArnEquals": {"aws:SourceArn": ref(topic_c)}}, "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Resource": get_att(target, "Arn")}, line)
    if protocol == "lambda" and isinstance(target, ConstructV):
        permission = _lib().new_draft(ev, target, "AWS::Lambda::Permission", None, under=(f"AllowInvoke:{topic_c.id}",), line=line, file=frame.module.file)
        permission.set(("Action",), "lambda:InvokeFunction", line)
        permission.set(("FunctionName",), get_att(target, "Arn"), line)
        permission.set(("Principal",), "sns.amazonaws.com", line)
        permission.set(("SourceArn",), ref(topic_c), line)
    return None


# --- API Gateway ------------------------------------------------------------------------------------


def rest_api(ev: Evaluator, api: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    if not draft.has(("Name",)):
        draft.set(("Name",), api.id, api.line)
    endpoint = props.get("endpointConfiguration")
    if isinstance(endpoint, dict) and endpoint.get("types") is not None:
        draft.set(("EndpointConfiguration", "Types"), endpoint["types"], props.line_of("endpointConfiguration"))
    root = ConstructV("apigateway.Resource", "Default", (*api.path, "Default"), ObjV(), api.line, api.file, stack=api.stack)
    root.state.update({"api": api, "root": True, "path": "/", "active": api.state.get("active", True)})
    api.state["root"] = root
    api.state["methods"] = []
    if props.get("cloudWatchRole") is not False and not (props.get("cloudWatchRole") is None and ev.context.get(FLAG_DISABLE_APIGW_CLOUDWATCH_ROLE)):
        role = companion_role(ev, api, "CloudWatchRole", "apigateway.amazonaws.com", [APIGW_LOGS], api.line)
        role.state["main"].attributes.update({"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"})
        account = _lib().new_draft(ev, api, "AWS::ApiGateway::Account", "Account", line=api.line)
        account.set(("CloudWatchRoleArn",), get_att(role, "Arn"), api.line)
        account.attributes.update({"DependsOn": [draft.logical_id], "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"})
        api.state["account"] = account
    if props.get("deploy") is not False:
        options = props.get("deployOptions") if isinstance(props.get("deployOptions"), ObjV) else ObjV(line=api.line)
        stage_name = options.get("stageName") or "prod"
        deployment = _lib().new_draft(ev, api, "AWS::ApiGateway::Deployment", "Resource", under=("Deployment",), line=api.line)
        deployment.set(("RestApiId",), ref(api), api.line)
        deployment.set(("Description",), "Automatically created by the RestApi construct", api.line)
        api.state["deployment"] = deployment
        stage = _lib().new_draft(ev, api, "AWS::ApiGateway::Stage", "Resource", under=(f"DeploymentStage.{stage_name}",), line=props.line_of("deployOptions") if "deployOptions" in props else api.line)
        stage.set(("RestApiId",), ref(api), api.line)
        stage.set(("DeploymentId",), Unresolved("Ref", f"!Ref {deployment.logical_id}"), api.line)
        stage.set(("StageName",), stage_name, options.line_of("stageName") if "stageName" in options else api.line)
        if "account" in api.state:
            stage.attributes["DependsOn"] = [api.state["account"].logical_id]
        _stage_options(stage, options)
        api.state["stage"] = stage
        # the construct's own CfnOutput with the stage URL (id "Endpoint" under the api)
        url = Unresolved("Join", f"https://${{{draft.logical_id}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{stage_name}/")
        api.stack.state["out"].outputs.append((_lib().logical_id((*api.path, "Endpoint")), url, api.line))
    handler = props.get("handler")
    if api.kind == "apigateway.LambdaRestApi" and isinstance(handler, ConstructV) and props.get("proxy") is not False:
        integration = Made("apigateway.LambdaIntegration", [handler], ObjV(), api.line)
        _add_method(ev, root, ["ANY", integration], ObjV(), api.line, frame)
        proxy = _add_resource(ev, root, ["{proxy+}"], ObjV(), api.line, frame)
        _add_method(ev, proxy, ["ANY", integration], ObjV(), api.line, frame)


_STAGE_METHOD_SETTINGS = {
    "loggingLevel": "LoggingLevel", "dataTraceEnabled": "DataTraceEnabled", "metricsEnabled": "MetricsEnabled",
    "throttlingRateLimit": "ThrottlingRateLimit", "throttlingBurstLimit": "ThrottlingBurstLimit", "cachingEnabled": "CachingEnabled",
}
_STAGE_PROPS = {"tracingEnabled": "TracingEnabled", "description": "Description", "cacheClusterEnabled": "CacheClusterEnabled", "variables": "Variables"}


def _stage_options(stage: Draft, options: ObjV) -> None:
    for key, cfn in _STAGE_PROPS.items():
        if options.get(key) is not None:
            stage.set((cfn,), options[key], options.line_of(key))
    if any(options.get(k) is not None for k in _STAGE_METHOD_SETTINGS):
        stage.set(("MethodSettings", 0), {"DataTraceEnabled": False, "HttpMethod": "*", "ResourcePath": "/*"}, options.line)
        for key, cfn in _STAGE_METHOD_SETTINGS.items():
            if options.get(key) is not None:
                stage.set(("MethodSettings", 0, cfn), options[key], options.line_of(key))
    logs = options.get("accessLogDestination")
    if isinstance(logs, Made) and logs.args and isinstance(logs.args[0], ConstructV):
        stage.set(("AccessLogSetting", "DestinationArn"), get_att(logs.args[0], "Arn"), options.line_of("accessLogDestination"))


def _api_of(resource: ConstructV) -> ConstructV | None:
    if resource.kind in ("apigateway.RestApi", "apigateway.LambdaRestApi"):
        return resource
    api = resource.state.get("api")
    return api if isinstance(api, ConstructV) else None


def _add_resource(ev: Evaluator, parent: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    api = _api_of(parent)
    part = args[0] if args else None
    if api is None or not isinstance(part, str):
        return unknown("addResource")
    if parent is api:
        parent = api.state["root"]
    resource = ConstructV("apigateway.Resource", part, (*parent.path, part), ObjV(), line, frame.module.file, stack=api.stack)
    resource.state.update({"api": api, "path": parent.state.get("path", "/").rstrip("/") + "/" + part, "active": frame.active})
    draft = _lib().new_draft(ev, resource, "AWS::ApiGateway::Resource", "Resource", main=True, line=line, file=frame.module.file)
    parent_id = get_att(api, "RootResourceId") if parent.state.get("root") else ref(parent)
    draft.set(("ParentId",), parent_id, line)
    draft.set(("PathPart",), part, line)
    draft.set(("RestApiId",), ref(api), line)
    _depends_deployment(api, draft)
    return resource


def _resource_for_path(ev: Evaluator, parent: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    path = args[0] if args else None
    if not isinstance(path, str):
        return unknown("resourceForPath")
    current = parent
    for part in [p for p in path.split("/") if p]:
        children = current.state.setdefault("children", {})
        if part not in children:
            children[part] = _add_resource(ev, current, [part], ObjV(), line, frame)
        current = children[part]
    return current


def _add_method(ev: Evaluator, resource: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    api = _api_of(resource)
    verb = args[0] if args else None
    if api is None or not isinstance(verb, str):
        return unknown("addMethod")
    if resource is api:
        resource = api.state["root"]
    integration = args[1] if len(args) > 1 else None
    options = args[2] if len(args) > 2 and isinstance(args[2], ObjV) else props
    method = ConstructV("apigateway.Method", verb, (*resource.path, verb), options, line, frame.module.file, stack=api.stack)
    method.state["active"] = frame.active
    draft = _lib().new_draft(ev, method, "AWS::ApiGateway::Method", "Resource", main=True, line=line, file=frame.module.file)
    draft.set(("HttpMethod",), verb, line)
    draft.set(("ResourceId",), get_att(api, "RootResourceId") if resource.state.get("root") else ref(resource), line)
    draft.set(("RestApiId",), ref(api), line)
    authorization = c.plain(options.get("authorizationType")) if isinstance(options, dict) else None
    authorizer = options.get("authorizer") if isinstance(options, dict) else None
    if authorization is None and isinstance(authorizer, ConstructV):
        authorization = "COGNITO_USER_POOLS" if "Cognito" in authorizer.kind else "CUSTOM"
    draft.set(("AuthorizationType",), authorization or "NONE", options.line_of("authorizationType") if isinstance(options, ObjV) and "authorizationType" in options else line)
    if isinstance(options, dict) and options.get("apiKeyRequired") is not None:
        draft.set(("ApiKeyRequired",), options["apiKeyRequired"], options.line_of("apiKeyRequired") if isinstance(options, ObjV) else line)
    fn = integration.args[0] if isinstance(integration, Made) and integration.kind == "apigateway.LambdaIntegration" and integration.args else None
    if isinstance(fn, ConstructV):
        uri = Unresolved("Join", f"arn:aws:apigateway:${{!Ref AWS::Region}}:lambda:path/2015-03-31/functions/${{!GetAtt {fn.state.get('main').logical_id if fn.state.get('main') else fn.id}.Arn}}/invocations")
        draft.set(("Integration",), {"IntegrationHttpMethod": "POST", "Type": "AWS_PROXY", "Uri": uri}, line)
        suffix = f"{unique(api.path)}.{verb}.{resource.state.get('path', '/').replace('/', '.')}"
        api_id = api.state["main"].logical_id
        stage = api.state.get("stage")
        route = ("*" if verb == "ANY" else verb) + ("/" + resource.state.get("path", "/").lstrip("/") if resource.state.get("path", "/") != "/" else "/")
        for label, stage_text in (("ApiPermission", f"${{!Ref {stage.logical_id}}}" if stage is not None else "*"), ("ApiPermission.Test", "test-invoke-stage")):
            permission = _lib().new_draft(ev, method, "AWS::Lambda::Permission", None, under=(f"{label}.{suffix}",), line=line, file=frame.module.file)
            permission.set(("Action",), "lambda:InvokeFunction", line)
            permission.set(("FunctionName",), get_att(fn, "Arn"), line)
            permission.set(("Principal",), "apigateway.amazonaws.com", line)
            permission.set(("SourceArn",), Unresolved("Join", f"arn:aws:execute-api:${{!Ref AWS::Region}}:${{!Ref AWS::AccountId}}:${{!Ref {api_id}}}/{stage_text}/{route}"), line)
    elif isinstance(integration, Made):
        draft.set(("Integration", "Type"), {"apigateway.MockIntegration": "MOCK", "apigateway.HttpIntegration": "HTTP_PROXY", "apigateway.AwsIntegration": "AWS"}.get(integration.kind, Unresolved("Unknown", integration.kind)), line)
    _depends_deployment(api, draft)
    return method


def _depends_deployment(api: ConstructV, draft: Draft) -> None:
    deployment = api.state.get("deployment")
    if deployment is not None:
        deployment.attributes.setdefault("DependsOn", []).insert(0, draft.logical_id)


# --- CloudWatch -------------------------------------------------------------------------------------


def alarm(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    _lib().alarm_metric(draft, props.get("metric"), props.line_of("metric"))


def _alarm_action(key: str) -> MethodFn:
    def add(ev: Evaluator, alarm_c: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
        main = alarm_c.state.get("main")
        for action in args:
            target = action.args[0] if isinstance(action, Made) and action.args else None
            if main is not None and isinstance(target, ConstructV):
                main.append((key,), ref(target) if target.kind == "sns.Topic" else get_att(target, "Arn"), line)
        return None

    return add


def dashboard(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    draft.set(("DashboardBody",), Unresolved("Join", "dashboard widgets JSON"), construct.line)


# --- IAM --------------------------------------------------------------------------------------------


def role(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    assumed = props.get("assumedBy")
    if assumed is not None:
        principal = c.principal(assumed)
        draft.set(("AssumeRolePolicyDocument",), {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": principal if principal is not None else Unresolved("Unknown", "principal")}], "Version": "2012-10-17"}, props.line_of("assumedBy"))
    managed = props.get("managedPolicies")
    if isinstance(managed, list):
        draft.set(("ManagedPolicyArns",), [_managed_arn(m) for m in managed], props.line_of("managedPolicies"))
        if isinstance(managed, ArrV):
            for index in range(len(managed)):
                draft.lines[("ManagedPolicyArns", index)] = managed.line_of(index)
    inline = props.get("inlinePolicies")
    if isinstance(inline, dict):
        policies = []
        for name, document in inline.items():
            statements = document.props.get("statements") if isinstance(document, Made) else None
            policies.append({"PolicyName": name, "PolicyDocument": {"Statement": [c.statement(s) for s in statements or []], "Version": "2012-10-17"}})
        draft.set(("Policies",), policies, props.line_of("inlinePolicies"))


def _managed_arn(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, Made) and value.kind == "iam.ManagedPolicy.fromManagedPolicyArn" and len(value.args) >= 3:
        return to_cfn(value.args[2])
    if isinstance(value, ConstructV):
        return ref(value)
    return to_cfn(value)


def _add_managed_policy(ev: Evaluator, construct: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    main = construct.state.get("main")
    if main is not None and args:
        main.append(("ManagedPolicyArns",), _managed_arn(args[0]), line)
    return None


def policy(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    if not draft.has(("PolicyName",)) and draft.type == "AWS::IAM::Policy":
        draft.set(("PolicyName",), draft.logical_id, construct.line)
    statements = props.get("statements")
    document = props.get("document")
    if isinstance(document, Made):
        statements = document.props.get("statements")
    draft.set(("PolicyDocument", "Version"), "2012-10-17", construct.line)
    for index, item in enumerate(statements or []):
        converted = c.statement(item)
        if converted is not None:
            line = statements.line_of(index) if isinstance(statements, ArrV) else props.line_of("statements")
            draft.append(("PolicyDocument", "Statement"), converted, line)
    roles = props.get("roles")
    if isinstance(roles, list):
        draft.set(("Roles",), [ref(r) if isinstance(r, ConstructV) else to_cfn(r) for r in roles], props.line_of("roles"))


def _add_statements(ev: Evaluator, construct: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    main = construct.state.get("main")
    if main is not None:
        for item in args:
            converted = c.statement(item)
            if converted is not None:
                main.append(("PolicyDocument", "Statement"), converted, line)
    return None


def _attach_to_role(ev: Evaluator, construct: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    main = construct.state.get("main")
    if main is not None and args and isinstance(args[0], ConstructV):
        main.append(("Roles",), ref(args[0]), line)
    return None


# --- events, state machines, CodeDeploy, SSM ---------------------------------------------------------------


def rule(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    pattern = props.get("eventPattern")
    if isinstance(pattern, dict):
        renamed = {("detail-type" if k == "detailType" else k): to_cfn(v) for k, v in pattern.items()}
        draft.set(("EventPattern",), renamed, props.line_of("eventPattern"))
    for target in props.get("targets") or []:
        _add_target(ev, construct, [target], ObjV(), props.line_of("targets"), frame)


def _add_target(ev: Evaluator, rule_c: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    target = args[0] if args else None
    main = rule_c.state.get("main")
    if not isinstance(target, Made) or main is None:
        return None
    resource = target.args[0] if target.args else None
    index = len(main.get(("Targets",)) or [])
    entry: dict[str, Any] = {"Id": f"Target{index}", "Arn": c.arn(resource) if isinstance(resource, ConstructV) else Unresolved("Unknown", target.kind)}
    options = target.args[1] if len(target.args) > 1 and isinstance(target.args[1], ObjV) else target.props
    if isinstance(options, dict):
        if isinstance(options.get("deadLetterQueue"), ConstructV):
            entry["DeadLetterConfig"] = {"Arn": get_att(options["deadLetterQueue"], "Arn")}
        if options.get("retryAttempts") is not None:
            entry.setdefault("RetryPolicy", {})["MaximumRetryAttempts"] = options["retryAttempts"]
        if options.get("maxEventAge") is not None:
            entry.setdefault("RetryPolicy", {})["MaximumEventAgeInSeconds"] = c.seconds(options["maxEventAge"])
    main.append(("Targets",), entry, line)
    if target.kind == "events_targets.LambdaFunction" and isinstance(resource, ConstructV):
        permission = _lib().new_draft(ev, rule_c, "AWS::Lambda::Permission", None, under=(f"AllowEventRule{unique(resource.path)}",), line=line, file=frame.module.file)
        permission.set(("Action",), "lambda:InvokeFunction", line)
        permission.set(("FunctionName",), get_att(resource, "Arn"), line)
        permission.set(("Principal",), "events.amazonaws.com", line)
        permission.set(("SourceArn",), get_att(rule_c, "Arn"), line)
    return None


def virtual_state(ev: Evaluator, construct: ConstructV, props: ObjV, frame: Frame) -> None:
    """A Step Functions state: no resource; kept for the definition and the role's grants."""
    construct.state["retries"] = []
    construct.state["next"] = None
    fn = props.get("lambdaFunction")
    if isinstance(fn, ConstructV):
        construct.state["invokes"] = fn


def _add_retry(ev: Evaluator, state: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    options = args[0] if args and isinstance(args[0], dict) else props
    retry: dict[str, Any] = {"ErrorEquals": to_cfn(options.get("errors")) or ["States.ALL"]}
    for key, cfn, conv in (("interval", "IntervalSeconds", c.seconds), ("maxAttempts", "MaxAttempts", c.plain), ("backoffRate", "BackoffRate", c.plain)):
        if options.get(key) is not None:
            retry[cfn] = conv(options[key])
    state.state.setdefault("retries", []).append(retry)
    return state


def _next(ev: Evaluator, state: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    following = args[0] if args else None
    tail = state
    while isinstance(tail.state.get("next"), ConstructV):
        tail = tail.state["next"]
    if isinstance(following, ConstructV):
        tail.state["next"] = following
    return state


def chain_method(ev: Evaluator, made: Made, name: str, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    if made.kind in ("stepfunctions.Chain.start",) and made.args and isinstance(made.args[0], ConstructV):
        if name == "next":
            _next(ev, made.args[0], args, props, line, frame)
        return made
    return unknown(f"{made.kind}.{name}()")


def _definition(start: Any) -> dict[str, Any] | None:
    """The ASL definition of a chain of simple states (Pass, Task, Wait, Succeed, Fail)."""
    if isinstance(start, Made) and start.kind == "stepfunctions.Chain.start" and start.args:
        start = start.args[0]
    if not isinstance(start, ConstructV):
        return None
    types = {"stepfunctions.Pass": "Pass", "stepfunctions.Wait": "Wait", "stepfunctions.Succeed": "Succeed", "stepfunctions.Fail": "Fail"}
    states: dict[str, Any] = {}
    current: Any = start
    while isinstance(current, ConstructV) and current.id not in states and len(states) < 100:
        state: dict[str, Any] = {"Type": types.get(current.kind, "Task")}
        retries = current.state.get("retries")
        fn = current.state.get("invokes")
        if state["Type"] == "Task" and current.kind == "stepfunctions_tasks.LambdaInvoke" and isinstance(fn, ConstructV):
            state["Resource"] = "arn:aws:states:::lambda:invoke"
            state["Parameters"] = {"FunctionName": "${" + get_att(fn, "Arn").text + "}", "Payload.$": "$"}
        if state["Type"] == "Task" and current.kind == "stepfunctions_tasks.LambdaInvoke":
            default_retry = {"ErrorEquals": ["Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"], "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2}
            retries = ([default_retry] if current.props.get("retryOnServiceExceptions") is not False else []) + list(retries or [])
        if retries:
            state["Retry"] = retries
        following = current.state.get("next")
        if state["Type"] not in ("Succeed", "Fail"):
            if isinstance(following, ConstructV):
                state["Next"] = following.id
            else:
                state["End"] = True
        states[current.id] = state
        current = following
    return {"StartAt": start.id, "States": states}


def state_machine(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    body = props.get("definitionBody")
    start = props.get("definition")
    if isinstance(body, Made) and body.kind == "stepfunctions.DefinitionBody.fromChainable" and body.args:
        start = body.args[0]
    if isinstance(body, Made) and body.kind == "stepfunctions.DefinitionBody.fromString" and body.args and isinstance(body.args[0], str):
        draft.set(("DefinitionString",), body.args[0], props.line_of("definitionBody"))
    else:
        definition = _definition(start)
        line = props.line_of("definitionBody") if "definitionBody" in props else props.line_of("definition")
        if definition is not None:
            import json

            timeout = c.seconds(props.get("timeout")) if props.get("timeout") is not None else None
            if isinstance(timeout, int):
                definition["TimeoutSeconds"] = timeout
            text = json.dumps(definition, separators=(",", ":"))
            draft.set(("DefinitionString",), Unresolved("Join", text) if "${!" in text else text, line)
            construct.state["definition"] = definition
        elif start is not None or body is not None:
            draft.set(("DefinitionString",), Unresolved("Unknown", "state machine definition"), line)
    logs = props.get("logs")
    if isinstance(logs, dict):
        destination = logs.get("destination")
        config = {"Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": get_att(destination, "Arn")}}] if isinstance(destination, ConstructV) else None, "Level": c.plain(logs.get("level")) or "ERROR", "IncludeExecutionData": logs.get("includeExecutionData", False)}
        draft.set(("LoggingConfiguration",), {k: v for k, v in config.items() if v is not None}, props.line_of("logs"))
    role_value = props.get("role")
    if isinstance(role_value, ConstructV):
        construct.state["role"] = role_value
        draft.set(("RoleArn",), get_att(role_value, "Arn"), props.line_of("role"))
    else:
        condition = {"ArnLike": {"aws:SourceArn": Unresolved("Join", "arn:aws:states:${!Ref AWS::Region}:${!Ref AWS::AccountId}:stateMachine:*")}, "StringEquals": {"aws:SourceAccount": Unresolved("Ref", "!Ref AWS::AccountId")}}
        created = companion_role(ev, construct, "Role", "states.amazonaws.com", [], construct.line, condition)
        construct.state["role"] = created
        draft.set(("RoleArn",), get_att(created, "Arn"), construct.line)
        draft.attributes["DependsOn"] = [created.state["main"].logical_id]
    state: Any = start.args[0] if isinstance(start, Made) and start.args else start
    seen = 0
    while isinstance(state, ConstructV) and seen < 100:
        fn = state.state.get("invokes")
        if isinstance(fn, ConstructV):
            arn = get_att(fn, "Arn")
            _lib().add_to_principal_policy(ev, construct, {"Action": "lambda:InvokeFunction", "Effect": "Allow", "Resource": [arn, Unresolved("Join", f"${{{arn.text}}}:*")]}, state.line, frame)
        state, seen = state.state.get("next"), seen + 1
    if props.get("tracingEnabled") is True:
        _lib().add_to_principal_policy(ev, construct, {"Action": list(XRAY_ACTIONS) + ["xray:GetSamplingRules", "xray:GetSamplingTargets"], "Effect": "Allow", "Resource": "*"}, props.line_of("tracingEnabled"), frame)


def codedeploy_application(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    platform = {"codedeploy.LambdaApplication": "Lambda", "codedeploy.ServerApplication": "Server", "codedeploy.EcsApplication": "ECS"}[construct.kind]
    draft.set(("ComputePlatform",), platform, construct.line)


def deployment_group(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    application = props.get("application")
    if not isinstance(application, ConstructV):
        kind = construct.kind.replace("DeploymentGroup", "Application")
        application = _lib().create(ev, kind, construct, "Application", ObjV(), construct.line, frame)
    draft.set(("ApplicationName",), ref(application), props.line_of("application") if "application" in props else construct.line)
    role_value = props.get("role")
    if not isinstance(role_value, ConstructV):
        role_value = companion_role(ev, construct, "ServiceRole", "codedeploy.amazonaws.com", [CODEDEPLOY_LAMBDA] if construct.kind.startswith("codedeploy.Lambda") else [], construct.line)
    draft.set(("ServiceRoleArn",), get_att(role_value, "Arn"), construct.line)
    alarms = props.get("alarms")
    if isinstance(alarms, list) and alarms:
        draft.set(("AlarmConfiguration",), {"Alarms": [{"Name": ref(a)} for a in alarms if isinstance(a, ConstructV)], "Enabled": True}, props.line_of("alarms"))
        draft.set(("AutoRollbackConfiguration", "Events"), ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"], props.line_of("alarms"))
    target = props.get("alias")
    main = target.state.get("main") if isinstance(target, ConstructV) else None
    if main is not None:
        main.attributes["UpdatePolicy"] = {"CodeDeployLambdaAliasUpdate": {"ApplicationName": ref(application), "DeploymentGroupName": ref(construct)}}


def ssm_parameter(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    draft.set(("Type",), "String", construct.line)


def flow_log(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    network.flow_log(ev, construct, draft, props, frame)


# --- registries -------------------------------------------------------------------------------------------


def _fn_role(ev: Evaluator, construct: ConstructV) -> Any:
    return construct.state.get("role")


def _root(ev: Evaluator, construct: ConstructV) -> Any:
    return construct.state.get("root")


def _url(ev: Evaluator, construct: ConstructV) -> Any:
    if construct.kind in ("apigateway.RestApi", "apigateway.LambdaRestApi"):
        return Unresolved("Join", f"https://${{!Ref {construct.state['main'].logical_id}}}.execute-api.${{!Ref AWS::Region}}.amazonaws.com/prod/")
    return None


def _key_attr(prop: str) -> Callable[[Evaluator, ConstructV], Any]:
    def read(ev: Evaluator, construct: ConstructV) -> Any:
        value = construct.props.get(prop)
        return value if isinstance(value, ConstructV) else None

    return read


BUILDERS: dict[str, Builder] = {
    "function": function, "alias": alias, "bucket": bucket, "table": table, "table_v2": table_v2, "key": key, "queue": queue,
    "topic": topic, "rest_api": rest_api, "alarm": alarm, "dashboard": dashboard, "role": role, "policy": policy,
    "vpc": network.vpc, "security_group": network.security_group_builder, "flow_log": flow_log,
    "database_instance": network.database_instance, "database_cluster": network.database_cluster,
    "load_balancer": network.load_balancer, "listener": network.listener_builder, "rule": rule, "state_machine": state_machine,
    "codedeploy_application": codedeploy_application, "deployment_group": deployment_group, "ssm_parameter": ssm_parameter,
    "fargate_task_definition": containers.fargate_task_definition, "fargate_service": containers.fargate_service,
}


def security_group(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    network.security_group_builder(ev, construct, draft, props, frame)


ATTRIBUTES: dict[str, Callable[[Evaluator, ConstructV], Any]] = {
    "role": _fn_role, "grantPrincipal": lambda ev, cst: cst.state.get("role") or (cst if cst.kind == "iam.Role" else None),
    "root": _root, "url": _url, "currentVersion": _current_version,
    "encryptionKey": lambda ev, cst: _key_attr("encryptionKey")(ev, cst) or _key_attr("encryptionMasterKey")(ev, cst),
    "masterKey": _key_attr("masterKey"), "deadLetterQueue": _key_attr("deadLetterQueue"),
    "connections": lambda ev, cst: cst if cst.kind in ("ec2.SecurityGroup",) else cst.state.get("security_group"),
    "secret": lambda ev, cst: cst.state.get("secret"),
    "privateSubnets": lambda ev, cst: network.subnets_of(cst, "Private"),
    "publicSubnets": lambda ev, cst: network.subnets_of(cst, "Public"),
    "isolatedSubnets": lambda ev, cst: network.subnets_of(cst, "Isolated"),
    "deploymentStage": lambda ev, cst: cst.state.get("stage"),
}

METHODS: dict[str, MethodFn] = {
    "addToRolePolicy": _add_to_role_policy, "addToPolicy": _add_to_role_policy, "addToPrincipalPolicy": _add_to_role_policy,
    "addEnvironment": _add_environment, "addEventSource": _add_event_source, "addAlias": _add_alias,
    "addLifecycleRule": _add_lifecycle_rule, "addToResourcePolicy": _add_to_resource_policy, "addEventNotification": _add_event_notification,
    "addGlobalSecondaryIndex": _add_gsi, "addLocalSecondaryIndex": _add_lsi,
    "addSubscription": _add_subscription,
    "addResource": _add_resource, "addMethod": _add_method, "resourceForPath": _resource_for_path,
    "addAlarmAction": _alarm_action("AlarmActions"), "addOkAction": _alarm_action("OKActions"), "addInsufficientDataAction": _alarm_action("InsufficientDataActions"),
    "addManagedPolicy": _add_managed_policy, "addStatements": _add_statements, "attachToRole": _attach_to_role,
    "addTarget": _add_target, "addRetry": _add_retry, "next": _next,
    "addIngressRule": network.add_ingress_rule, "addEgressRule": network.add_egress_rule, "allowFrom": network.allow_from,
    "addListener": network.add_listener, "addTargets": network.add_targets, "addFlowLog": network.add_flow_log,
    "addGatewayEndpoint": network.add_gateway_endpoint, "addInterfaceEndpoint": network.add_interface_endpoint,
    "applyRemovalPolicy": lambda ev, cst, args, props, line, frame: _apply_removal(cst, args, line),
    "addDependency": lambda ev, cst, args, props, line, frame: None,
    "addWidgets": lambda ev, cst, args, props, line, frame: None,
    **containers.METHODS,
}


def _apply_removal(construct: ConstructV, args: list[Any], line: int) -> None:
    main = construct.state.get("main")
    policy_value = args[0].value if args and isinstance(args[0], EnumV) else None
    if main is not None and isinstance(policy_value, str):
        main.attributes.update({"DeletionPolicy": policy_value, "UpdateReplacePolicy": policy_value, "_line_DeletionPolicy": line, "_line_UpdateReplacePolicy": line})
        main.defaults.pop("@DeletionPolicy", None)


__all__ = ["BUILDERS", "ATTRIBUTES", "METHODS"]
