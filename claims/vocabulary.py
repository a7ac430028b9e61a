"""The concept vocabulary: how reports name services, settings and quantities.

Pure data. ``SERVICES`` maps a service key to the phrases that name it; ``VALUE_CONCEPTS`` are
quantities and enumerations ("256MB memory", "python3.11 runtime"); ``SETTING_CONCEPTS`` are
on/off features ("versioning enabled", "no PITR"); ``EXISTENCE_CONCEPTS`` are things that exist
or not ("a CloudWatch dashboard", "no DLQ"). Where each concept lives in a given IaC format is
the verifier's business (``verifier/bindings.py``); this file only knows the words.

Phrases are regular expressions matched case-insensitively on word boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# service key -> phrases naming it (most specific first)
SERVICES: dict[str, tuple[str, ...]] = {
    "lambda": (r"lambda functions?", r"lambdas?", r"functions?"),
    "dynamodb": (r"dynamo ?db tables?", r"dynamo ?db", r"tables?"),
    "s3": (r"s3 buckets?", r"s3", r"buckets?"),
    "sqs": (r"sqs queues?", r"sqs", r"dead[- ]letter queues?", r"dlqs?", r"queues?"),
    "sns": (r"sns topics?", r"sns", r"topics?"),
    "kms": (r"kms keys?", r"kms", r"cmks?", r"customer[- ]managed keys?"),
    "logs": (r"cloudwatch log groups?", r"log groups?", r"cloudwatch logs", r"logs? retention"),
    "alarm": (r"cloudwatch alarms?", r"alarms?"),
    "apigw": (r"api gateway", r"rest api", r"http api", r"apigateway", r"api stage", r"usage plan"),
    "rds": (r"rds", r"aurora", r"database instances?", r"db instances?", r"db clusters?", r"databases?"),
    "ec2": (r"ec2 instances?", r"ec2", r"instances?"),
    "asg": (r"auto ?scaling groups?", r"asgs?"),
    "eks": (r"eks clusters?", r"eks", r"node ?groups?"),
    "ecs": (r"ecs services?", r"ecs", r"fargate", r"task definitions?"),
    "sfn": (r"step functions?", r"state machines?"),
    "events": (r"eventbridge", r"event rules?", r"event bus"),
    "vpc": (r"vpcs?", r"subnets?"),
    "alb": (r"application load balancers?", r"load balancers?", r"albs?", r"nlbs?", r"listeners?", r"target groups?"),
    "cloudtrail": (r"cloudtrail", r"trails?"),
    "secrets": (r"secrets manager", r"secrets?"),
    "kinesis": (r"kinesis", r"streams?"),
    "elasticache": (r"elasticache", r"redis", r"memcached"),
    "efs": (r"efs", r"file systems?"),
}


@dataclass(frozen=True)
class ValueConcept:
    """A quantity or an enumeration read next to its keyword."""

    id: str  # "service.attribute"
    keywords: tuple[str, ...]  # phrases naming the attribute
    kind: str  # "memory" | "duration" | "count" | "threshold" (a number, maybe a percentage) | "enum" | "literal" | "cidr"
    unit: str | None = None  # canonical unit of the expected value
    services: tuple[str, ...] = ()  # services this attribute belongs to; the first is the default
    needs_service: bool = False  # keyword too generic to stand alone (e.g. "timeout")
    enum: str | None = None  # for kind == "enum": name of the table in ENUMS


# S3 storage classes as reports name them (transition claims are checked against that class's rule).
S3_STORAGE_CLASSES: dict[str, str] = {
    "DEEP_ARCHIVE": r"(?:glacier[ _]?)?deep[ _]?archive",
    "GLACIER_IR": r"glacier[ _]?(?:instant retrieval|ir)\b",
    "GLACIER": r"glacier(?:[ _]flexible retrieval)?(?![ _]?(?:deep|instant|ir\b))",
    "STANDARD_IA": r"(?:standard[ _-]?ia|standard[- ]infrequent access|infrequent access)",
    "ONEZONE_IA": r"one[ _-]?zone[ _-]?ia",
    "INTELLIGENT_TIERING": r"intelligent[ _-]?tiering",
}

VALUE_CONCEPTS: tuple[ValueConcept, ...] = (
    # ECS first: it needs its service named (here or in the headings), and takes the phrase from the Lambda default
    ValueConcept("ecs.memory", (r"memory(?: ?size| limit)?", r"memorylimitmib"), "memory", "MB", ("ecs",), needs_service=True),
    ValueConcept("lambda.memory", (r"memory(?: ?size)?", r"memorysize", r"ram"), "memory", "MB", ("lambda",)),
    ValueConcept("ecs.cpu", (r"(?:cpu|vcpu) units", r"task cpu"), "count", None, ("ecs",)),
    ValueConcept("name", (r"(?:bucket|table|queue|function|topic|role|key|log group|stack|cluster|secret|alias|rule|state machine)?\s?names?",), "literal", None, ("s3", "dynamodb", "sqs", "lambda", "sns", "kms", "logs", "events", "sfn", "secrets", "rds", "eks", "ecs"), needs_service=True),
    ValueConcept("lambda.timeout", (r"timeouts?",), "duration", "s", ("lambda",), needs_service=True),
    ValueConcept("sqs.visibility_timeout", (r"visibility ?timeouts?",), "duration", "s", ("sqs",)),
    ValueConcept("sqs.retention", (r"message retention(?: period)?", r"retention(?: period)?", r"(?:keeps?|kept|retains?|retained|holds?|held)\s+(?:\w+\s+)?messages?",
                                   r"messages?\s+(?:are\s+|were\s+)?(?:kept|retained|held)", r"(?:is |are |were |was )?(?:kept|retained)"), "duration", "s", ("sqs",), needs_service=True),
    ValueConcept("sqs.max_receive_count", (r"max ?receive ?count", r"maximum receives?", r"(?<=\d )receives", r"(?<=\d )failed receives", r"(?<=\d )(?:failed )?(?:receive|delivery) attempts"), "count", None, ("sqs",)),
    ValueConcept("logs.retention", (r"log retention", r"retention(?: period| policy| policies)?", r"retentionindays", r"retention in days",
                                    r"(?:keeps?|kept|retains?|retained)\s+(?:\w+\s+)?logs", r"(?:keeps?|retains?)\s+(?:them|these|those)(?=\s+for\b)",
                                    r"(?:is |are |were |was )?(?:kept|retained)"), "duration", "days", ("logs",), needs_service=True),
    ValueConcept("lambda.reserved_concurrency", (r"reserved concurren(?:cy|t executions)", r"reservedconcurrentexecutions"), "count", None, ("lambda",)),
    ValueConcept("lambda.provisioned_concurrency", (r"provisioned concurrency",), "count", None, ("lambda",)),
    ValueConcept("lambda.batch_size", (r"batch ?size",), "count", None, ("lambda", "sqs", "kinesis", "dynamodb")),
    ValueConcept("dynamodb.partition_key", (r"partition key", r"hash key"), "literal", None, ("dynamodb",)),
    ValueConcept("dynamodb.sort_key", (r"sort key", r"range key"), "literal", None, ("dynamodb",)),
    ValueConcept("lambda.runtime", (r"runtimes?",), "enum", None, ("lambda",), enum="runtime"),
    ValueConcept("lambda.architecture", (r"architectures?", r"arch"), "enum", None, ("lambda",), enum="architecture"),
    ValueConcept("dynamodb.billing_mode", (r"billing(?: ?mode)?", r"capacity mode"), "enum", None, ("dynamodb",), enum="billing_mode"),
    ValueConcept("dynamodb.read_capacity", (r"read capacity(?: units)?", r"rcus?", r"readcapacityunits"), "count", None, ("dynamodb",)),
    ValueConcept("dynamodb.write_capacity", (r"write capacity(?: units)?", r"wcus?", r"writecapacityunits"), "count", None, ("dynamodb",)),
    ValueConcept("dynamodb.stream_view_type", (r"stream view type", r"streamviewtype", r"streams?"), "enum", None, ("dynamodb",), enum="stream_view_type"),
    ValueConcept("apigw.throttling_rate", (r"(?:throttl\w* )?rate limit", r"throttling rate", r"requests per second", r"rps"), "count", None, ("apigw",)),
    ValueConcept("apigw.throttling_burst", (r"burst(?: limit)?",), "count", None, ("apigw",)),
    ValueConcept("apigw.endpoint_type", (r"endpoint(?: type)?",), "enum", None, ("apigw",), needs_service=True, enum="endpoint_type"),
    ValueConcept("kinesis.shard_count", (r"(?<=\d )shards?", r"shard count", r"shardcount"), "count", None, ("kinesis",)),
    ValueConcept("lambda.starting_position", (r"starting position", r"starts? (?:reading )?from", r"startingposition"), "enum", None, ("lambda", "kinesis", "dynamodb"), enum="starting_position"),
    ValueConcept("alarm.threshold", (r"thresholds?", r"(?:fires?|firing|triggers?|triggered|goes off|alarms?|alerts?)\s+(?:(?:on|when|if|once|whenever)\s+[\w%. -]{0,40}?\s+)?"
                                     r"(?:is\s+|goes\s+|rises\s+|stays\s+|are\s+)?(?:above|over|exceeds?|exceeding|greater than|reaches|at or above|>=?)"), "threshold", None, ("alarm",)),
    ValueConcept("alarm.evaluation_periods", (r"evaluation periods?", r"evaluationperiods"), "count", None, ("alarm",)),
    ValueConcept("alarm.period", (r"periods? of", r"(?<!retention )(?<!evaluation )periods?"), "duration", "s", ("alarm",), needs_service=True),
    ValueConcept("alb.ssl_policy", (r"(?:tls|ssl|security) polic(?:y|ies)", r"sslpolicy", r"ssl_policy"), "enum", None, ("alb",), enum="ssl_policy"),
    ValueConcept("alb.redirect_status", (r"redirects?", r"status code"), "enum", None, ("alb",), enum="redirect_status"),
    ValueConcept("alb.health_check_path", (r"health ?check(?: path)?(?: on| at)?",), "literal", None, ("alb",)),
    ValueConcept("alb.health_check_interval", (r"health ?check(?:s| interval)?\b[^.,;]{0,30}?\bevery", r"health ?check interval"), "duration", "s", ("alb",)),
    ValueConcept("rds.backup_retention", (r"backup retention(?: period)?", r"backups? (?:are |were |is )?(?:retained|kept) for"), "duration", "days", ("rds",)),
    ValueConcept("rds.engine", (r"engines?",), "enum", None, ("rds",), needs_service=True, enum="db_engine"),
    ValueConcept("rds.instance_class", (r"instance class", r"db instance class"), "enum", None, ("rds",), enum="instance_class"),
    ValueConcept("ec2.instance_type", (r"instance types?",), "enum", None, ("ec2", "eks", "asg"), enum="instance_type"),
    ValueConcept("kms.pending_window", (r"pending window", r"deletion window", r"pendingwindowindays"), "duration", "days", ("kms",)),
    *(ValueConcept(f"s3.transition_days.{cls.lower()}", (rf"(?:transition(?:s|ed)?|moved?|moves|archived?)\s+(?:\w+\s+){{0,2}}?to\s+(?:the\s+)?{words}", words),
                   "duration", "days", ("s3",)) for cls, words in S3_STORAGE_CLASSES.items()),
    ValueConcept("s3.transition_days", (r"transition(?:s|ed)?(?: to)?", r"moved? to"), "duration", "days", ("s3",)),
    ValueConcept("s3.expiration_days", (r"expir(?:e|es|ed|ation|y)(?: (?:them|it|objects|files|data))?", r"deleted? after", r"delete"), "duration", "days", ("s3",)),
    ValueConcept("sfn.retry_max_attempts", (r"retr(?:y|ies|ied) up to", r"max ?attempts", r"retries", r"retry attempts"), "count", None, ("sfn",)),
    ValueConcept("sfn.retry_interval", (r"interval ?seconds", r"retry interval"), "duration", "s", ("sfn",)),
    ValueConcept("sfn.retry_backoff_rate", (r"backoff ?rate",), "count", None, ("sfn",)),
    ValueConcept("asg.min_size", (r"min(?:imum)?(?: ?size| capacity)?",), "count", None, ("asg", "eks"), needs_service=True),
    ValueConcept("asg.max_size", (r"max(?:imum)?(?: ?size| capacity)?",), "count", None, ("asg", "eks"), needs_service=True),
    ValueConcept("asg.desired_capacity", (r"desired(?: ?size| capacity| count)?",), "count", None, ("asg", "eks", "ecs"), needs_service=True),
    ValueConcept("vpc.cidr", (r"cidr(?: ?blocks?| ranges?)?", r"address (?:space|range)", r"ip range", r"(?<=/\d\d )range", r"vpc(?=\s*\(?\s*[`'\"]?\d{1,3}\.\d)"), "cidr", None, ("vpc",), needs_service=True),
    ValueConcept("eks.version", (r"(?:kubernetes|eks|cluster) version", r"version"), "enum", None, ("eks",), needs_service=True, enum="k8s_version"),
)

# enumeration tables: canonical value -> phrases (regex) that name it
ENUMS: dict[str, dict[str, tuple[str, ...]]] = {
    "runtime": {
        **{f"python3.{minor}": (rf"python ?3\.{minor}\b",) for minor in range(6, 15)},
        **{f"nodejs{major}.x": (rf"node(?:\.?js)? ?{major}(?:\.x)?\b", rf"nodejs{major}\.x") for major in (12, 14, 16, 18, 20, 22, 24)},
        **{f"java{v}": (rf"java ?{v}\b",) for v in (8, 11, 17, 21)},
        "provided.al2": (r"provided\.al2\b",),
        "provided.al2023": (r"provided\.al2023\b",),
        "go1.x": (r"go1\.x",),
        **{f"ruby3.{m}": (rf"ruby ?3\.{m}\b",) for m in (2, 3, 4)},
        **{f"dotnet{v}": (rf"\.net ?{v}\b", rf"dotnet ?{v}\b") for v in (6, 8)},
    },
    "architecture": {"arm64": (r"arm64", r"graviton\d?", r"arm"), "x86_64": (r"x86[_-]64", r"x86")},
    "starting_position": {"TRIM_HORIZON": (r"trim[_ ]horizon",), "LATEST": (r"(?-i:LATEST)",), "AT_TIMESTAMP": (r"at[_ ]timestamp",)},
    "billing_mode": {"PAY_PER_REQUEST": (r"pay[_ ]per[_ ]request", r"on[- ]demand"), "PROVISIONED": (r"provisioned",)},
    "stream_view_type": {
        "NEW_AND_OLD_IMAGES": (r"new[_ ]and[_ ]old[_ ]images",),
        "NEW_IMAGE": (r"new[_ ]image(?!s)",),
        "OLD_IMAGE": (r"old[_ ]image(?!s)",),
        "KEYS_ONLY": (r"keys[_ ]only",),
    },
    "endpoint_type": {"REGIONAL": (r"regional",), "EDGE": (r"edge(?:[- ]optimized)?",), "PRIVATE": (r"private",)},
    "db_engine": {
        "aurora-postgresql": (r"aurora[- ]postgres(?:ql)?",),
        "aurora-mysql": (r"aurora[- ]mysql",),
        "postgres": (r"(?<!aurora )(?<!aurora-)postgres(?:ql)?",),
        "mysql": (r"(?<!aurora )(?<!aurora-)mysql",),
        "mariadb": (r"mariadb",),
    },
    "instance_class": {},  # filled by pattern: db.<family>.<size>
    "instance_type": {},  # filled by pattern: <family>.<size>
    "ssl_policy": {},  # filled by pattern: ELBSecurityPolicy-...
    "redirect_status": {"HTTP_301": (r"HTTP_301",), "HTTP_302": (r"HTTP_302",)},
    "k8s_version": {f"1.{m}": (rf"1\.{m}\b",) for m in range(20, 36)},
}

# CDK's logs.RetentionDays members -> days (INFINITE: never expires)
RETENTION_DAYS = {
    "ONE_DAY": 1, "THREE_DAYS": 3, "FIVE_DAYS": 5, "ONE_WEEK": 7, "TWO_WEEKS": 14, "ONE_MONTH": 30, "TWO_MONTHS": 60,
    "THREE_MONTHS": 90, "FOUR_MONTHS": 120, "FIVE_MONTHS": 150, "SIX_MONTHS": 180, "ONE_YEAR": 365, "THIRTEEN_MONTHS": 400,
    "EIGHTEEN_MONTHS": 545, "TWO_YEARS": 731, "THREE_YEARS": 1096, "FIVE_YEARS": 1827, "SIX_YEARS": 2192, "SEVEN_YEARS": 2557,
    "EIGHT_YEARS": 2922, "NINE_YEARS": 3288, "TEN_YEARS": 3653, "INFINITE": None,
}

# enumerations whose values follow a pattern rather than a closed list
ENUM_PATTERNS: dict[str, str] = {
    "instance_class": r"\bdb\.[a-z0-9]+\.[a-z0-9]+\b",
    "ssl_policy": r"\bELBSecurityPolicy-[A-Za-z0-9-]*[A-Za-z0-9]",
    "instance_type": r"\b(?<!db\.)[a-z][a-z0-9]{1,4}\.(?:nano|micro|small|medium|large|xlarge|\d+xlarge|metal)\b",
}


@dataclass(frozen=True)
class SettingConcept:
    """An on/off feature; the sentence's polarity says which state is claimed."""

    id: str
    keywords: tuple[str, ...]
    services: tuple[str, ...]  # first is the default when the text names no service
    needs_service: bool = False
    asserts: bool = False  # the phrase states the setting by itself ("runs inside the VPC"): on unless negated
    subject: str | None = None  # the service the sentence must speak of (the phrase itself names another)


SETTING_CONCEPTS: tuple[SettingConcept, ...] = (
    SettingConcept("s3.versioning", (r"versioning", r"object versioning", r"versioned", r"unversioned"), ("s3",)),
    SettingConcept("dynamodb.pitr", (r"point[- ]in[- ]time recovery", r"pitr"), ("dynamodb",)),
    SettingConcept("kms.rotation", (r"(?:automatic |annual |auto[- ])?key rotation", r"enablekeyrotation", r"enable_key_rotation", r"(?<=key )not rotated", r"(?<=keys )not rotated"), ("kms",)),
    # secrets rotate too: without "key", rotation is KMS's only when KMS is named
    SettingConcept("kms.rotation", (r"automatic rotation", r"rotation enabled"), ("kms",), needs_service=True),
    SettingConcept("lambda.tracing", (r"x-?ray(?: tracing)?", r"active tracing", r"tracing"), ("lambda", "apigw", "sfn")),
    SettingConcept("deletion_protection", (r"deletion protection", r"deletionprotection(?:enabled)?"), ("rds", "dynamodb", "alb")),
    SettingConcept("rds.multi_az", (r"multi[- ]az",), ("rds",), needs_service=True),
    SettingConcept("encryption", (r"encryption(?: at rest)?", r"encrypted(?: at rest)?", r"unencrypted", r"sse(?:-kms|-s3)?", r"server[- ]side encryption"), ("s3", "dynamodb", "sqs", "sns", "rds", "logs", "kinesis", "efs", "lambda"), needs_service=True),
    SettingConcept("lambda.inline_code", (r"inline code", r"zipfile"), ("lambda",)),
    SettingConcept("s3.public_access_block", (r"public access (?:is |was |are |were )?(?:not |now )?(?:fully |completely |entirely )?blocked", r"public access block (?:settings|flags) (?:are|were) (?:all )?(?:set to )?(?:true|enabled|on)", r"all four (?:public access )?(?:block )?(?:settings|flags) (?:are|were) (?:now )?(?:set to )?`?(?:true|enabled|on)`?", r"(?:block(?:ed|s)?|blocking) (?:all )?public access", r"public access block(?:ed|s|ing)?(?: configuration)?", r"publicaccessblockconfiguration"), ("s3",)),
    SettingConcept("dynamodb.streams", (r"dynamodb streams?", r"streams? enabled"), ("dynamodb",)),
    SettingConcept("s3.access_logging", (r"(?:server )?access logging", r"access logs"), ("s3", "alb")),
    SettingConcept("vpc.flow_logs", (r"(?:vpc )?flow logs?",), ("vpc",)),
    SettingConcept("https_only", (r"https[- ]only", r"tls enforcement", r"enforce[sd]? (?:https|tls|ssl)", r"securetransport", r"secure transport"), ("s3", "alb", "apigw")),
    SettingConcept("s3.intelligent_tiering", (r"intelligent[- ]tiering",), ("s3",)),
    SettingConcept("sqs.dlq", (r"dead[- ]letter queues?", r"dlqs?"), ("sqs", "lambda")),
    SettingConcept("eks.endpoint_private", (r"private(?:-only)? (?:api )?endpoint", r"endpoint private access"), ("eks",)),
    SettingConcept("eks.control_plane_logging", (r"control plane log(?:ging|s)",), ("eks",)),
    SettingConcept("alarm.actions", (r"alarm[ _]?actions?", r"notification actions?"), ("alarm",)),
    SettingConcept("lambda.vpc", (r"(?:(?<!be )runs?|ran|(?:is|are|was|were|now|been)(?: not| never)? (?:placed|deployed|attached|connected)) (?:inside|in|within|into|to) (?:the |a |our |its )?(?:private )?(?:vpc|private subnets)",
                                  r"vpc[- ]attached", r"vpc[- ]enabled (?:functions?|lambdas?)"), ("lambda", "vpc"), asserts=True, subject="lambda"),
    SettingConcept("https_only", (r"den(?:y|ies|ied|ying) (?:all )?(?:non-tls|non-https|non-ssl|insecure|plain[- ]http|unencrypted|http) (?:requests|traffic|transport|connections|access)",
                                  r"den(?:y|ies|ied|ying) (?:requests|traffic|access) (?:that (?:do|does) not use|without|not using|over plain) (?:tls|https|ssl|http)"),
                   ("s3", "sqs", "sns", "alb", "apigw"), asserts=True),
)

# Existence concepts: phrase -> (CloudFormation resource types, optional property filter)
# The filter is a tuple of (property path, accepted values) pairs that must all hold.


@dataclass(frozen=True)
class ExistenceConcept:
    id: str
    phrases: tuple[str, ...]
    resource_types: tuple[str, ...]
    filters: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = field(default_factory=tuple)
    incidental: bool = False  # so often mentioned in passing that only "creates/includes/has X" claims it


EXISTENCE_CONCEPTS: tuple[ExistenceConcept, ...] = (
    ExistenceConcept("exists.dashboard", (r"(?:cloudwatch )?dashboards?",), ("AWS::CloudWatch::Dashboard",)),
    ExistenceConcept("exists.alarm_lambda_errors", (r"alarms? (?:for|on) (?:lambda )?(?:function )?errors", r"lambda errors? alarms?", r"error alarms?"), ("AWS::CloudWatch::Alarm",), ((("MetricName",), ("Errors",)),)),
    ExistenceConcept("exists.alarm_throttles", (r"throttl\w* alarms?", r"alarms? (?:for|on) throttl\w*"), ("AWS::CloudWatch::Alarm",), ((("MetricName",), ("Throttles", "ThrottledRequests", "ReadThrottleEvents", "WriteThrottleEvents", "UserErrors")),)),
    ExistenceConcept("exists.alarm_dlq_depth", (r"dlq (?:depth )?(?:monitoring|alarms?)", r"alarms? (?:for|on) (?:the )?dlq"), ("AWS::CloudWatch::Alarm",), ((("MetricName",), ("ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible", "NumberOfMessagesSent", "ApproximateAgeOfOldestMessage")),)),
    ExistenceConcept("exists.alarm", (r"cloudwatch alarms?",), ("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"), incidental=True),
    ExistenceConcept("exists.sns_email_subscription", (r"(?:sns )?email subscriptions?", r"email notifications? (?:subscription|endpoint)"), ("AWS::SNS::Subscription", "AWS::SNS::Topic"), ((("Protocol",), ("email", "email-json")),)),
    ExistenceConcept("exists.nat_gateway", (r"nat gateways?",), ("AWS::EC2::NatGateway",)),
    ExistenceConcept("exists.internet_gateway", (r"internet gateways?",), ("AWS::EC2::InternetGateway",)),
    ExistenceConcept("exists.vpc_endpoint", (r"vpc endpoints?", r"gateway endpoints?", r"interface endpoints?"), ("AWS::EC2::VPCEndpoint",)),
    ExistenceConcept("exists.cloudtrail", (r"cloudtrail(?: trail)?",), ("AWS::CloudTrail::Trail",)),
    ExistenceConcept("exists.waf", (r"waf(?: ?v2)?(?: web ?acl)?", r"web acl"), ("AWS::WAFv2::WebACL", "AWS::WAF::WebACL", "AWS::WAFRegional::WebACL")),
    ExistenceConcept("exists.secret", (r"secrets manager secrets?",), ("AWS::SecretsManager::Secret",)),
    ExistenceConcept("exists.state_machine", (r"step functions? state machines?", r"state machines?"), ("AWS::StepFunctions::StateMachine",), incidental=True),
    ExistenceConcept("exists.oidc_provider", (r"oidc provider",), ("AWS::IAM::OIDCProvider",)),
    ExistenceConcept("exists.bastion", (r"bastion hosts?",), ("AWS::EC2::Instance",), ((("Tags", "*", "Value"), ("bastion",)),)),
    ExistenceConcept("exists.eks_addon", (r"eks add-?ons?", r"container insights add-?on"), ("AWS::EKS::Addon",)),
    ExistenceConcept("exists.config_rule", (r"aws config rules?", r"config rules?"), ("AWS::Config::ConfigRule",)),
    ExistenceConcept("exists.event_source_mapping", (r"event source mappings?", r"triggered by (?:an? )?(?:sqs|kinesis|dynamodb streams?)"), ("AWS::Lambda::EventSourceMapping",)),
    ExistenceConcept("exists.retain_policy", (r"retain polic(?:y|ies)", r"(?:deletion|removal)policy:? ?retain", r"(?:deletion|removal) polic(?:y|ies):? retain"), ("*",), ((("@DeletionPolicy",), ("Retain",)),)),
    ExistenceConcept("exists.gsi", (r"global secondary index(?:es)?", r"gsis?"), ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"), ((("GlobalSecondaryIndexes",), ("*",)),)),
    ExistenceConcept("exists.kms_key", (r"customer[- ]managed (?:kms )?keys?", r"kms keys?", r"cmks?"), ("AWS::KMS::Key",), incidental=True),
    ExistenceConcept("exists.vpc", (r"vpcs?",), ("AWS::EC2::VPC",), incidental=True),
    ExistenceConcept("exists.log_group", (r"log groups?",), ("AWS::Logs::LogGroup",), incidental=True),
    ExistenceConcept("exists.lambda", (r"lambda functions?",), ("AWS::Lambda::Function", "AWS::Serverless::Function"), incidental=True),
    ExistenceConcept("exists.sqs_queue", (r"sqs queues?",), ("AWS::SQS::Queue",), incidental=True),
    ExistenceConcept("exists.sns_topic", (r"sns topics?",), ("AWS::SNS::Topic",), incidental=True),
    ExistenceConcept("exists.dynamodb_table", (r"dynamo ?db tables?",), ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"), incidental=True),
    ExistenceConcept("exists.s3_bucket", (r"s3 buckets?",), ("AWS::S3::Bucket",), incidental=True),
    ExistenceConcept("exists.iam_role", (r"iam roles?",), ("AWS::IAM::Role",), incidental=True),
    ExistenceConcept("exists.security_group", (r"security groups?",), ("AWS::EC2::SecurityGroup",), incidental=True),
    ExistenceConcept("exists.subnet", (r"subnets?",), ("AWS::EC2::Subnet",), incidental=True),
    ExistenceConcept("exists.eks_cluster", (r"eks clusters?",), ("AWS::EKS::Cluster",), incidental=True),
    ExistenceConcept("exists.load_balancer", (r"(?:application |network )?load balancers?", r"albs?"), ("AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer"), incidental=True),
    ExistenceConcept("exists.rds", (r"rds instances?", r"db instances?", r"aurora clusters?"), ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster"), incidental=True),
    ExistenceConcept("exists.api", (r"api gateway(?: rest api)?", r"rest apis?"), ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api", "AWS::Serverless::Api"), incidental=True),
    ExistenceConcept("exists.event_rule", (r"eventbridge rules?", r"event rules?"), ("AWS::Events::Rule",), incidental=True),
)

# Properties of the whole template: "comprehensive tagging", "EnvironmentSuffix in all resource names"
TEMPLATE_PROPERTIES: dict[str, tuple[str, ...]] = {
    "template.all_tagged": (r"comprehensive tagging", r"consistent tagging", r"all resources (?:are )?tagged", r"tags? (?:on|applied to) all resources", r"tagging (?:on|across) all resources"),
    "template.names_use_suffix": (r"environmentsuffix (?:\w+ ){0,3}(?:in|throughout|across|for) (?:all|every) (?:\w+ )?(?:resources?|resource names|names)", r"all (?:resource )?names (?:\w+ ){0,3}environmentsuffix"),
}

# Word numbers used in counts ("two log groups")
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "single": 1, "both": 2,
}

# Countable things: phrase -> what the verifier counts ("resources" counts every resource)
COUNTABLES: dict[str, tuple[str, ...]] = {
    "resources": (r"(?:aws |cloudformation )?resources",),
    "outputs": (r"(?:stack )?outputs", r"`?cfnoutput`?s"),
    "parameters": (r"parameters",),
    "exists.lambda": (r"lambda functions", r"functions"),
    "exists.log_group": (r"log groups",),
    "exists.sqs_queue": (r"sqs queues", r"queues"),
    "exists.sns_topic": (r"sns topics", r"topics"),
    "exists.dynamodb_table": (r"dynamo ?db tables", r"tables"),
    "exists.s3_bucket": (r"s3 buckets", r"buckets"),
    "exists.iam_role": (r"iam roles", r"roles"),
    "exists.alarm": (r"cloudwatch alarms", r"alarms"),
    "exists.subnet": (r"subnets",),
    "exists.security_group": (r"security groups",),
    "exists.nat_gateway": (r"nat gateways",),
    "exists.kms_key": (r"kms keys",),
    "exists.vpc_endpoint": (r"vpc endpoints",),
    "exists.gsi": (r"global secondary indexes", r"gsis"),
}
