"""Settings quoted in TypeScript or Python CDK code blocks of a report ("Original Code" /
"Fixed Code" snippets such as ``visibilityTimeout: Duration.seconds(300)`` or
``point_in_time_recovery=True``).

Each recognised construct prop becomes a claim of the shared concept (``sqs.visibility_timeout``,
``dynamodb.pitr``, ...) about the construct the snippet creates (``new sqs.Queue(this, 'Jobs', {``),
so the usual checks decide it against the side the block belongs to. Props are only read inside
a construct of the kind they belong to; anything not in the table is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from claims import scope
from claims.extract.snippets import declarative, in_non_claim_section, placed
from claims.markdown_reader import CodeBlock, Report
from claims.model import Claim, Subject
from claims.vocabulary import RETENTION_DAYS

CDK_INFOS = {"ts", "typescript", "js", "javascript", "tsx", "python", "py"}
MAX_CLAIMS_PER_BLOCK = 60


@dataclass(frozen=True)
class Prop:
    """A construct prop and the concept it sets."""

    concept: str
    kind: str  # "count" | "seconds" | "days" | "toggle" | "enum"
    constructs: tuple[str, ...]  # construct classes (last name part) it belongs to
    service: str


LAMBDAS = ("Function", "NodejsFunction", "PythonFunction", "DockerImageFunction")
QUEUES = ("Queue",)
TABLES = ("Table", "TableV2")
ALARMS = ("Alarm",)
DATABASES = ("DatabaseInstance", "DatabaseCluster")
PROPS: dict[str, Prop] = {
    "memorySize": Prop("lambda.memory", "count", LAMBDAS, "lambda"),
    "timeout": Prop("lambda.timeout", "seconds", LAMBDAS, "lambda"),
    "reservedConcurrentExecutions": Prop("lambda.reserved_concurrency", "count", LAMBDAS, "lambda"),
    "runtime": Prop("lambda.runtime", "enum", LAMBDAS, "lambda"),
    "architecture": Prop("lambda.architecture", "enum", LAMBDAS, "lambda"),
    "visibilityTimeout": Prop("sqs.visibility_timeout", "seconds", QUEUES, "sqs"),
    "retentionPeriod": Prop("sqs.retention", "seconds", QUEUES, "sqs"),
    "maxReceiveCount": Prop("sqs.max_receive_count", "count", QUEUES, "sqs"),
    "readCapacity": Prop("dynamodb.read_capacity", "count", TABLES, "dynamodb"),
    "writeCapacity": Prop("dynamodb.write_capacity", "count", TABLES, "dynamodb"),
    "billingMode": Prop("dynamodb.billing_mode", "enum", TABLES, "dynamodb"),
    "pointInTimeRecovery": Prop("dynamodb.pitr", "toggle", TABLES, "dynamodb"),
    "versioned": Prop("s3.versioning", "toggle", ("Bucket",), "s3"),
    "enableKeyRotation": Prop("kms.rotation", "toggle", ("Key",), "kms"),
    "evaluationPeriods": Prop("alarm.evaluation_periods", "count", ALARMS, "alarm"),
    "threshold": Prop("alarm.threshold", "count", ALARMS, "alarm"),
    "backupRetention": Prop("rds.backup_retention", "days", DATABASES, "rds"),
    "multiAz": Prop("rds.multi_az", "toggle", DATABASES, "rds"),
    "storageEncrypted": Prop("encryption", "toggle", DATABASES, "rds"),
    "deletionProtection": Prop("deletion_protection", "toggle", DATABASES, "rds"),
    "enforceSSL": Prop("s3.https_only", "toggle", ("Bucket",), "s3"),
    "blockPublicAccess": Prop("s3.public_access_block", "toggle", ("Bucket",), "s3"),
    "logRetention": Prop("logs.retention", "retention_days", LAMBDAS, "logs"),
    "retention": Prop("logs.retention", "retention_days", ("LogGroup",), "logs"),
    "natGateways": Prop("count.exists.nat_gateway", "count", ("Vpc",), "vpc"),
}
TOGGLE_MEMBERS = {"BLOCK_ALL": True}  # enum members that switch a toggle on (s3.BlockPublicAccess.BLOCK_ALL)
# Props that name their construct by themselves: read even in a block that quotes only the props.
SELF_PLACING = {"visibilityTimeout", "retentionPeriod", "maxReceiveCount", "readCapacity", "writeCapacity", "billingMode",
                "pointInTimeRecovery", "versioned", "enableKeyRotation", "evaluationPeriods", "backupRetention", "multiAz",
                "storageEncrypted", "memorySize", "reservedConcurrentExecutions", "enforceSSL", "blockPublicAccess", "logRetention"}
ENUM_VALUES = {
    "lambda.runtime": lambda member: re.sub(r"^(PYTHON|NODEJS|JAVA|RUBY|DOTNET)_?(\d+)_?(\d+|X)?$",
                                            lambda m: _runtime(m.group(1), m.group(2), m.group(3)), member),
    "lambda.architecture": lambda member: {"ARM_64": "arm64", "X86_64": "x86_64"}.get(member, member),
    "dynamodb.billing_mode": lambda member: member,
}
DURATION_SECONDS = {"millis": 0.001, "seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}

CONSTRUCT = re.compile(r"(?:\bnew\s+)?(?:[\w$]+\.)*([A-Z]\w*)\(\s*(?:this|self|scope)\s*,\s*['\"]([\w-]+)['\"]")
PROP = re.compile(r"(?<![\w$.])([a-z][\w]*)\s*(?::|=(?!=))\s*((?:[^,\n(){}]|\([^()\n]*\))+)")
DURATION = re.compile(r"Duration\.(millis|seconds|minutes|hours|days)\(\s*(\d+(?:\.\d+)?)\s*\)")
NUMBER = re.compile(r"^(\d+(?:\.\d+)?)$")
ENUM_MEMBER = re.compile(r"\b[A-Z]\w*\.([A-Z][A-Z0-9_]*)$")


def _runtime(family: str, major: str, minor: str | None) -> str:
    family = family.lower()
    if family == "nodejs":
        return f"nodejs{major}.x"
    return f"{family}{major}.{minor}" if minor and minor != "X" else f"{family}{major}"


_BY_LOWER = {name.lower(): (name, prop) for name, prop in PROPS.items()}


def prop_named(name: str) -> tuple[str, Prop] | None:
    """(table name, prop) for a TypeScript or Python prop name (``enforce_ssl`` is ``enforceSSL``)."""
    return _BY_LOWER.get(name.replace("_", "").lower())


def unit_of(prop: Prop) -> str | None:
    """The unit a prop's value is claimed in (seconds, days, MB for Lambda memory)."""
    return {"seconds": "s", "days": "days", "retention_days": "days"}.get(prop.kind, "MB" if prop.concept == "lambda.memory" else None)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def value_of(prop: Prop, text: str) -> object | None:
    """The value a prop's source text sets (``Duration.minutes(5)`` -> 300 s, ``RetentionDays.ONE_WEEK``
    -> 7 days, ``true`` / ``BLOCK_ALL`` -> on); None when it is not a literal this can read."""
    text = text.strip().rstrip(",").strip()
    if prop.kind == "toggle":
        member = ENUM_MEMBER.search(text)
        if member:
            return TOGGLE_MEMBERS.get(member.group(1))
        return {"true": True, "false": False}.get(text.lower())
    if prop.kind == "retention_days":
        member = ENUM_MEMBER.search(text)
        days = RETENTION_DAYS.get(member.group(1), 0) if member else 0
        return "never expires" if member and days is None else days or None
    if prop.kind in ("seconds", "days"):
        m = DURATION.search(text)
        if m:
            seconds = float(m.group(2)) * DURATION_SECONDS[m.group(1)]
            value = seconds if prop.kind == "seconds" else seconds / 86400
            return int(value) if value == int(value) else value
        m = NUMBER.match(text)
        return int(float(m.group(1))) if m and prop.kind == "days" else None
    if prop.kind == "count":
        m = NUMBER.match(text)
        if not m:
            m = re.match(r"^Size\.mebibytes\(\s*(\d+)\s*\)$", text)
        return (int(float(m.group(1))) if float(m.group(1)).is_integer() else float(m.group(1))) if m else None
    m = ENUM_MEMBER.search(text)
    return ENUM_VALUES[prop.concept](m.group(1)) if m and prop.concept in ENUM_VALUES else None


def extract(report: Report) -> Iterator[Claim]:
    for block in report.code_blocks:
        if block.info not in CDK_INFOS or not block.content.strip():
            continue
        if in_non_claim_section(block) or not declarative(block):
            continue
        decision = scope.decide_for_block(block.headings, block.label, block.lead_in)
        if decision.basis == "default":
            continue
        yield from _block_claims(report, block, decision)


def _block_claims(report: Report, block: CodeBlock, decision: scope.ScopeDecision) -> Iterator[Claim]:
    content = block.content
    constructs = [(m.start(), m.group(1), m.group(2)) for m in CONSTRUCT.finditer(content)]
    count = 0
    for m in PROP.finditer(content):
        named = prop_named(m.group(1))
        name, prop = named if named is not None else (_camel(m.group(1)), None)
        owner = next(((kind, cid) for start, kind, cid in reversed(constructs) if start < m.start()), None)
        if prop is not None and owner is None and not constructs and name in SELF_PLACING:
            owner = (prop.constructs[0], None)  # a block of bare props: the prop says what it belongs to
        if prop is None or owner is None or owner[0] not in prop.constructs:
            continue
        value = value_of(prop, m.group(2))
        if value is None or count >= MAX_CLAIMS_PER_BLOCK:
            continue
        count += 1
        index = content.count("\n", 0, m.start())
        raw_line = content.splitlines()[index]
        stripped = raw_line.strip().rstrip(",")
        quote, column = placed(report, block.first_line + index, raw_line, stripped)
        polarity = True
        expected = value
        if prop.kind == "toggle":
            polarity, expected = bool(value), True
        unit = unit_of(prop)
        yield Claim(report=report.path, line=block.first_line + index, text=stripped, quote=quote, concept=prop.concept,
                    expected=expected, unit=unit, polarity=polarity, scope=decision.scope, scope_basis=decision.basis,
                    subject=Subject(service=prop.service, name=owner[1]), column=column,
                    extra={"service_named": True, "cdk_prop": m.group(1)})
