"""Loading Terraform: HCL reading with lines, static evaluation, count/for_each, modules, the
projection onto CloudFormation types and paths, split resources, policy documents, unknowns."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from verifier.bindings import ENCRYPTION_KMS, TOGGLES, VALUE_SITES
from verifier.checks.iam import grants
from verifier.model import ArtifactSet, Resource, Template, Unresolved
from verifier.paths import values_at
from verifier.terraform import (
    load_terraform,
    region_of,
    templates_in_hcl_blocks,
    templates_in_hcl_text,
    terraform_files,
)
from verifier.terraform.evaluate import Budget, Evaluator
from verifier.terraform.hcl_reader import HclSyntaxError, parse_expression, parse_hcl

FIXTURES = Path(__file__).parent / "fixtures" / "terraform"
BASIC = FIXTURES / "basic"
MODULES = FIXTURES / "modules"
SAMPLES = Path(__file__).resolve().parent.parent / "sample_stacks"


def _line_number(path: Path, needle: str, start: int = 1) -> int:
    """1-based number of the first line at or after ``start`` containing ``needle``."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def _load(root: Path, var_files: tuple[Path, ...] = ()) -> tuple[Template, list[str]]:
    warnings: list[str] = []
    templates = load_terraform(root, terraform_files(root), warnings, var_files)
    assert len(templates) == 1, [t.file for t in templates]
    return templates[0], warnings


@pytest.fixture(scope="module")
def basic() -> Template:
    template, warnings = _load(BASIC)
    assert warnings == []
    return template


@pytest.fixture(scope="module")
def modules() -> Template:
    template, warnings = _load(MODULES)
    assert warnings == []
    return template


def _value(resource: Resource, *path):
    present, value = resource.get(tuple(path))
    assert present, f"{resource.logical_id} has no {path}: {resource.properties}"
    return value


def _evaluate(text: str):
    def root(name: str):
        raise KeyError(name)

    return Evaluator(root, Budget()).evaluate(parse_expression(text, 1))


# -- reading HCL


def test_parser_gives_exact_lines_of_blocks_attributes_and_nested_blocks():
    body = parse_hcl('# header\nresource "aws_sqs_queue" "q" {\n  name = "q"\n\n  tags = {\n    Team = "x"\n  }\n  nested {\n    a = 1\n  }\n}\n')
    block = body.blocks[0]
    assert (block.type, block.labels, block.line) == ("resource", ["aws_sqs_queue", "q"], 2)
    assert block.body.attributes["name"].line == 3
    assert block.body.attributes["tags"].line == 5
    assert block.body.blocks[0].line == 8
    assert block.body.blocks[0].body.attributes["a"].line == 9


def test_line_offset_shifts_every_line():
    body = parse_hcl('resource "a" "b" {\n  x = 1\n}\n', line_offset=40)
    assert body.blocks[0].line == 41
    assert body.blocks[0].body.attributes["x"].line == 42


def test_syntax_error_reports_its_line():
    with pytest.raises(HclSyntaxError) as caught:
        parse_hcl('resource "a" "b" {\n  x = 1\n  y = = 2\n}\n')
    assert caught.value.line == 3


@pytest.mark.parametrize(("text", "expected"), [
    ('"${"a"}-${1 + 2}"', "a-3"),
    ("format(\"%s-%03d\", \"x\", 7)", "x-007"),
    ('join(",", concat(["a"], ["b", "c"]))', "a,b,c"),
    ('length({ a = 1, b = 2 })', 2),
    ('lookup({ a = 1 }, "b", 9)', 9),
    ('merge({ a = 1, b = 2 }, { b = 3 })', {"a": 1, "b": 3}),
    ('cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"),
    ('[for s in ["a", "bb", "ccc"] : upper(s) if length(s) > 1]', ["BB", "CCC"]),
    ('{ for k, v in { a = 1, b = 2 } : v => k }', {"1": "a", "2": "b"}),
    ('toset(["b", "a", "b"])', ["a", "b"]),
    ('true && false ? "yes" : "no"', "no"),
    ('try(tonumber("x"), 5)', 5),
    ('can(tonumber("x"))', False),
    ('[{ id = 1 }, { id = 2 }][*].id', [1, 2]),
    ('jsonencode({ a = [1, true] })', '{"a":[1,true]}'),
    ('"$${literal}"', "${literal}"),
    ('element(["a", "b", "c"], 4)', "b"),
])
def test_expressions_evaluate_statically(text, expected):
    assert _evaluate(text) == expected


def test_heredoc_with_interpolation_and_indent_strip():
    body = parse_hcl('x = <<-EOT\n    line ${1 + 1}\n      indented\n    EOT\n')
    value = Evaluator(lambda n: None, Budget()).evaluate(body.attributes["x"].expr)
    assert value == "line 2\n  indented\n"


# -- evaluation inside a configuration


def test_locals_chain_declared_in_reverse_order(basic):
    bucket = basic.resources["aws_s3_bucket.assets"]
    assert _value(bucket, "BucketName") == "shop-p-assets"  # bucket_name <- name_prefix <- env_short <- env_codes
    assert basic.outputs["name_prefix"].value == "shop-p"


def test_tfvars_override_defaults_with_type_conversion(basic):
    function = basic.resources["aws_lambda_function.api"]
    assert _value(function, "MemorySize") == 512  # "512" in terraform.tfvars, variable type number
    assert _value(function, "Timeout") == 30  # local.is_prod from environment = "prod" in tfvars
    assert _value(basic.resources["aws_kms_key.main"], "PendingWindowInDays") == 30
    assert _value(basic.resources["aws_dynamodb_table.orders"], "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled") is True


def test_extra_var_file_wins_over_tfvars(tmp_path):
    var_file = tmp_path / "dev.tfvars"
    var_file.write_text('environment = "dev"\nlambda_memory = 1024\n')
    template, _ = _load(BASIC, (var_file,))
    assert _value(template.resources["aws_lambda_function.api"], "MemorySize") == 1024
    assert _value(template.resources["aws_dynamodb_table.orders"], "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled") is False
    assert template.resources["aws_wafv2_web_acl.main[0]"].active is True


def test_merge_of_locals_into_tags(basic):
    tags = _value(basic.resources["aws_subnet.private[2]"], "Tags")
    assert {"Key": "Environment", "Value": "prod"} in tags
    assert {"Key": "Name", "Value": "shop-p-private-2"} in tags  # count.index substituted


def test_count_makes_one_resource_per_index(basic):
    subnets = [r for r in basic.resources.values() if r.type == "AWS::EC2::Subnet"]
    assert [r.logical_id for r in subnets] == ["aws_subnet.private[0]", "aws_subnet.private[1]", "aws_subnet.private[2]"]
    assert [_value(r, "AvailabilityZone") for r in subnets] == ["eu-central-1a", "eu-central-1b", "eu-central-1c"]
    line = _line_number(BASIC / "main.tf", 'resource "aws_subnet" "private"')
    assert all(r.line == line and r.file == "main.tf" for r in subnets)


def test_for_each_over_a_map(basic):
    orders = basic.resources['aws_sqs_queue.work["orders"]']
    payments = basic.resources['aws_sqs_queue.work["payments"]']
    assert (_value(orders, "QueueName"), _value(orders, "VisibilityTimeout")) == ("shop-p-orders", 60)
    assert (_value(payments, "QueueName"), _value(payments, "VisibilityTimeout")) == ("shop-p-payments", 120)
    assert _value(orders, "RedrivePolicy", "maxReceiveCount") == 5
    assert _value(orders, "RedrivePolicy", "deadLetterTargetArn") == Unresolved("Ref", "aws_sqs_queue.dlq.arn")


def test_count_zero_is_inactive_and_unknown_count_is_undecided(basic):
    waf = basic.resources["aws_wafv2_web_acl.main"]
    assert waf.active is False  # count = local.is_prod ? 0 : 1 with environment = "prod"
    subscription = basic.resources["aws_sns_topic_subscription.email"]
    assert subscription.active is None  # count depends on var.alarm_email, which has no value
    assert _value(subscription, "Endpoint") == Unresolved("Ref", "var.alarm_email")


def test_unknowns_stay_unresolved_never_strings(basic):
    function = basic.resources["aws_lambda_function.api"]
    assert _value(function, "Role") == Unresolved("Ref", "aws_iam_role.api.arn")
    assert _value(function, "Environment", "Variables", "TABLE") == Unresolved("Ref", "aws_dynamodb_table.orders.name")
    assert _value(function, "Environment", "Variables", "REGION") == "eu-central-1"
    log_group = basic.resources["aws_cloudwatch_log_group.api"]
    assert _value(log_group, "LogGroupName") == Unresolved("Sub", "/aws/lambda/${aws_lambda_function.api.function_name}")
    cidr = _value(basic.resources["aws_subnet.private[0]"], "CidrBlock")
    assert isinstance(cidr, Unresolved) and cidr.kind == "Fn"
    for resource in basic.resources.values():
        for leaf in resource.leaves():
            assert not (isinstance(leaf.value, str) and leaf.value.startswith(("aws_", "var.", "local.", "data."))), leaf


def test_conditional_on_unknown_keeps_both_options(tmp_path):
    (tmp_path / "main.tf").write_text(
        'variable "big" { type = bool }\n'
        'resource "aws_lambda_function" "f" {\n  memory_size = var.big ? 1024 : 256\n}\n'
    )
    template, _ = _load(tmp_path)
    memory = _value(template.resources["aws_lambda_function.f"], "MemorySize")
    assert isinstance(memory, Unresolved) and memory.kind == "If" and memory.options == (1024, 256)


# -- projection onto CloudFormation


def test_projection_uses_cloudformation_types_paths_and_native_identity(basic):
    function = basic.resources["aws_lambda_function.api"]
    assert function.type == "AWS::Lambda::Function" and function.native_type == "aws_lambda_function"
    assert _value(function, "TracingConfig", "Mode") == "Active"
    assert _value(function, "Architectures") == ["arm64"]
    main = BASIC / "main.tf"
    assert function.line_of(("MemorySize",)) == _line_number(main, "memory_size   = var.lambda_memory")
    assert function.line_of(("TracingConfig", "Mode")) == _line_number(main, 'mode = "Active"')
    assert function.native_paths[("MemorySize",)] == "memory_size"
    assert function.native_paths[("TracingConfig", "Mode")] == "tracing_config.mode"
    assert function.properties["filename"] == "./build/api.zip"  # unmapped attribute kept natively


def test_dynamodb_keys_attributes_and_encryption(basic):
    table = basic.resources["aws_dynamodb_table.orders"]
    assert _value(table, "BillingMode") == "PAY_PER_REQUEST"
    assert _value(table, "KeySchema") == [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert _value(table, "AttributeDefinitions") == [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}]
    assert table.line_of(("KeySchema", 1, "AttributeName")) == _line_number(BASIC / "main.tf", 'range_key    = "sk"')
    assert _value(table, "SSESpecification", "SSEEnabled") is True


def test_bindings_find_their_values_on_projected_resources(basic):
    """The CloudFormation bindings (value sites, toggles, KMS encryption) read Terraform resources unchanged."""
    def at(resource_id, site_path):
        return [v for _, v in values_at(basic.resources[resource_id], site_path)]

    assert at("aws_lambda_function.api", VALUE_SITES["lambda.memory"][0].path) == [512]
    assert at('aws_sqs_queue.work["orders"]', VALUE_SITES["sqs.visibility_timeout"][0].path) == [60]
    assert at('aws_sqs_queue.work["orders"]', VALUE_SITES["sqs.max_receive_count"][0].path) == [5]
    assert at("aws_cloudwatch_log_group.api", VALUE_SITES["logs.retention"][0].path) == [14]
    assert at("aws_cloudwatch_metric_alarm.api_errors", VALUE_SITES["alarm.threshold"][0].path) == [5]
    assert at("aws_s3_bucket.assets", VALUE_SITES["s3.transition_days"][0].path) == [30, 90]
    assert at("aws_s3_bucket.assets", TOGGLES["s3.versioning"][0].path) == ["Enabled"]
    assert at("aws_kms_key.main", TOGGLES["kms.rotation"][0].path) == [True]
    assert at("aws_lambda_function.api", TOGGLES["lambda.tracing"][0].path) == ["Active"]
    [block] = at("aws_s3_bucket.assets", TOGGLES["s3.public_access_block"][0].path)
    assert block["BlockPublicAcls"] is True and block["RestrictPublicBuckets"] is True
    assert at("aws_s3_bucket.assets", ENCRYPTION_KMS["s3"][0].path) == ["aws:kms"]


def test_unmapped_types_keep_their_native_type_and_values(basic):
    thing = basic.resources["aws_custom_thing.unmapped"]
    assert thing.type == "aws_custom_thing"
    assert thing.properties == {"some_setting": "kept", "nested_block": [{"depth": 2}]}
    assert thing.line_of(("nested_block", 0, "depth")) == _line_number(BASIC / "main.tf", "depth = 2")


def test_security_group_rules_from_blocks_dynamic_blocks_and_rule_resources(basic):
    group = basic.resources["aws_security_group.web"]
    ingress = _value(group, "SecurityGroupIngress")
    ports = [(r["FromPort"], r["CidrIp"]) for r in ingress]
    assert ports == [(80, "0.0.0.0/0"), (443, "0.0.0.0/0"), (22, "10.0.0.0/8"), (22, "192.168.0.0/16")]
    assert _value(group, "SecurityGroupEgress", 0, "IpProtocol") == "-1"
    main = BASIC / "main.tf"
    assert group.line_of(("SecurityGroupIngress", 1, "FromPort")) == _line_number(main, "from_port   = ingress.value")
    ssh_line = _line_number(main, "from_port         = 22")
    assert group.line_of(("SecurityGroupIngress", 2, "FromPort")) == ssh_line  # merged from aws_security_group_rule.ssh
    assert group.native_paths[("SecurityGroupIngress", 3, "CidrIp")] == "aws_security_group_rule.ssh.cidr_blocks[1]"


# -- split resources


def test_split_s3_resources_merge_into_the_bucket_with_their_own_lines(basic):
    bucket = basic.resources["aws_s3_bucket.assets"]
    main = BASIC / "main.tf"
    assert _value(bucket, "VersioningConfiguration", "Status") == "Enabled"
    assert bucket.line_of(("VersioningConfiguration", "Status")) == _line_number(main, 'status = "Enabled"')
    assert bucket.native_paths[("VersioningConfiguration", "Status")] == "aws_s3_bucket_versioning.assets.versioning_configuration.status"
    rule = _value(bucket, "BucketEncryption", "ServerSideEncryptionConfiguration", 0)
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert rule["ServerSideEncryptionByDefault"]["KMSMasterKeyID"] == Unresolved("Ref", "aws_kms_key.main.arn")
    assert rule["BucketKeyEnabled"] is True
    assert _value(bucket, "PublicAccessBlockConfiguration") == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    lifecycle = _value(bucket, "LifecycleConfiguration", "Rules", 0)
    assert lifecycle["ExpirationInDays"] == 365 and lifecycle["Status"] == "Enabled"
    assert [t["StorageClass"] for t in lifecycle["Transitions"]] == ["STANDARD_IA", "GLACIER"]
    assert bucket.path_files == {}


def test_split_resources_stay_countable_and_name_what_they_configure(basic):
    versioning = basic.resources["aws_s3_bucket_versioning.assets"]
    assert versioning.type == "aws_s3_bucket_versioning"
    assert versioning.attributes["Configures"] == ["aws_s3_bucket.assets"]
    assert basic.resources["aws_kms_alias.main"].type == "AWS::KMS::Alias"
    assert basic.resources["aws_kms_alias.main"].attributes["Configures"] == ["aws_kms_key.main"]
    assert basic.resources["aws_s3_bucket.replica"].properties == {"BucketName": "shop-p-assets-replica"}  # nothing merged


def test_split_resource_in_another_file_points_there(modules):
    bucket = modules.resources["aws_s3_bucket.logs"]
    assert _value(bucket, "VersioningConfiguration", "Status") == "Suspended"
    assert bucket.file == "main.tf"
    assert bucket.path_files[("VersioningConfiguration", "Status")] == "settings.tf"
    assert bucket.line_of(("VersioningConfiguration", "Status")) == _line_number(MODULES / "settings.tf", 'status = "Suspended"')


# -- policies


def test_policy_document_data_source_becomes_a_statement_list(basic):
    policy = basic.resources["aws_s3_bucket_policy.assets"]
    assert policy.type == "AWS::S3::BucketPolicy"
    statement = _value(policy, "PolicyDocument", "Statement", 0)
    assert statement["Effect"] == "Deny" and statement["Action"] == "s3:*" and statement["Principal"] == "*"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert statement["Resource"] == [Unresolved("Ref", "aws_s3_bucket.assets.arn"), Unresolved("Sub", "${aws_s3_bucket.assets.arn}/*")]
    main = BASIC / "main.tf"
    assert policy.line_of(("PolicyDocument", "Statement", 0, "Action")) == _line_number(main, 'actions = ["s3:*"]')
    assert policy.line_of(("PolicyDocument", "Statement", 0, "Condition")) == _line_number(main, "condition {")


def test_role_policies_from_jsonencode_heredoc_and_attachments(basic):
    role = basic.resources["aws_iam_role.api"]
    assert _value(role, "AssumeRolePolicyDocument", "Statement", 0, "Principal") == {"Service": "lambda.amazonaws.com"}
    policies = _value(role, "Policies")
    assert [p["PolicyName"] for p in policies] == ["data-access", "logs"]
    assert policies[0]["PolicyDocument"]["Statement"][0]["Action"] == ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
    assert policies[1]["PolicyDocument"]["Statement"][0]["Resource"] == Unresolved("Sub", "${aws_cloudwatch_log_group.api.arn}:*")
    main = BASIC / "main.tf"
    assert role.line_of(("Policies", 0, "PolicyDocument", "Statement", 1, "Action")) == _line_number(main, 'Action   = ["kms:Decrypt"]')
    assert _value(role, "ManagedPolicyArns") == ["arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"]
    managed = basic.resources["aws_iam_policy.read_assets"]
    assert _value(managed, "Roles") == [Unresolved("Ref", "aws_iam_role.api")]  # attached policy defined here


def test_iam_check_reads_terraform_grants(basic):
    found = grants(ArtifactSet("final", [basic]))
    by_role = {(g.role, a) for g in found for a in g.actions}
    assert ("aws_iam_role.api", "dynamodb:PutItem") in by_role
    assert ("aws_iam_role.api", "logs:PutLogEvents") in by_role
    assert ("aws_iam_role.api", "s3:GetObject") in by_role  # via the customer managed policy's Roles


# -- parameters, outputs, region


def test_variables_become_parameters(basic):
    environment = basic.parameters["environment"]
    assert environment.default == "dev" and environment.allowed_values == ["dev", "staging", "prod"]
    assert environment.raw["Value"] == "prod" and environment.raw["Description"] == "Deployment stage"
    assert environment.line == _line_number(BASIC / "variables.tf", 'variable "environment"')
    assert basic.parameters["project"].allowed_pattern == "^[a-z][a-z0-9-]+$"
    assert basic.parameters["alarm_email"].default is None and "Value" not in basic.parameters["alarm_email"].raw


def test_outputs(basic):
    assert basic.outputs["private_subnet_ids"].value == [Unresolved("Ref", f"aws_subnet.private[{i}].id") for i in range(3)]
    assert basic.outputs["bucket_name"].value == Unresolved("Ref", "aws_s3_bucket.assets.bucket")
    assert basic.outputs["bucket_name"].line == _line_number(BASIC / "outputs.tf", 'output "bucket_name"')


def test_region_from_provider_through_variable_and_aliases(basic):
    assert region_of([basic]) == ("eu-central-1", f"providers.tf:{_line_number(BASIC / 'providers.tf', 'region = var.aws_region')}")
    assert basic.resources["aws_s3_bucket.replica"].attributes["Region"] == "us-west-2"
    assert region_of([]) == (None, None)


# -- modules


def test_local_modules_with_inputs_count_and_nesting(modules):
    ids = sorted(modules.resources)
    assert "module.network.aws_subnet.private[1]" in ids and "module.network.aws_subnet.private[2]" not in ids
    assert "module.network.module.sg.aws_security_group.this" in ids
    subnet = modules.resources["module.network.aws_subnet.private[1]"]
    assert subnet.file == "modules/network/main.tf"
    assert _value(subnet, "CidrBlock") == "10.0.16.0/20"
    assert _value(subnet, "VpcId") == Unresolved("Ref", "module.network.aws_vpc.this.id")
    group = modules.resources["module.network.module.sg.aws_security_group.this"]
    assert _value(group, "GroupName") == "mod-app"
    assert _value(group, "SecurityGroupIngress") == [{"FromPort": 443, "ToPort": 443, "IpProtocol": "tcp", "CidrIp": "0.0.0.0/0"}]


def test_module_for_each_and_outputs_flow_back(modules):
    orders = modules.resources['module.queues["orders"].aws_sqs_queue.main']
    billing = modules.resources['module.queues["billing"].aws_sqs_queue.main']
    assert (_value(orders, "QueueName"), _value(orders, "VisibilityTimeout")) == ("mod-orders", 45)
    assert _value(billing, "VisibilityTimeout") == 90
    worker = modules.resources["aws_lambda_function.worker"]
    assert _value(worker, "VpcConfig", "SubnetIds") == [Unresolved("Ref", f"module.network.aws_subnet.private[{i}].id") for i in range(2)]
    assert _value(worker, "VpcConfig", "SecurityGroupIds") == [Unresolved("Ref", "module.network.module.sg.aws_security_group.this.id")]
    assert _value(worker, "Environment", "Variables", "QUEUE") == "mod-orders"
    assert _value(worker, "Environment", "Variables", "BUCKET") == Unresolved("Ref", "module.remote.s3_bucket_id")


def test_module_loops_and_sources_outside_the_folder_are_warned(tmp_path):
    root = tmp_path / "task"
    (root / "lib").mkdir(parents=True)
    (root / "lib" / "main.tf").write_text(
        'module "self" {\n  source = "./"\n}\nmodule "out" {\n  source = "../../elsewhere"\n}\n'
        'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'
    )
    warnings: list[str] = []
    templates = load_terraform(root, terraform_files(root), warnings)
    assert [list(t.resources) for t in templates] == [["aws_sqs_queue.q"]]
    assert any("lib/main.tf:1" in w and "includes itself" in w for w in warnings)
    assert any("lib/main.tf:4" in w and "outside the task folder" in w for w in warnings)


# -- other syntaxes and sources


def test_tf_json_files(tmp_path):
    template, warnings = _load(FIXTURES / "json")
    assert warnings == []
    function = template.resources["aws_lambda_function.fn"]
    assert _value(function, "FunctionName") == "json-qa-fn"
    assert _value(function, "Role") == Unresolved("Ref", "aws_iam_role.fn.arn")
    assert _value(function, "TracingConfig", "Mode") == "PassThrough"
    assert function.line_of(("MemorySize",)) == _line_number(FIXTURES / "json" / "main.tf.json", '"memory_size"')
    groups = [r for r in template.resources.values() if r.type == "AWS::Logs::LogGroup"]
    assert [_value(g, "LogGroupName") for g in groups] == ["/aws/lambda/json-qa-0", "/aws/lambda/json-qa-1"]
    assert all("RetentionInDays" not in g.properties for g in groups)  # 0 means never expire: left unset


def test_syntax_error_in_one_file_warns_once_and_the_rest_loads():
    template, warnings = _load(FIXTURES / "broken")
    line = _line_number(FIXTURES / "broken" / "bad.tf", "= = 30")
    assert list(template.resources) == ["aws_sns_topic.ok"]
    assert any(w.startswith(f"bad.tf:{line}: ") for w in warnings), warnings
    assert any(w.startswith("blob.tf:") and "binary" in w for w in warnings), warnings
    assert all("\n" not in w for w in warnings)


def test_oversized_file_is_refused(tmp_path):
    (tmp_path / "ok.tf").write_text('resource "aws_sns_topic" "t" {}\n')
    (tmp_path / "huge.tf").write_text("# " + "x" * (6 * 1024 * 1024) + "\n")
    template, warnings = _load(tmp_path)
    assert list(template.resources) == ["aws_sns_topic.t"]
    assert any(w.startswith("huge.tf:") and "limit" in w for w in warnings)


def test_terraform_files_skip_provider_caches(tmp_path):
    (tmp_path / "lib" / ".terraform" / "modules" / "x").mkdir(parents=True)
    (tmp_path / "lib" / "main.tf").write_text("")
    (tmp_path / "lib" / ".terraform" / "modules" / "x" / "main.tf").write_text("")
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "x.tf").write_text("")
    assert [p.relative_to(tmp_path).as_posix() for p in terraform_files(tmp_path)] == ["lib/main.tf"]


def test_hcl_quoted_in_markdown_points_into_the_markdown():
    markdown = (
        "# Answer\n\n```hcl\n"
        'resource "aws_lambda_function" "f" {\n  memory_size = 256\n}\n'
        "```\n"
    )
    block = markdown.split("```hcl\n")[1].split("```")[0]
    offset = markdown[: markdown.index(block)].count("\n")
    warnings: list[str] = []
    [template] = templates_in_hcl_text(block, "lib/MODEL_RESPONSE.md", offset, warnings)
    function = template.resources["aws_lambda_function.f"]
    assert function.file == "lib/MODEL_RESPONSE.md"
    assert function.line == 4 and function.line_of(("MemorySize",)) == 5
    assert warnings == []


def test_markdown_blocks_read_as_one_module_and_bad_blocks_warn():
    variables = 'variable "memory" {\n  default = 2048\n}\n'
    main = 'resource "aws_lambda_function" "f" {\n  memory_size = var.memory\n}\n'
    broken = 'resource "x" "y" {\n  a = = 1\n}\n'
    warnings: list[str] = []
    [template] = templates_in_hcl_blocks([(variables, 3), (main, 10), (broken, 20)], "answer.md", warnings)
    assert _value(template.resources["aws_lambda_function.f"], "MemorySize") == 2048
    assert warnings == ["answer.md:22: not valid HCL (unexpected '= 1'); code block skipped"]


# -- hostile input


def test_exponential_locals_and_huge_counts_stay_bounded(tmp_path):
    lines = ['locals {\n  l0 = "xxxxxxxxxx"']
    lines += [f'  l{i} = "${{local.l{i - 1}}}${{local.l{i - 1}}}"' for i in range(1, 40)]
    lines += [f"  n{i} = [local.n{i - 1}, local.n{i - 1}]" if i else "  n0 = [1, 2]" for i in range(40)]
    lines += ["}", 'resource "aws_sqs_queue" "q" {', "  name = local.l39", "  tags = { x = jsonencode(local.n39) }", "}"]
    lines += ['resource "aws_sqs_queue" "many" {', "  count = 100000000", "}"]
    lines += ['locals {\n  a = local.b\n  b = local.a\n}', 'resource "aws_sqs_queue" "cycle" {', "  name = local.a", "}"]
    (tmp_path / "main.tf").write_text("\n".join(lines) + "\n")
    started = time.perf_counter()
    template, _ = _load(tmp_path)
    assert time.perf_counter() - started < 10
    assert isinstance(_value(template.resources["aws_sqs_queue.q"], "QueueName"), Unresolved)
    assert template.resources["aws_sqs_queue.many"].active is None  # too many instances: count not expanded
    assert isinstance(_value(template.resources["aws_sqs_queue.cycle"], "QueueName"), Unresolved)


def test_deeply_nested_input_is_a_warning_not_a_crash(tmp_path):
    (tmp_path / "deep.tf").write_text("x = " + "[" * 3000 + "]" * 3000 + "\n")
    (tmp_path / "ok.tf").write_text('resource "aws_sns_topic" "t" {}\n')
    template, warnings = _load(tmp_path)
    assert list(template.resources) == ["aws_sns_topic.t"]
    assert any(w.startswith("deep.tf") for w in warnings)


# -- sample stacks


@pytest.mark.parametrize("stack", ["tf-web-app", "tf-data-platform"])
def test_sample_stacks_load_without_warnings(stack):
    root = SAMPLES / stack
    if not root.is_dir():
        pytest.skip(f"{stack} not present")
    warnings: list[str] = []
    started = time.perf_counter()
    templates = load_terraform(root, terraform_files(root), warnings)
    elapsed = time.perf_counter() - started
    assert warnings == []
    assert len(templates) == 1 and len(templates[0].resources) > 20
    assert elapsed < 5, f"{stack} took {elapsed:.2f}s"
    assert region_of(templates)[0] is not None


def _sample(stack: str) -> Template:
    root = SAMPLES / stack
    if not root.is_dir():
        pytest.skip(f"{stack} not present")
    warnings: list[str] = []
    [template] = load_terraform(root, terraform_files(root), warnings)
    assert warnings == []
    return template


def test_provider_default_tags_reach_every_taggable_resource():
    template = _sample("tf-web-app")
    provider = SAMPLES / "tf-web-app" / "lib" / "provider.tf"
    balancer = template.resources["aws_lb.web"]
    assert {"Key": "Environment", "Value": "prod"} in _value(balancer, "Tags")
    assert balancer.path_files[("Tags", 0)] == "lib/provider.tf"
    assert balancer.line_of(("Tags", 0)) == _line_number(provider, "default_tags")
    vpc = template.resources["module.network.aws_vpc.this"]
    assert [t["Key"] for t in _value(vpc, "Tags")] == ["Project", "Environment", "ManagedBy", "Name"]  # own tag kept
    assert "Tags" not in template.resources["aws_security_group_rule.app_from_alb"].properties


def test_for_each_over_another_resource_links_each_instance():
    template = _sample("tf-data-platform")
    curated = template.resources['aws_s3_bucket.zone["curated"]']
    raw = template.resources['aws_s3_bucket.zone["raw"]']
    assert _value(curated, "VersioningConfiguration", "Status") == "Enabled"
    assert _value(raw, "VersioningConfiguration", "Status") == "Suspended"
    assert _value(raw, "LifecycleConfiguration", "Rules", 0, "ExpirationInDays") == 30
    assert curated.native_paths[("VersioningConfiguration", "Status")] == (
        'aws_s3_bucket_versioning.zone["curated"].versioning_configuration.status')
    assert template.outputs["bucket_names"].value["raw"] == Unresolved("Ref", 'aws_s3_bucket.zone["raw"].bucket')


def test_existing_checks_decide_claims_against_terraform():
    """The checker, unchanged, on a Terraform template: verdicts and file:line evidence."""
    from claims import read_claims
    from verifier.engine import verify
    from verifier.task import Task

    root = SAMPLES / "tf-data-platform"
    template = _sample("tf-data-platform")
    task = Task(root=root)
    task.final = ArtifactSet("final", [template])
    report = (
        "# Model failures\n\n## What the final code does\n\n"
        "- The ingest Lambda function has 1024MB memory.\n"
        "- Log retention is 14 days.\n"
        "- KMS key rotation is enabled.\n"
        "- The ingest role grants s3:DeleteObject.\n"
    )
    claims, parsed = read_claims(report, "lib/MODEL_FAILURES.md")
    found = {f.claim.concept: f for f in verify(claims, task, parsed, [])}
    pipeline = SAMPLES / "tf-data-platform" / "lib" / "pipeline.tf"
    memory = found["lambda.memory"]
    assert memory.outcome.verdict == "supported"
    assert (memory.outcome.evidence[0].file, memory.outcome.evidence[0].line) == ("lib/pipeline.tf", _line_number(pipeline, "memory_size"))
    assert found["logs.retention"].outcome.verdict == "contradicted" and found["logs.retention"].outcome.actual == 30
    assert found["kms.rotation"].outcome.verdict == "supported"
    assert found["iam.action"].outcome.verdict == "contradicted"
