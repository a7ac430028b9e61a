"""Converters from CDK prop values to CloudFormation values, used by the prop tables in ``specs``.

Each converter takes the evaluated prop value and returns the CFN value (``None`` leaves the
property out). Tokens of other constructs become ``Unresolved`` Ref/GetAtt values.
"""

from __future__ import annotations

from typing import Any

from verifier.cdk.draft import get_att, ref, to_cfn
from verifier.cdk.values import ArrV, ConstructV, EnumV, Made, ObjV, Quantity, kind_of, props_of
from verifier.model import Unresolved


def plain(value: Any) -> Any:
    return value.value if isinstance(value, EnumV) else value


def seconds(value: Any) -> Any:
    value = plain(value)
    return value.to("s") if isinstance(value, Quantity) else value


def minutes(value: Any) -> Any:
    value = plain(value)
    return value.to("min") if isinstance(value, Quantity) else value


def days(value: Any) -> Any:
    value = plain(value)
    return value.to("d") if isinstance(value, Quantity) else value


def mebibytes(value: Any) -> Any:
    value = plain(value)
    return value.to("MiB") if isinstance(value, Quantity) else value


def listed(value: Any) -> Any:
    value = plain(value)
    if value is None:
        return None
    return value if isinstance(value, list) else [value]


def enabled(value: Any) -> Any:
    """``versioned: true`` -> ``"Enabled"``."""
    value = plain(value)
    if isinstance(value, Unresolved):
        return value
    return "Enabled" if value else None


def state(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, Unresolved) or value is None:
        return value
    return "ENABLED" if value else "DISABLED"


def text(value: Any) -> Any:
    value = plain(value)
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def arn(value: Any) -> Any:
    """A construct (key, queue, function, role, ...) as its ARN token."""
    if isinstance(value, ConstructV):
        return arn_of(value)
    return plain(value)


ARN_BY_REF = {"sns.Topic", "stepfunctions.StateMachine", "core.CfnParameter", "sns.CfnTopic"}
ARN_ATTRIBUTE = {"ec2.SecurityGroup": "GroupId"}


def arn_of(construct: ConstructV) -> Unresolved:
    if construct.kind in ARN_BY_REF:
        return ref(construct)
    return get_att(construct, ARN_ATTRIBUTE.get(construct.kind, "Arn"))


def reference(value: Any) -> Any:
    if isinstance(value, ConstructV):
        return ref(value)
    return plain(value)


def instance_class(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, str):
        return value if value.startswith("db.") else f"db.{value}"
    return value


def principal(value: Any) -> Any:
    """``new iam.ServicePrincipal('lambda.amazonaws.com')`` -> ``{"Service": ...}``."""
    kinds = {
        "iam.ServicePrincipal": "Service", "iam.AccountPrincipal": "AWS", "iam.ArnPrincipal": "AWS",
        "iam.FederatedPrincipal": "Federated", "iam.AnyPrincipal": "AWS", "iam.AccountRootPrincipal": "AWS",
    }
    if isinstance(value, Made) and value.kind in kinds:
        key = kinds[value.kind]
        if value.kind == "iam.AnyPrincipal":
            return {"AWS": "*"}
        if value.kind == "iam.AccountRootPrincipal":
            return {"AWS": Unresolved("Join", "arn:aws:iam::${!Ref AWS::AccountId}:root")}
        target = value.args[0] if value.args else None
        if value.kind == "iam.AccountPrincipal" and target is not None:
            return {key: _account_root(target)}
        return {key: to_cfn(target)}
    if isinstance(value, Made) and value.kind == "iam.CompositePrincipal":
        merged: dict[str, list[Any]] = {}
        for item in value.args:
            for key, one in (principal(item) or {}).items():
                merged.setdefault(key, []).append(one)
        return {k: v[0] if len(v) == 1 else v for k, v in merged.items()}
    if isinstance(value, ConstructV):
        return {"AWS": arn_of(value)}
    return None


def _account_root(account: Any) -> Any:
    if isinstance(account, str):
        return f"arn:aws:iam::{account}:root"
    return Unresolved("Join", f"arn:aws:iam::${{{to_cfn(account)}}}:root")


def statement(value: Any) -> dict[str, Any] | None:
    """An ``iam.PolicyStatement`` as a CFN statement (single items unwrapped, as CDK writes them)."""
    if kind_of(value) in ("iam.PolicyStatement", "iam.PolicyStatement.fromJson"):
        props = props_of(value)
        out: dict[str, Any] = {}
        actions = plain(props.get("actions"))
        if actions is not None:
            out["Action"] = _single(to_cfn(actions))
        not_actions = plain(props.get("notActions"))
        if not_actions is not None:
            out["NotAction"] = _single(to_cfn(not_actions))
        effect = plain(props.get("effect"))
        out["Effect"] = effect if effect is not None else "Allow"
        resources = props.get("resources")
        if resources is not None:
            out["Resource"] = _single([arn(r) if isinstance(r, ConstructV) else to_cfn(r) for r in resources] if isinstance(resources, list) else to_cfn(resources))
        conditions = props.get("conditions")
        if conditions is not None:
            out["Condition"] = to_cfn(conditions)
        principals = props.get("principals")
        if isinstance(principals, list) and principals:
            merged: dict[str, Any] = {}
            for item in principals:
                merged.update(principal(item) or {})
            out["Principal"] = merged
        if props.get("sid") is not None:
            out["Sid"] = to_cfn(props.get("sid"))
        return out
    if isinstance(value, dict) and kind_of(value) is None:
        return to_cfn(value)
    return None


def _single(value: Any) -> Any:
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def statement_lines(value: Any) -> ObjV | None:
    """The PolicyStatement's props with CFN key names, so lines point at each prop."""
    if not isinstance(value, Made):
        return None
    names = {"actions": "Action", "resources": "Resource", "effect": "Effect", "conditions": "Condition", "principals": "Principal"}
    out = ObjV(line=value.line)
    for key, name in names.items():
        if key in value.props:
            out.lines[name] = value.props.line_of(key)
    return out


def lifecycle_rules(value: Any) -> Any:
    """``lifecycleRules: [{ transitions: [...], expiration: Duration.days(365) }]`` -> CFN ``Rules``."""
    if not isinstance(value, list):
        return None
    rules = ArrV(line=getattr(value, "line", 0))
    for index, rule in enumerate(value):
        if not isinstance(rule, dict):
            continue
        lines = rule.lines if isinstance(rule, ObjV) else {}
        out = ObjV(line=getattr(rule, "line", 0))

        def put(cfn: str, source: str, conv: Any, into: ObjV = out, rule: Any = rule, lines: Any = lines) -> None:
            if rule.get(source) is not None:
                into[cfn] = conv(rule[source])
                into.lines[cfn] = lines.get(source, rule.line if isinstance(rule, ObjV) else 0)

        put("Id", "id", plain)
        put("Prefix", "prefix", plain)
        put("ExpirationInDays", "expiration", days)
        put("NoncurrentVersionExpiration", "noncurrentVersionExpiration", lambda v: {"NoncurrentDays": days(v)})
        put("AbortIncompleteMultipartUpload", "abortIncompleteMultipartUploadAfter", lambda v: {"DaysAfterInitiation": days(v)})
        put("ExpiredObjectDeleteMarker", "expiredObjectDeleteMarker", plain)
        for source, cfn, day_key in (("transitions", "Transitions", "TransitionInDays"), ("noncurrentVersionTransitions", "NoncurrentVersionTransitions", "TransitionInDays")):
            items = rule.get(source)
            if isinstance(items, list):
                converted = ArrV(line=lines.get(source, 0))
                for item in items:
                    if isinstance(item, dict):
                        entry = ObjV(line=getattr(item, "line", 0))
                        entry["StorageClass"] = plain(item.get("storageClass"))
                        after = item.get("transitionAfter", item.get("noncurrentVersionTransition"))
                        entry[day_key] = days(after) if after is not None else None
                        if isinstance(item, ObjV):
                            entry.lines.update({"StorageClass": item.line_of("storageClass"), day_key: item.line_of("transitionAfter")})
                        converted.append(entry)
                        converted.lines.append(getattr(item, "line", 0))
                out[cfn] = converted
                out.lines[cfn] = lines.get(source, 0)
        enabled_value = plain(rule.get("enabled"))
        out["Status"] = "Disabled" if enabled_value is False else "Enabled"
        rules.append(out)
        rules.lines.append(value.line_of(index) if isinstance(value, ArrV) else 0)
    return rules


def key_schema(partition: Any, sort: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(KeySchema, AttributeDefinitions) from ``{name, type}`` attributes."""
    schema, definitions = [], []
    for attribute, key_type in ((partition, "HASH"), (sort, "RANGE")):
        if isinstance(attribute, dict):
            schema.append({"AttributeName": plain(attribute.get("name")), "KeyType": key_type})
            definitions.append({"AttributeName": plain(attribute.get("name")), "AttributeType": plain(attribute.get("type"))})
    return schema, definitions
