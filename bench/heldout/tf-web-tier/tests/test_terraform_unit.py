"""Static unit tests for the three-tier web stack (lib/*.tf).

The tests read the Terraform sources as text and assert on the settings that
matter for security and availability; no AWS credentials are needed.
"""
import re
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parent.parent / "lib"


def read(name: str) -> str:
    return (LIB / name).read_text()


@pytest.fixture(scope="module")
def tfvars() -> str:
    return read("terraform.tfvars")


def block(text: str, header: str) -> str:
    """Return the body of the first top-level block that starts with header."""
    start = text.index(header)
    depth = 0
    for i in range(text.index("{", start), len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
    raise AssertionError(f"unterminated block {header}")


# --- provider / variables -----------------------------------------------------


def test_provider_region_comes_from_variable():
    assert re.search(r"region\s*=\s*var\.aws_region", read("provider.tf"))


def test_dr_provider_alias_declared():
    assert 'alias  = "dr"' in read("provider.tf")


def test_dr_provider_is_used():
    assert "provider = aws.dr" in read("database.tf")


def test_aws_provider_pinned_to_v5():
    assert '"~> 5.40"' in read("provider.tf")


def test_tfvars_sets_region(tfvars):
    assert 'aws_region  = "us-west-2"' in tfvars


def test_tfvars_sets_environment_prod(tfvars):
    assert 'environment = "prod"' in tfvars


def test_environment_is_validated():
    assert "validation {" in read("variables.tf")


def test_tags_are_merged():
    assert "common_tags = merge(var.extra_tags" in read("locals.tf")


# --- network ------------------------------------------------------------------


def test_three_azs_are_used():
    assert "slice(data.aws_availability_zones.available.names, 0, 3)" in read("locals.tf")


def test_public_subnets_use_count():
    assert "count = length(local.azs)" in block(read("network.tf"), 'resource "aws_subnet" "public"')


def test_app_subnets_use_for_each():
    assert "for_each = local.app_subnets" in read("network.tf")


def test_db_subnets_use_for_each():
    assert "for_each = local.db_subnets" in read("network.tf")


def test_public_subnets_do_not_map_public_ips():
    assert "map_public_ip_on_launch = false" in read("network.tf")


def test_nat_gateway_count_follows_flag():
    assert "nat_gateway_count = var.single_nat_gateway ? 1 : length(local.azs)" in read("locals.tf")


def test_tfvars_disables_single_nat(tfvars):
    assert "single_nat_gateway = false" in tfvars


def test_flow_logs_module_called():
    assert 'source = "./modules/flow_logs"' in read("network.tf")


def test_flow_logs_capture_all_traffic():
    assert 'traffic_type             = "ALL"' in read("network.tf")


def test_flow_log_group_has_retention():
    assert "retention_in_days = var.retention_in_days" in read("modules/flow_logs/main.tf")


# --- security groups ----------------------------------------------------------


def test_security_groups_have_no_inline_rules():
    text = read("security.tf")
    assert not re.search(r"^\s+ingress\s*\{", text, re.M)
    assert not re.search(r"^\s+egress\s*\{", text, re.M)


def test_app_ingress_only_from_alb():
    body = block(read("security.tf"), 'resource "aws_vpc_security_group_ingress_rule" "app_from_alb"')
    assert "referenced_security_group_id = aws_security_group.alb.id" in body
    assert "cidr_ipv4" not in body


def test_db_ingress_only_from_app():
    body = block(read("security.tf"), 'resource "aws_vpc_security_group_ingress_rule" "db_from_app"')
    assert "referenced_security_group_id = aws_security_group.app.id" in body


# --- load balancer ------------------------------------------------------------


def test_https_listener_uses_tls13_policy():
    assert 'ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"' in read("alb.tf")


def test_http_listener_redirects():
    body = block(read("alb.tf"), 'resource "aws_lb_listener" "http"')
    assert 'type = "redirect"' in body
    assert 'status_code = "HTTP_301"' in body


def test_health_check_path():
    assert 'path                = "/health"' in read("alb.tf")


def test_alb_drops_invalid_headers():
    assert "drop_invalid_header_fields = true" in read("alb.tf")


# --- compute ------------------------------------------------------------------


def test_imdsv2_required():
    assert 'http_tokens                 = "required"' in read("compute.tf")


def test_root_volume_encrypted():
    assert re.search(r"encrypted\s*=\s*true", read("compute.tf"))


def test_asg_uses_elb_health_checks():
    assert 'health_check_type         = "ELB"' in read("compute.tf")


def test_launch_template_tags_dynamic():
    assert 'dynamic "tag_specifications"' in read("compute.tf")


# --- database -----------------------------------------------------------------


def test_db_password_is_generated():
    assert 'resource "random_password" "db"' in read("database.tf")


def test_db_storage_encrypted():
    assert "storage_encrypted     = true" in read("database.tf")


def test_db_deletion_protection():
    assert "deletion_protection       = true" in read("database.tf")


def test_db_not_public():
    assert "publicly_accessible    = false" in read("database.tf")


def test_tfvars_backup_retention(tfvars):
    assert "db_backup_retention_days = 14" in tfvars


# --- monitoring / waf ---------------------------------------------------------


def test_alarms_notify_sns():
    text = read("monitoring.tf")
    alarms = text.count('resource "aws_cloudwatch_metric_alarm"')
    assert alarms == text.count("alarm_actions = [aws_sns_topic.alerts.arn]")


def test_waf_associated_with_alb():
    assert 'resource "aws_wafv2_web_acl_association" "alb"' in read("waf.tf")
