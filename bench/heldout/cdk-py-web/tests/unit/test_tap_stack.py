"""Unit tests for TapStack (synthesised template assertions)."""
import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template

from lib.tap_stack import TapStack, TapStackProps

ENV_SUFFIX = "test"


@pytest.fixture(scope="module")
def template() -> Template:
    app = cdk.App(context={"environmentSuffix": ENV_SUFFIX})
    stack = TapStack(
        app,
        f"TapStack{ENV_SUFFIX}",
        props=TapStackProps(environment_suffix=ENV_SUFFIX),
        env=cdk.Environment(account="123456789012", region="us-east-1"),
    )
    return Template.from_stack(stack)


# --------------------------------------------------------------------------
# Network
# --------------------------------------------------------------------------
def test_vpc_cidr_and_name(template):
    template.has_resource_properties(
        "AWS::EC2::VPC",
        {
            "CidrBlock": "10.20.0.0/16",
            "Tags": Match.array_with([{"Key": "Name", "Value": f"tap-web-vpc-{ENV_SUFFIX}"}]),
        },
    )


def test_single_nat_gateway(template):
    template.resource_count_is("AWS::EC2::NatGateway", 1)


def test_subnet_count(template):
    # three tiers across the AZs of the test environment
    subnets = template.find_resources("AWS::EC2::Subnet")
    assert len(subnets) % 3 == 0


def test_flow_log_rejected_traffic(template):
    template.has_resource_properties("AWS::EC2::FlowLog", {"TrafficType": "REJECT"})


def test_alb_security_group_https_ingress(template):
    template.has_resource_properties(
        "AWS::EC2::SecurityGroup",
        {
            "GroupName": f"tap-web-alb-sg-{ENV_SUFFIX}",
            "SecurityGroupIngress": Match.array_with(
                [Match.object_like({"CidrIp": "0.0.0.0/0", "FromPort": 443, "ToPort": 443})]
            ),
        },
    )


def test_database_security_group_ingress_from_service(template):
    template.has_resource_properties(
        "AWS::EC2::SecurityGroupIngress",
        {"FromPort": 5432, "ToPort": 5432, "IpProtocol": "tcp"},
    )


# --------------------------------------------------------------------------
# ECS / ALB
# --------------------------------------------------------------------------
def test_cluster_container_insights(template):
    template.has_resource_properties(
        "AWS::ECS::Cluster",
        {
            "ClusterName": f"tap-web-{ENV_SUFFIX}",
            "ClusterSettings": [{"Name": "containerInsights", "Value": "enabled"}],
        },
    )


def test_task_definition_size(template):
    template.has_resource_properties(
        "AWS::ECS::TaskDefinition",
        {"Cpu": "512", "Memory": "1024", "RequiresCompatibilities": ["FARGATE"]},
    )


def test_container_port_mapping(template):
    template.has_resource_properties(
        "AWS::ECS::TaskDefinition",
        {
            "ContainerDefinitions": Match.array_with(
                [Match.object_like({"PortMappings": [Match.object_like({"ContainerPort": 8080})]})]
            )
        },
    )


def test_service_desired_count(template):
    template.has_resource_properties(
        "AWS::ECS::Service",
        {"DesiredCount": 2, "LaunchType": "FARGATE"},
    )


def test_service_circuit_breaker(template):
    template.has_resource_properties(
        "AWS::ECS::Service",
        {
            "DeploymentConfiguration": Match.object_like(
                {"DeploymentCircuitBreaker": {"Enable": True, "Rollback": True}}
            )
        },
    )


def test_https_listener(template):
    template.has_resource_properties(
        "AWS::ElasticLoadBalancingV2::Listener",
        {"Port": 443, "Protocol": "HTTPS"},
    )


def test_http_redirects_to_https(template):
    template.has_resource_properties(
        "AWS::ElasticLoadBalancingV2::Listener",
        {
            "Port": 80,
            "Protocol": "HTTP",
            "DefaultActions": [
                Match.object_like(
                    {
                        "Type": "redirect",
                        "RedirectConfig": Match.object_like({"Port": "443", "Protocol": "HTTPS"}),
                    }
                )
            ],
        },
    )


def test_target_group_health_check(template):
    template.has_resource_properties(
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        {"HealthCheckPath": "/healthz", "Port": 8080, "TargetType": "ip"},
    )


def test_autoscaling_bounds(template):
    template.has_resource_properties(
        "AWS::ApplicationAutoScaling::ScalableTarget",
        {"MinCapacity": 2, "MaxCapacity": 6},
    )


def test_cpu_target_tracking(template):
    template.has_resource_properties(
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        {
            "TargetTrackingScalingPolicyConfiguration": Match.object_like(
                {"TargetValue": 60}
            )
        },
    )


def test_app_log_group_retention(template):
    template.has_resource_properties(
        "AWS::Logs::LogGroup",
        {"LogGroupName": f"/ecs/tap-web-{ENV_SUFFIX}", "RetentionInDays": 14},
    )


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------
def test_database_cluster_engine_and_encryption(template):
    template.has_resource_properties(
        "AWS::RDS::DBCluster",
        {
            "Engine": "aurora-postgresql",
            "EngineVersion": "15.4",
            "StorageEncrypted": True,
            "DeletionProtection": True,
            "BackupRetentionPeriod": 14,
        },
    )


def test_database_has_writer_and_reader(template):
    template.resource_count_is("AWS::RDS::DBInstance", 2)


def test_database_secret_generated(template):
    template.has_resource_properties(
        "AWS::SecretsManager::Secret",
        {"Name": f"tap-web/{ENV_SUFFIX}/db-credentials"},
    )


def test_bucket_versioned_and_encrypted(template):
    template.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "VersioningConfiguration": {"Status": "Enabled"},
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [
                    {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                ]
            },
        },
    )


def test_bucket_lifecycle_rules(template):
    buckets = template.find_resources("AWS::S3::Bucket")
    rules = next(iter(buckets.values()))["Properties"]["LifecycleConfiguration"]["Rules"]
    assert len(rules) == 3


# --------------------------------------------------------------------------
# Monitoring and outputs
# --------------------------------------------------------------------------
def test_alarm_count(template):
    template.resource_count_is("AWS::CloudWatch::Alarm", 4)


def test_outputs_present(template):
    outputs = template.find_outputs("*")
    for name in ("VpcId", "LoadBalancerDnsName", "DatabaseEndpoint", "AssetsBucketName"):
        assert name in outputs
