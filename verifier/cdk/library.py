"""The CDK library as the static evaluator sees it: creating constructs, their attributes
(tokens) and their methods (grants, metrics, addResource, addIngressRule, ...).

Data lives in ``specs`` (props -> CFN paths), ``defaults``, ``grants`` and ``metrics``;
structure that needs code (companion roles, key schemas, subnets) lives in ``builders``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from verifier.cdk import builders, l1
from verifier.cdk.defaults import NOTE, PROPERTY_DEFAULTS, REMOVAL_DEFAULTS
from verifier.cdk.draft import Draft, get_att, main_id, ref
from verifier.cdk.grants import KEY_PROPS, spec_for
from verifier.cdk.metrics import DEFAULT_PERIOD_S, DEFAULT_STATISTIC, METRICS
from verifier.cdk.specs import SPECS, VIRTUAL
from verifier.cdk.values import ConstructV, EnumV, Made, Method, ObjV, Quantity, kind_of, props_of, unknown
from verifier.model import Unresolved

if TYPE_CHECKING:
    from verifier.cdk.evaluator import Evaluator, Frame

# construct attribute -> "Ref" or the GetAtt attribute of the main resource
ATTRIBUTE_TOKENS: dict[str, str] = {
    "tableName": "Ref", "tableArn": "Arn", "tableStreamArn": "StreamArn",
    "bucketName": "Ref", "bucketArn": "Arn", "bucketDomainName": "DomainName", "bucketRegionalDomainName": "RegionalDomainName", "bucketWebsiteUrl": "WebsiteURL",
    "functionName": "Ref", "functionArn": "Arn",
    "queueUrl": "Ref", "queueArn": "Arn", "queueName": "QueueName",
    "topicArn": "Ref", "topicName": "TopicName",
    "keyArn": "Arn", "keyId": "Ref", "aliasName": "Ref",
    "logGroupName": "Ref", "logGroupArn": "Arn",
    "roleArn": "Arn", "roleName": "Ref", "roleId": "RoleId",
    "restApiId": "Ref", "restApiRootResourceId": "RootResourceId", "restApiName": "Ref",
    "vpcId": "Ref", "vpcCidrBlock": "CidrBlock", "securityGroupId": "GroupId",
    "stateMachineArn": "Ref", "stateMachineName": "Name", "alarmArn": "Arn", "alarmName": "Ref",
    "dbInstanceEndpointAddress": "Endpoint.Address", "dbInstanceEndpointPort": "Endpoint.Port", "instanceIdentifier": "Ref",
    "clusterEndpoint": "Endpoint.Address", "clusterIdentifier": "Ref",
    "loadBalancerArn": "Ref", "loadBalancerDnsName": "DNSName", "ruleArn": "Arn", "ruleName": "Ref",
    "eventBusName": "Ref", "eventBusArn": "Arn", "secretArn": "Ref", "secretName": "Ref", "parameterName": "Ref",
    "streamArn": "Arn", "streamName": "Ref", "dashboardName": "Ref", "policyArn": "Ref", "policyName": "Ref",
    "resourceId": "Ref", "deploymentGroupName": "Ref", "applicationName": "Ref", "listenerArn": "Ref", "targetGroupArn": "Ref",
}

FUNCTIONS = {"lambda.Function", "lambda_nodejs.NodejsFunction", "lambda_python.PythonFunction", "lambda.SingletonFunction"}


def create(ev: Evaluator, kind: str, scope: ConstructV, construct_id: Any, props: ObjV, line: int, frame: Frame) -> ConstructV:
    """``new <kind>(scope, id, props)`` for a library construct."""
    cid = construct_id if isinstance(construct_id, str) else "Construct"
    construct = ConstructV(kind, cid, (*scope.path, cid), props, line, frame.module.file, stack=scope.stack)
    construct.state["active"] = frame.active
    if scope.stack is None:
        ev.warnings.append(f"{frame.module.file}:{line}: {kind} '{cid}' is not inside a stack; not read")
        return construct
    if kind == "core.CfnOutput":
        scope.stack.state["out"].outputs.append((cid, props.get("value"), line))
        return construct
    spec = SPECS.get(kind)
    if spec is not None and spec.cfn_type is not None:
        draft = new_draft(ev, construct, spec.cfn_type, spec.main_id, main=True)
        for key, value in props.items():
            rule = spec.props.get(key)
            if rule is not None and value is not None:
                draft.set(rule.path, rule.conv(value), props.line_of(key))
        apply_defaults(ev, draft, kind, props)
        apply_removal(draft, kind, props)
        if spec.builder is not None:
            builders.BUILDERS[spec.builder](ev, construct, draft, props, frame)
        return construct
    if l1.is_l1(kind):
        l1.build(ev, construct, props, frame)
        return construct
    if kind in VIRTUAL:
        builders.virtual_state(ev, construct, props, frame)
        return construct
    if kind not in ev.library_warned:
        ev.library_warned.add(kind)
        ev.warnings.append(f"{frame.module.file}:{line}: {kind} is not modelled by the static CDK reader; its resources are not read (use --synth)")
    return construct


def logical_id(path: tuple[str, ...]) -> str:
    """CDK's logical id without the hash: the path below the stack, minus Resource/Default, and
    minus a component the previous one ends with (``WebService/Service/Service`` -> ``WebService``)."""
    kept: list[str] = []
    for part in path[1:]:
        if part in ("Resource", "Default") or (kept and kept[-1].endswith(part)):
            continue
        kept.append(part)
    return "".join(kept) or (path[-1] if path else "Resource")


def new_draft(ev: Evaluator, construct: ConstructV, cfn_type: str, child: str | None = "Resource", main: bool = False, under: tuple[str, ...] | None = None, line: int | None = None, file: str | None = None) -> Draft:
    """A new resource of ``construct`` at ``construct.path + under + (child,)``."""
    assert construct.stack is not None
    out = construct.stack.state["out"]
    path = (*construct.path, *(under or ()), *((child,) if child else ()))
    draft = Draft(
        logical_id=out.unique_id(logical_id(path)),
        type=cfn_type,
        cdk_path="/".join(path),
        construct=construct.kind if construct.kind != "user" else (construct.user_class or "user"),
        file=file or construct.file,
        line=line or construct.line,
        active=construct.state.get("active", True),
    )
    out.drafts.append(draft)
    construct.resources.append(draft)
    if main:
        construct.state["main"] = draft
    return draft


def apply_defaults(ev: Evaluator, draft: Draft, kind: str, props: ObjV) -> None:
    for default in PROPERTY_DEFAULTS.get(kind, ()):
        if draft.has(default.path) or any(props.get(u) is not None for u in default.unless):
            continue
        if default.flag and not ev.context.get(default.flag):
            continue
        if default.not_flag and ev.context.get(default.not_flag):
            continue
        if not all(_plain(props.get(name)) in accepted for name, accepted in default.when.items()):
            continue
        draft.set(default.path, default.value, draft.line, NOTE.format(construct=kind))


def apply_removal(draft: Draft, kind: str, props: ObjV) -> None:
    policy = _plain(props.get("removalPolicy"))
    line = props.line_of("removalPolicy") if "removalPolicy" in props else draft.line
    if policy is None:
        policy = REMOVAL_DEFAULTS.get(kind)
        if policy is not None:
            draft.defaults["@DeletionPolicy"] = NOTE.format(construct=kind)
    if policy is not None:
        draft.attributes["DeletionPolicy"] = policy
        draft.attributes["UpdateReplacePolicy"] = policy
        draft.attributes["_line_DeletionPolicy"] = line
        draft.attributes["_line_UpdateReplacePolicy"] = line


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, EnumV) else value


# --- attributes ---------------------------------------------------------------------------------


def construct_attr(ev: Evaluator, construct: ConstructV, name: str, line: int) -> Any:
    if name in construct.fields:
        return construct.fields[name]
    if name == "node":
        return Made("core.Node", [construct])
    if construct.stack is construct and construct.kind != "user":
        from verifier.cdk.evaluator import PSEUDO

        if name in PSEUDO:
            return PSEUDO[name]
    if construct.kind == "core.App" and name == "node":
        return Made("core.Node", [construct])
    special = builders.ATTRIBUTES.get(name)
    if special is not None:
        found = special(ev, construct)
        if found is not None:
            return found
    if name in ATTRIBUTE_TOKENS and (construct.state.get("main") is not None or construct.kind in SPECS or l1.is_l1(construct.kind)):
        attribute = ATTRIBUTE_TOKENS[name]
        return ref(construct) if attribute == "Ref" else get_att(construct, attribute)
    if l1.is_l1(construct.kind) and name.startswith("attr"):
        return get_att(construct, name[4:])
    if l1.is_l1(construct.kind) and name == "ref":
        return ref(construct)
    return Method(construct, name)


# --- methods -------------------------------------------------------------------------------------


def call_method(ev: Evaluator, construct: ConstructV, name: str, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    grant = spec_for(construct.kind, name)
    if grant is not None:
        grantee = args[0] if args else props.get("grantee")
        resources = resource_arns(construct, grant.resources)
        statement = {"Action": list(grant.actions), "Effect": "Allow", "Resource": resources if len(resources) > 1 else resources[0]}
        add_to_principal_policy(ev, grantee, statement, line, frame)
        key = construct.props.get(KEY_PROPS.get(construct.kind, ""))
        if grant.key_actions and isinstance(key, ConstructV):
            add_to_principal_policy(ev, grantee, {"Action": list(grant.key_actions), "Effect": "Allow", "Resource": get_att(key, "Arn")}, line, frame)
        return Made("iam.Grant", [construct, name])
    if name == "grant" and args:
        actions = [a for a in args[1:] if isinstance(a, str)]
        if actions:
            add_to_principal_policy(ev, args[0], {"Action": actions, "Effect": "Allow", "Resource": resource_arns(construct, "arn")[0]}, line, frame)
        return Made("iam.Grant", [construct, name])
    metric = METRICS.get(construct.kind, {}).get(name)
    if metric is not None:
        options = _options(args, props, 0)
        dimensions = {metric.dimension: ref(construct) if metric.value_from == "Ref" else get_att(construct, metric.value_from)} if metric.dimension else {}
        return Made("metric", [], ObjV({"namespace": metric.namespace, "metricName": metric.name, "statistic": metric.statistic, "dimensionsMap": dimensions, **options}, getattr(options, "lines", {}), line), line)
    if name == "metric" and args and isinstance(args[0], str):
        options = _options(args, props, 1)
        return Made("metric", [], ObjV({"metricName": args[0], **options}, getattr(options, "lines", {}), line), line)
    handler = builders.METHODS.get(name)
    if handler is not None:
        return handler(ev, construct, args, props, line, frame)
    return unknown(f"{construct.kind}.{name}()")


def _options(args: list[Any], props: ObjV, index: int) -> ObjV:
    if len(args) > index and isinstance(args[index], ObjV):
        return args[index]
    return props


def resource_arns(construct: ConstructV, form: str) -> list[Any]:
    arn = get_att(construct, "Arn")
    if form == "ref":
        return [ref(construct)]
    if form == "*":
        return ["*"]
    if form == "arn+index":
        has_index = bool(construct.state.get("indexes"))
        return [arn, Unresolved("Join", f"${{{arn.text}}}/index/*")] if has_index else [arn]
    if form in ("arn+objects", "objects"):
        objects = Unresolved("Join", f"${{{arn.text}}}/*")
        return [arn, objects] if form == "arn+objects" else [objects]
    if form == "arn+versions":
        return [arn, Unresolved("Join", f"${{{arn.text}}}:*")]
    if form == "stream":
        return [get_att(construct, "StreamArn")]
    return [arn]


def role_of(grantee: Any) -> ConstructV | None:
    """The IAM role (or user/group) a grant to ``grantee`` lands on."""
    if not isinstance(grantee, ConstructV):
        return None
    if grantee.kind in ("iam.Role", "iam.User", "iam.Group"):
        return grantee
    role = grantee.state.get("role")
    return role if isinstance(role, ConstructV) else None


def add_to_principal_policy(ev: Evaluator, grantee: Any, statement: dict[str, Any], line: int, frame: Frame) -> None:
    role = role_of(grantee)
    if role is None or role.stack is None:
        return
    policy = default_policy(ev, role, line, frame)
    policy.append(("PolicyDocument", "Statement"), statement, line)


def default_policy(ev: Evaluator, role: ConstructV, line: int, frame: Frame) -> Draft:
    """The role's ``DefaultPolicy`` (AWS::IAM::Policy), created on first use as CDK does."""
    existing = role.state.get("default_policy")
    if existing is not None:
        return existing
    policy = new_draft(ev, role, "AWS::IAM::Policy", "Resource", under=("DefaultPolicy",), line=line, file=frame.module.file)
    policy.construct = "iam.Policy (default policy of " + role.id + ")"
    policy.set(("PolicyDocument", "Version"), "2012-10-17", line)
    policy.set(("PolicyName",), policy.logical_id, line)
    policy.set(("Roles",), [ref(role)], line)
    role.state["default_policy"] = policy
    owner = role.state.get("owner")
    if isinstance(owner, ConstructV) and owner.state.get("main") is not None:
        depends = owner.state["main"].attributes.setdefault("DependsOn", [])
        depends.insert(0, policy.logical_id)
    return policy


def call_made(ev: Evaluator, made: Any, name: str, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    """Methods of non-construct values: ``metric.createAlarm``, ``Tags.of(x).add``, ``node.tryGetContext``."""
    if isinstance(made, ObjV) and made.kind is not None:
        made = Made(made.kind, [], made, made.line)
    if not isinstance(made, Made):
        return unknown(f"{name}()")
    if made.kind in ("metric", "cloudwatch.Metric", "cloudwatch.MathExpression"):
        if name == "createAlarm" and len(args) >= 2 and isinstance(args[0], ConstructV):
            alarm_props = _options(args, props, 2)
            merged = ObjV(dict(alarm_props), dict(getattr(alarm_props, "lines", {})), getattr(alarm_props, "line", line))
            merged["metric"] = made
            merged.lines.setdefault("metric", made.line)
            return create(ev, "cloudwatch.Alarm", args[0], args[1], merged, line, frame)
        if name == "with":
            overrides = _options(args, props, 0)
            return Made(made.kind, made.args, ObjV({**made.props, **overrides}, {**made.props.lines, **getattr(overrides, "lines", {})}, made.line), made.line)
        return unknown(f"metric.{name}()")
    if made.kind == "core.Node":
        target = made.args[0] if made.args else None
        if name == "tryGetContext" and args and isinstance(args[0], str):
            return ev.context.get(args[0])
        if name == "getContext" and args and isinstance(args[0], str):
            return ev.context.get(args[0], unknown(f"context {args[0]}"))
        if name in ("addDependency", "addMetadata", "setContext", "addValidation"):
            return None
        if name == "defaultChild" and isinstance(target, ConstructV):
            return target
        return unknown(f"node.{name}")
    if made.kind == "core.Tags" and name == "add" and len(args) >= 2:
        scope = made.args[0] if made.args else None
        if isinstance(scope, ConstructV):
            ev.tags.append((scope.path, args[0], args[1], line))
        return None
    if made.kind.startswith("stepfunctions") or made.kind == "sfn.chain":
        return builders.chain_method(ev, made, name, args, props, line, frame)
    return unknown(f"{made.kind}.{name}()")


def alarm_metric(draft: Draft, metric: Any, line: int) -> None:
    """Namespace, MetricName, Dimensions, Period and Statistic of an alarm from its metric."""
    if kind_of(metric) not in ("metric", "cloudwatch.Metric"):
        if metric is not None:
            draft.set(("Metrics",), Unresolved("Unknown", "math expression"), line)
        return
    props = props_of(metric)
    mline = getattr(metric, "line", 0) or line
    for key, cfn in (("namespace", "Namespace"), ("metricName", "MetricName")):
        if props.get(key) is not None:
            draft.set((cfn,), props[key], props.line_of(key) if key in props.lines else mline)
    dimensions = props.get("dimensionsMap") or props.get("dimensions")
    if isinstance(dimensions, dict) and dimensions:
        draft.set(("Dimensions",), [{"Name": k, "Value": v} for k, v in dimensions.items()], props.line_of("dimensionsMap") if "dimensionsMap" in props.lines else mline)
    period = props.get("period")
    seconds = period.to("s") if isinstance(period, Quantity) else DEFAULT_PERIOD_S
    draft.set(("Period",), seconds, props.line_of("period") if "period" in props.lines else mline)
    statistic = _plain(props.get("statistic")) or DEFAULT_STATISTIC
    if isinstance(statistic, str):
        statistic = {"avg": "Average", "sum": "Sum", "max": "Maximum", "min": "Minimum", "n": "SampleCount", "samplecount": "SampleCount"}.get(statistic.lower(), statistic)
    if isinstance(statistic, str) and statistic.lower().startswith("p"):
        draft.set(("ExtendedStatistic",), statistic, mline)
    else:
        draft.set(("Statistic",), statistic, props.line_of("statistic") if "statistic" in props.lines else mline)


__all__ = ["create", "construct_attr", "call_method", "call_made", "new_draft", "main_id", "FUNCTIONS"]
