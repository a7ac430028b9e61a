"""Static library functions evaluated without running CDK: ``Duration.seconds(120)``,
``Size.gibibytes(1)``, ``Port.tcp(443)``, ``Peer.ipv4(cidr)``, ``Schedule.rate(...)``,
``InstanceType.of(...)``, RDS engines, ``Fn.join`` ... Each entry takes the evaluated positional
arguments and keyword props and returns a value; calls not listed here become ``Made`` values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from verifier.cdk.values import EnumV, Made, ObjV, Quantity
from verifier.model import Unresolved

Factory = Callable[[list[Any], ObjV, int], Any]


def _number(value: Any) -> float | Unresolved:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value if isinstance(value, Unresolved) else Unresolved("Unknown", repr(value))
    return value


def _scaled(unit: str, factor: float) -> Factory:
    def make(args: list[Any], props: ObjV, line: int) -> Quantity:
        amount = _number(args[0] if args else props.get("amount"))
        return Quantity(unit, amount * factor if not isinstance(amount, Unresolved) else amount)

    return make


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, EnumV) else value


def _port(protocol: str) -> Factory:
    def make(args: list[Any], props: ObjV, line: int) -> Any:
        start = _plain(args[0]) if args else None
        end = _plain(args[1]) if len(args) > 1 else start
        return {"IpProtocol": protocol, "FromPort": start, "ToPort": end}

    return make


def _peer(key: str) -> Factory:
    def make(args: list[Any], props: ObjV, line: int) -> Any:
        return {key: args[0] if args else Unresolved("Unknown", "peer")}

    return make


def _rate(args: list[Any], props: ObjV, line: int) -> Any:
    duration = args[0] if args else None
    if not isinstance(duration, Quantity) or isinstance(duration.amount, Unresolved):
        return Unresolved("Unknown", "Schedule.rate(...)")
    seconds = duration.to("s")
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if isinstance(seconds, (int, float)) and seconds % size == 0:
            count = int(seconds // size)
            return f"rate({count} {unit}{'s' if count != 1 else ''})"
    return Unresolved("Unknown", "Schedule.rate(...)")


def _cron(args: list[Any], props: ObjV, line: int) -> Any:
    options = args[0] if args and isinstance(args[0], dict) else props
    fields = {k: options.get(k) for k in ("minute", "hour", "day", "month", "year", "weekDay")}
    if any(isinstance(v, Unresolved) for v in fields.values()):
        return Unresolved("Unknown", "Schedule.cron(...)")
    day = fields["day"] if fields["day"] is not None else ("?" if fields["weekDay"] is not None else "*")
    week_day = fields["weekDay"] if fields["weekDay"] is not None else "?"
    parts = [fields["minute"] or "*", fields["hour"] or "*", day, fields["month"] or "*", week_day, fields["year"] or "*"]
    return "cron(" + " ".join(str(p) for p in parts) + ")"


def _expression(args: list[Any], props: ObjV, line: int) -> Any:
    return args[0] if args else Unresolved("Unknown", "Schedule.expression(...)")


def _instance_type(args: list[Any], props: ObjV, line: int) -> Any:
    if len(args) < 2:
        return Unresolved("Unknown", "InstanceType.of(...)")
    family, size = _plain(args[0]), _plain(args[1])
    if isinstance(family, str) and isinstance(size, str):
        return f"{family}.{size}"
    return Unresolved("Unknown", "InstanceType.of(...)")


def _engine(name: str) -> Factory:
    def make(args: list[Any], props: ObjV, line: int) -> Any:
        options = args[0] if args and isinstance(args[0], dict) else props
        version = options.get("version") if isinstance(options, dict) else None
        return {"engine": name, "version": _plain(version) if version is not None else None}

    return make


def _managed_policy(args: list[Any], props: ObjV, line: int) -> Any:
    name = args[0] if args else None
    if isinstance(name, str):
        return f"arn:aws:iam::aws:policy/{name}"
    return Unresolved("Unknown", "ManagedPolicy.fromAwsManagedPolicyName(...)")


def _join(args: list[Any], props: ObjV, line: int) -> Any:
    if len(args) < 2 or not isinstance(args[0], str) or not isinstance(args[1], list):
        return Unresolved("Unknown", "Fn.join(...)")
    from verifier.cdk.evaluator import concat  # local: evaluator imports this module

    parts: list[Any] = []
    for index, item in enumerate(args[1]):
        if index:
            parts.append(args[0])
        parts.append(item)
    return concat(parts)


def _passthrough(args: list[Any], props: ObjV, line: int) -> Any:
    return args[0] if args else None


def _made(kind: str) -> Factory:
    def make(args: list[Any], props: ObjV, line: int) -> Made:
        return Made(kind, args, props, line)

    return make


FACTORIES: dict[str, Factory] = {
    **{f"core.Duration.{name}": _scaled("s", factor) for name, factor in (("millis", 0.001), ("seconds", 1), ("minutes", 60), ("hours", 3600), ("days", 86400))},
    **{f"core.Size.{name}": _scaled("MiB", factor) for name, factor in (("kibibytes", 1 / 1024), ("mebibytes", 1), ("gibibytes", 1024), ("tebibytes", 1024 * 1024))},
    "ec2.Port.tcp": _port("tcp"), "ec2.Port.tcpRange": _port("tcp"), "ec2.Port.udp": _port("udp"), "ec2.Port.udpRange": _port("udp"),
    "ec2.Port.allTcp": lambda a, p, ln: {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535},
    "ec2.Port.allTraffic": lambda a, p, ln: {"IpProtocol": "-1"},
    "ec2.Peer.ipv4": _peer("CidrIp"), "ec2.Peer.ipv6": _peer("CidrIpv6"),
    "ec2.Peer.anyIpv4": lambda a, p, ln: {"CidrIp": "0.0.0.0/0"}, "ec2.Peer.anyIpv6": lambda a, p, ln: {"CidrIpv6": "::/0"},
    "ec2.Peer.securityGroupId": _peer("SourceSecurityGroupId"), "ec2.Peer.prefixList": _peer("SourcePrefixListId"),
    "ec2.InstanceType.of": _instance_type, "ec2.InstanceType": _passthrough,
    "ec2.IpAddresses.cidr": _passthrough,
    "events.Schedule.rate": _rate, "events.Schedule.cron": _cron, "events.Schedule.expression": _expression,
    "appscaling.Schedule.rate": _rate, "appscaling.Schedule.cron": _cron,
    "rds.DatabaseInstanceEngine.postgres": _engine("postgres"), "rds.DatabaseInstanceEngine.mysql": _engine("mysql"),
    "rds.DatabaseInstanceEngine.mariadb": _engine("mariadb"),
    "rds.DatabaseClusterEngine.auroraPostgres": _engine("aurora-postgresql"), "rds.DatabaseClusterEngine.auroraMysql": _engine("aurora-mysql"),
    "rds.DatabaseClusterEngine.aurora": _engine("aurora"),
    "iam.ManagedPolicy.fromAwsManagedPolicyName": _managed_policy,
    "core.Fn.join": _join,
    "core.Tags.of": _made("core.Tags"),
    "lambda.Code.fromInline": _made("lambda.Code.fromInline"), "lambda.Code.fromAsset": _made("lambda.Code.fromAsset"),
    "lambda.InlineCode": _made("lambda.Code.fromInline"), "lambda.AssetCode": _made("lambda.Code.fromAsset"),
}
