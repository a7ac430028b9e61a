"""TapStack: containerised web service with Aurora PostgreSQL and an assets bucket."""
from typing import Optional

import aws_cdk as cdk
from aws_cdk import CfnOutput, Duration, RemovalPolicy
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_logs as logs
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from constructs import Construct

from lib.constructs.network import NetworkConstruct
from lib.constructs.web_service import WebServiceConstruct

DEFAULT_CERTIFICATE_ARN = (
    "arn:aws:acm:us-east-1:123456789012:certificate/0b8e1c55-7f3a-4d4e-9a61-2f0c5d8e6a10"
)


class TapStackProps(cdk.StackProps):
    """Properties for TapStack."""

    def __init__(self, environment_suffix: Optional[str] = None, **kwargs):
        super().__init__(**kwargs)
        self.environment_suffix = environment_suffix


class TapStack(cdk.Stack):
    """Root stack wiring the network, data and web service layers together."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        props: Optional[TapStackProps] = None,
        **kwargs,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)

        environment_suffix = (
            (props.environment_suffix if props else None)
            or self.node.try_get_context("environmentSuffix")
            or "dev"
        )
        certificate_arn = self.node.try_get_context("certificateArn") or DEFAULT_CERTIFICATE_ARN

        network = NetworkConstruct(self, "Network", environment_suffix=environment_suffix)

        alarm_topic = sns.Topic(
            self,
            "AlarmTopic",
            topic_name=f"tap-web-alarms-{environment_suffix}",
        )

        # ---------------------------------------------------------------
        # Static assets / uploads bucket
        # ---------------------------------------------------------------
        assets_bucket = s3.Bucket(
            self,
            "AssetsBucket",
            bucket_name=f"tap-web-assets-{environment_suffix}-{self.account}",
            versioned=True,
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="transition-to-ia",
                    transitions=[
                        s3.Transition(
                            storage_class=s3.StorageClass.INFREQUENT_ACCESS,
                            transition_after=Duration.days(30),
                        )
                    ],
                ),
                s3.LifecycleRule(
                    id="expire-noncurrent-versions",
                    noncurrent_version_expiration=Duration.days(90),
                ),
                s3.LifecycleRule(
                    id="abort-incomplete-uploads",
                    abort_incomplete_multipart_upload_after=Duration.days(7),
                ),
            ],
            removal_policy=RemovalPolicy.DESTROY,
            auto_delete_objects=True,
        )

        # ---------------------------------------------------------------
        # Aurora PostgreSQL cluster, credentials generated in Secrets Manager
        # ---------------------------------------------------------------
        instance_type = ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE)
        self.database = rds.DatabaseCluster(
            self,
            "Database",
            engine=rds.DatabaseClusterEngine.aurora_postgres(
                version=rds.AuroraPostgresEngineVersion.VER_15_4
            ),
            cluster_identifier=f"tap-web-db-{environment_suffix}",
            credentials=rds.Credentials.from_generated_secret(
                "tapadmin",
                secret_name=f"tap-web/{environment_suffix}/db-credentials",
            ),
            default_database_name="tapweb",
            writer=rds.ClusterInstance.provisioned("writer", instance_type=instance_type),
            readers=[
                rds.ClusterInstance.provisioned(
                    "reader1", instance_type=instance_type, promotion_tier=1
                ),
            ],
            vpc=network.vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            security_groups=[network.database_security_group],
            port=5432,
            storage_encrypted=True,
            backup=rds.BackupProps(
                retention=Duration.days(14),
                preferred_window="03:00-04:00",
            ),
            preferred_maintenance_window="sun:04:30-sun:05:30",
            deletion_protection=True,
            removal_policy=RemovalPolicy.SNAPSHOT,
            cloudwatch_logs_exports=["postgresql"],
            cloudwatch_logs_retention=logs.RetentionDays.ONE_MONTH,
        )

        web = WebServiceConstruct(
            self,
            "WebService",
            environment_suffix=environment_suffix,
            vpc=network.vpc,
            alb_security_group=network.alb_security_group,
            service_security_group=network.service_security_group,
            certificate_arn=certificate_arn,
            database_secret=self.database.secret,
            assets_bucket=assets_bucket,
            alarm_topic=alarm_topic,
        )

        database_cpu_alarm = cloudwatch.Alarm(
            self,
            "DatabaseCpuHigh",
            alarm_name=f"tap-web-{environment_suffix}-db-cpu-high",
            metric=self.database.metric_cpu_utilization(period=Duration.minutes(5)),
            threshold=80,
            evaluation_periods=3,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        )
        database_cpu_alarm.add_alarm_action(cw_actions.SnsAction(alarm_topic))

        # ---------------------------------------------------------------
        # Outputs
        # ---------------------------------------------------------------
        CfnOutput(self, "VpcId", value=network.vpc.vpc_id)
        CfnOutput(
            self,
            "LoadBalancerDnsName",
            value=web.load_balancer.load_balancer_dns_name,
            export_name=f"tap-web-alb-dns-{environment_suffix}",
        )
        CfnOutput(self, "ClusterName", value=web.cluster.cluster_name)
        CfnOutput(self, "ServiceName", value=web.service.service_name)
        CfnOutput(
            self,
            "DatabaseEndpoint",
            value=self.database.cluster_endpoint.hostname,
        )
        CfnOutput(self, "DatabaseSecretArn", value=self.database.secret.secret_arn)
        CfnOutput(self, "AssetsBucketName", value=assets_bucket.bucket_name)
