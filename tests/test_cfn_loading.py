"""Loading CloudFormation: decoder, static intrinsic resolution, line numbers, task folders."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from verifier.cfn.decoder import DecodeError, decode_json, decode_yaml
from verifier.cfn.template import load_template_text
from verifier.model import Resource, Template, Unresolved
from verifier.task import load_task

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
INTRINSICS_YML = FIXTURES / "cfn" / "intrinsics.yml"
BUCKET_JSON = FIXTURES / "cfn" / "bucket.json"


def _line_number(text: str, needle: str, start: int = 1) -> int:
    """1-based number of the first line at or after ``start`` containing ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def _intrinsics(region: str | None = "eu-west-1", line_offset: int = 0) -> Template:
    return load_template_text(
        INTRINSICS_YML.read_text(), "lib/intrinsics.yml", "yaml", line_offset=line_offset, region=region
    )


def _tag(resource: Resource, key: str):
    present, tags = resource.get(("Tags",))
    assert present
    values = [tag["Value"] for tag in tags if tag.get("Key") == key]
    assert len(values) == 1, f"tag {key!r}: {values}"
    return values[0]


# --- decoder --------------------------------------------------------------------------------


def test_decode_yaml_turns_short_tags_into_long_form_functions():
    document = decode_yaml(
        "A: !Ref Param\n"
        "B: !GetAtt Table.Arn\n"
        "C: !Sub 'x-${Param}'\n"
        "D: !Join [',', [a, b]]\n"
        "E: !Select [0, [a]]\n"
        "F: !FindInMap [M, k1, k2]\n"
        "G: !If [Cond, a, b]\n",
        "t.yml",
    )
    assert document == {
        "A": {"Ref": "Param"},
        "B": {"Fn::GetAtt": ["Table", "Arn"]},
        "C": {"Fn::Sub": "x-${Param}"},
        "D": {"Fn::Join": [",", ["a", "b"]]},
        "E": {"Fn::Select": [0, ["a"]]},
        "F": {"Fn::FindInMap": ["M", "k1", "k2"]},
        "G": {"Fn::If": ["Cond", "a", "b"]},
    }


def test_decoded_keys_keep_their_line_marks():
    document = decode_yaml("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n", "t.yml")
    key = next(iter(document["Resources"]))
    assert key == "Queue"
    assert key.start_mark.line + 1 == 2


@pytest.mark.parametrize(
    ("decoder", "text"),
    [(decode_yaml, "Resources:\n  A: [unclosed\n"), (decode_json, '{"Resources": {"A": ')],
)
def test_decode_errors_are_one_line_decode_errors(decoder, text):
    with pytest.raises(DecodeError) as info:
        decoder(text, "broken")
    message = str(info.value)
    assert message
    assert "\n" not in message


def test_decode_yaml_rejects_duplicate_keys():
    with pytest.raises(DecodeError, match="Duplicate"):
        decode_yaml("Resources:\n  A: 1\n  A: 2\n", "dup.yml")


def test_decoder_does_not_leave_cfnlint_placeholders_behind():
    code = (
        "import sys\n"
        "from verifier.cfn.decoder import decode_yaml\n"
        "assert decode_yaml('a: !Ref b', 'x.yml') == {'a': {'Ref': 'b'}}\n"
        "assert not [m for m in sys.modules if m == 'cfnlint' or m.startswith('cfnlint.')], 'placeholders left'\n"
        "import cfnlint\n"
        "assert callable(cfnlint.lint_all), 'the real cfnlint package was not importable afterwards'\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# --- intrinsic resolution -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("joined", "app-prod-8080"),  # !Join over a Ref with Default and a Number default
        ("selected", "one"),  # !Select over a literal list
        ("split", "c"),  # !Select over !Split
        ("ami", "ami-0west"),  # !FindInMap keyed by AWS::Region
        ("size", "large"),  # !If on Equals(Ref Env default 'prod', 'prod') -> true branch
        ("notdev", "not-dev"),  # !If on Not(Condition IsDev) -> true branch
        ("region", "eu-west-1"),  # !Sub '${AWS::Region}'
        ("partition", "arn:aws:s3:::prod"),  # AWS::Partition and a parameter in one Sub
        ("literal", "keep-${NotAVariable}"),  # ${!Literal} is an escape, not a variable
    ],
)
def test_short_tags_resolve_to_known_values(key, expected):
    bucket = _intrinsics().resources["Bucket"]
    assert _tag(bucket, key) == expected


def test_ref_to_parameter_with_default_resolves():
    queue = _intrinsics().resources["Queue"]
    assert queue.get(("QueueName",)) == (True, "prod-queue")


def test_ref_to_parameter_without_default_stays_unresolved():
    value = _tag(_intrinsics().resources["Bucket"], "owner")
    assert isinstance(value, Unresolved)
    assert value.kind == "Ref"
    assert value.text == "!Ref Owner"


def test_get_att_and_ref_to_resource_stay_unresolved_with_readable_text():
    bucket = _intrinsics().resources["Bucket"]
    arn = _tag(bucket, "queue-arn")
    assert isinstance(arn, Unresolved)
    assert (arn.kind, arn.text) == ("GetAtt", "!GetAtt Queue.Arn")
    url = _tag(bucket, "queue-url")
    assert isinstance(url, Unresolved)
    assert (url.kind, url.text) == ("Ref", "!Ref Queue")


def test_sub_with_account_id_stays_unresolved_with_the_known_part_substituted():
    present, name = _intrinsics().resources["Bucket"].get(("BucketName",))
    assert present
    assert isinstance(name, Unresolved)
    assert name.kind == "Sub"
    assert name.text == "prod-logs-${AWS::AccountId}"
    assert str(name) == "prod-logs-${AWS::AccountId}"


def test_sub_with_variable_map_substitutes_known_values_only():
    value = _tag(_intrinsics().resources["Bucket"], "sub-map")
    assert isinstance(value, Unresolved)
    assert value.kind == "Sub"
    assert value.text.startswith("prod/")


def test_if_on_equals_of_a_default_picks_the_right_branch():
    bucket = _intrinsics().resources["Bucket"]
    # Env defaults to 'prod': IsProd is true, IsDev is false.
    assert bucket.get(("VersioningConfiguration",)) == (True, {"Status": "Enabled"})
    text = INTRINSICS_YML.read_text().replace("Default: prod", "Default: dev")
    flipped = load_template_text(text, "t.yml", "yaml").resources["Bucket"]
    assert flipped.get(("VersioningConfiguration",)) == (True, {"Status": "Suspended"})
    assert flipped.get(("AccelerateConfiguration",)) == (True, {"AccelerationStatus": "Enabled"})


def test_if_on_a_condition_over_an_unknown_parameter_keeps_both_options():
    value = _tag(_intrinsics().resources["Bucket"], "owner-dependent")
    assert isinstance(value, Unresolved)
    assert value.kind == "If"
    assert set(value.options) == {"ops-value", "other-value"}


def test_no_value_drops_the_property():
    template = _intrinsics()
    bucket, queue = template.resources["Bucket"], template.resources["Queue"]
    assert "AccelerateConfiguration" not in bucket.properties  # !If [IsDev, ..., !Ref AWS::NoValue]
    assert bucket.get(("AccelerateConfiguration",)) == (False, None)
    assert "DelaySeconds" not in queue.properties  # plain !Ref AWS::NoValue
    assert queue.get(("VisibilityTimeout",)) == (True, 60)


def test_no_value_inside_a_list_drops_the_item():
    template = load_template_text(
        "Conditions:\n"
        "  Never: !Equals [a, b]\n"
        "Resources:\n"
        "  Bucket:\n"
        "    Type: AWS::S3::Bucket\n"
        "    Properties:\n"
        "      Tags:\n"
        "        - !If [Never, {Key: gone, Value: x}, !Ref 'AWS::NoValue']\n"
        "        - Key: kept\n"
        "          Value: y\n",
        "t.yml",
        "yaml",
    )
    assert template.resources["Bucket"].properties["Tags"] == [{"Key": "kept", "Value": "y"}]


def test_resource_condition_sets_active_from_defaults():
    template = _intrinsics()
    assert template.resources["Bucket"].active is True
    assert template.resources["DevOnlyTopic"].active is False  # IsDev false on defaults
    assert template.resources["OpsTopic"].active is None  # depends on a parameter without default


def test_region_dependent_values_stay_unresolved_without_a_region():
    bucket = _intrinsics(region=None).resources["Bucket"]
    region = _tag(bucket, "region")
    assert isinstance(region, Unresolved)
    assert "${AWS::Region}" in region.text
    ami = _tag(bucket, "ami")
    assert isinstance(ami, Unresolved)
    assert ami.kind == "FindInMap"


def test_parameters_and_intrinsics_are_recorded():
    template = _intrinsics()
    assert template.parameters["Env"].default == "prod"
    assert template.parameters["Port"].default == 8080
    assert template.parameters["Owner"].default is None
    used = {"Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::FindInMap", "Fn::If", "Fn::GetAtt", "Ref"}
    assert used <= template.intrinsics


# --- line numbers ---------------------------------------------------------------------------


def test_yaml_property_lines():
    text = INTRINSICS_YML.read_text()
    template = _intrinsics()
    bucket, queue = template.resources["Bucket"], template.resources["Queue"]
    assert bucket.line == 24 == _line_number(text, "  Bucket:")
    assert bucket.line_of(("BucketName",)) == 27 == _line_number(text, "BucketName:")
    assert bucket.line_of(("Tags",)) == 28
    assert bucket.line_of(("Tags", 0, "Key")) == 29
    assert bucket.line_of(("Tags", 0, "Value")) == 30
    assert bucket.line_of(("Tags", 1)) == 31
    assert queue.line == 62
    assert queue.line_of(("VisibilityTimeout",)) == 67
    assert template.resources["DevOnlyTopic"].line_of(("@Condition",)) == 70
    assert template.parameters["Env"].line == 4
    assert template.outputs["QueueName"].line == _line_number(text, "  QueueName:", start=70)


def test_line_of_falls_back_to_the_deepest_known_prefix():
    bucket = _intrinsics().resources["Bucket"]
    assert bucket.line_of(("Tags", 0, "NoSuchKey", "deeper")) == 29
    assert bucket.line_of(("NoSuchProperty",)) == bucket.line == 24


def test_leaves_carry_lines_and_raw_values():
    bucket = _intrinsics().resources["Bucket"]
    leaves = {leaf.path: leaf for leaf in bucket.leaves()}
    joined = leaves[("Tags", 0, "Value")]
    assert joined.value == "app-prod-8080"
    assert joined.line == 30
    assert joined.raw == {"Fn::Join": ["-", ["app", {"Ref": "Env"}, {"Ref": "Port"}]]}


def test_json_property_lines():
    text = BUCKET_JSON.read_text()
    template = load_template_text(text, "lib/bucket.json", "json")
    bucket = template.resources["DataBucket"]
    assert bucket.properties["BucketName"] == "data-dev"
    assert bucket.line == 10
    assert bucket.line_of(("BucketName",)) == 14
    assert bucket.line_of(("VersioningConfiguration", "Status")) == 18
    assert bucket.line_of(("Tags", 1, "Key")) == 26
    assert bucket.line_of(("Tags", 1, "Value")) == 27
    assert bucket.line_of(("@DeletionPolicy",)) == 12
    assert bucket.attributes["DeletionPolicy"] == "Retain"
    assert template.parameters["Env"].line == 4


def test_json_text_given_as_yaml_still_has_lines():
    template = load_template_text(BUCKET_JSON.read_text(), "lib/bucket.json", "yaml")
    assert template.resources["DataBucket"].line_of(("BucketName",)) == 14


@pytest.mark.parametrize("offset", [1, 37])
def test_line_offset_shifts_every_line(offset):
    plain = _intrinsics()
    shifted = _intrinsics(line_offset=offset)
    assert shifted.line_offset == offset
    for logical_id, resource in plain.resources.items():
        moved = shifted.resources[logical_id]
        assert moved.line == resource.line + offset
        assert resource.lines, logical_id
        assert moved.lines == {path: line + offset for path, line in resource.lines.items()}
    assert shifted.parameters["Env"].line == plain.parameters["Env"].line + offset
    assert shifted.condition_lines["IsProd"] == plain.condition_lines["IsProd"] + offset == 19 + offset


# --- task folders: twins, model answer, region -----------------------------------------------


@pytest.fixture
def twins_task(tmp_path: Path) -> Path:
    root = tmp_path / "task"
    shutil.copytree(FIXTURES / "task_twins", root)
    return root


def test_yaml_and_json_twin_count_once(twins_task: Path):
    task = load_task(twins_task)
    assert [t.file for t in task.final.templates] == ["lib/TapStack.yml"]
    assert task.final.twins == {"lib/TapStack.json": "lib/TapStack.yml"}
    assert sorted(r.logical_id for r in task.final.resources()) == ["OrdersQueue", "OrdersTable"]
    assert task.warnings == []


def test_a_json_template_with_other_resources_is_not_a_twin(twins_task: Path):
    (twins_task / "lib" / "TapStack.json").write_text(
        json.dumps({"Resources": {"OtherTopic": {"Type": "AWS::SNS::Topic"}}})
    )
    task = load_task(twins_task)
    assert sorted(t.file for t in task.final.templates) == ["lib/TapStack.json", "lib/TapStack.yml"]
    assert task.final.twins == {}


def test_twin_is_kept_when_yaml_is_missing(twins_task: Path):
    (twins_task / "lib" / "TapStack.yml").unlink()
    task = load_task(twins_task)
    assert [t.file for t in task.final.templates] == ["lib/TapStack.json"]
    assert task.final.templates[0].format == "json"


def test_model_templates_come_from_fences_with_lines_in_the_markdown(twins_task: Path):
    task = load_task(twins_task)
    md = (twins_task / "lib" / "MODEL_RESPONSE.md").read_text()
    assert task.model_answer == md
    assert task.model_answer_file == "lib/MODEL_RESPONSE.md"
    files = {t.file for t in task.model.templates}
    assert files == {"lib/MODEL_RESPONSE.md"}
    assert len(task.model.templates) == 2  # the yaml and json fences; the typescript one is skipped
    table = next(r for r in task.model.resources() if r.logical_id == "OrdersTable")
    assert table.file == "lib/MODEL_RESPONSE.md"
    assert table.properties["BillingMode"] == "PROVISIONED"
    assert table.line == 8 == _line_number(md, "  OrdersTable:")
    assert table.line_of(("BillingMode",)) == 12 == _line_number(md, "BillingMode: PROVISIONED")
    queue = next(r for r in task.model.resources() if r.logical_id == "OrdersQueue")
    assert queue.properties["MessageRetentionPeriod"] == 1209600
    assert queue.line == 26
    assert queue.line_of(("MessageRetentionPeriod",)) == 29
    yaml_template = task.model.template_of(table)
    assert yaml_template is not None
    assert yaml_template.line_offset == 5  # content starts on line 6
    # final templates are unaffected by the model's answer
    final_table = next(r for r in task.final.resources() if r.logical_id == "OrdersTable")
    assert final_table.properties["BillingMode"] == "PAY_PER_REQUEST"
    assert final_table.file == "lib/TapStack.yml"


def test_unparseable_model_fence_becomes_a_warning_with_its_line(tmp_path: Path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "MODEL_RESPONSE.md").write_text(
        "Intro\n\n```yaml\nResources:\n  Bad: [unclosed\n```\n\n```yaml\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n```\n"
    )
    task = load_task(tmp_path)
    assert [r.logical_id for r in task.model.resources()] == ["Q"]
    assert task.model.resources()[0].line == 10
    assert len(task.warnings) == 1
    assert "lib/MODEL_RESPONSE.md" in task.warnings[0]
    assert "line 4" in task.warnings[0]


def test_aws_region_file_is_picked_up_and_resolves_aws_region(twins_task: Path):
    task = load_task(twins_task)
    assert task.region == "eu-central-1"
    assert task.region_source == "lib/AWS_REGION"
    assert task.final.region == "eu-central-1"
    final_table = next(r for r in task.final.resources() if r.logical_id == "OrdersTable")
    assert final_table.properties["TableName"] == "orders-eu-central-1"
    model_table = next(r for r in task.model.resources() if r.logical_id == "OrdersTable")
    assert model_table.properties["TableName"] == "orders-eu-central-1"


def test_region_falls_back_to_metadata(twins_task: Path):
    (twins_task / "lib" / "AWS_REGION").unlink()
    task = load_task(twins_task)
    assert (task.region, task.region_source) == ("us-west-2", "metadata.json")
    assert task.metadata["platform"] == "cfn"
    table = next(r for r in task.final.resources() if r.logical_id == "OrdersTable")
    assert table.properties["TableName"] == "orders-us-west-2"


def test_without_a_region_aws_region_stays_unresolved(twins_task: Path):
    (twins_task / "lib" / "AWS_REGION").unlink()
    (twins_task / "metadata.json").unlink()
    task = load_task(twins_task)
    assert task.region is None
    table = next(r for r in task.final.resources() if r.logical_id == "OrdersTable")
    name = table.properties["TableName"]
    assert isinstance(name, Unresolved)
    assert name.text == "orders-${AWS::Region}"


def test_region_file_with_crlf_and_extra_words(twins_task: Path):
    (twins_task / "lib" / "AWS_REGION").write_bytes(b"ap-south-1\r\n# comment\r\n")
    assert load_task(twins_task).region == "ap-south-1"


def test_report_is_found(twins_task: Path):
    task = load_task(twins_task)
    assert task.report_path == twins_task / "lib" / "MODEL_FAILURES.md"


# --- lines and values after Fn::If / AWS::NoValue, list parameters --------------------------


def test_line_of_after_a_dropped_list_item_points_at_the_kept_item():
    text = (
        "Conditions:\n"
        "  Never: !Equals [a, b]\n"
        "Resources:\n"
        "  Bucket:\n"
        "    Type: AWS::S3::Bucket\n"
        "    Properties:\n"
        "      Tags:\n"
        "        - !If [Never, {Key: gone, Value: x}, !Ref 'AWS::NoValue']\n"
        "        - Key: kept\n"
        "          Value: y\n"
    )
    bucket = load_template_text(text, "t.yml", "yaml").resources["Bucket"]
    assert bucket.properties["Tags"][0]["Key"] == "kept"
    assert bucket.line_of(("Tags", 0, "Key")) == 9


def test_ref_to_comma_delimited_list_parameter_is_a_list():
    text = (
        "Parameters:\n"
        "  Subnets:\n"
        "    Type: CommaDelimitedList\n"
        "    Default: 'subnet-a,subnet-b'\n"
        "Resources:\n"
        "  Group:\n"
        "    Type: AWS::RDS::DBSubnetGroup\n"
        "    Properties:\n"
        "      DBSubnetGroupDescription: !Select [1, !Ref Subnets]\n"
        "      SubnetIds: !Ref Subnets\n"
    )
    group = load_template_text(text, "t.yml", "yaml").resources["Group"]
    assert group.properties["SubnetIds"] == ["subnet-a", "subnet-b"]
    assert group.properties["DBSubnetGroupDescription"] == "subnet-b"


def test_line_of_a_value_chosen_by_if_points_at_the_branch():
    text = INTRINSICS_YML.read_text()
    bucket = _intrinsics().resources["Bucket"]
    assert bucket.get(("VersioningConfiguration", "Status")) == (True, "Enabled")
    assert (
        bucket.line_of(("VersioningConfiguration", "Status")) == _line_number(text, "- Status: Enabled") == 60
    )


def test_list_parameter_default_is_a_list_with_members_trimmed():
    text = (
        "Parameters:\n"
        "  Subnets:\n"
        "    Type: List<AWS::EC2::Subnet::Id>\n"
        "    Default: 'subnet-a, subnet-b'\n"
        "  Plain:\n"
        "    Type: String\n"
        "    Default: 'a,b'\n"
        "Resources:\n"
        "  Group:\n"
        "    Type: AWS::RDS::DBSubnetGroup\n"
        "    Properties:\n"
        "      SubnetIds: !Ref Subnets\n"
        "      DBSubnetGroupDescription: !Ref Plain\n"
    )
    template = load_template_text(text, "t.yml", "yaml")
    assert template.parameters["Subnets"].default == ["subnet-a", "subnet-b"]
    assert template.parameters["Plain"].default == "a,b"
    group = template.resources["Group"]
    assert group.properties == {"SubnetIds": ["subnet-a", "subnet-b"], "DBSubnetGroupDescription": "a,b"}


def test_raw_lines_keep_the_positions_as_written():
    text = (
        "Conditions:\n"
        "  Never: !Equals [a, b]\n"
        "Resources:\n"
        "  Bucket:\n"
        "    Type: AWS::S3::Bucket\n"
        "    Properties:\n"
        "      Tags:\n"
        "        - !If [Never, {Key: gone, Value: x}, !Ref 'AWS::NoValue']\n"
        "        - Key: kept\n"
        "          Value: y\n"
        "      Size: !If\n"
        "        - Never\n"
        "        - large\n"
        "        - small\n"
    )
    bucket = load_template_text(text, "t.yml", "yaml").resources["Bucket"]
    assert bucket.line_of(("Tags", 1)) == 7  # no second item once resolved: falls back to Tags
    assert bucket.raw_line_of(("Tags", 0)) == 8
    assert bucket.raw_line_of(("Tags", 1, "Key")) == 9
    assert bucket.properties["Size"] == "small"
    assert bucket.line_of(("Size",)) == 14  # the chosen (false) branch
    assert bucket.raw_line_of(("Size",)) == 11
