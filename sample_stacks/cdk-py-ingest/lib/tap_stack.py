"""Ingest pipeline: scheduled collector Lambda in a VPC, raw bucket, state table, Postgres
database, a Step Functions workflow and canary deployments of the collector."""

from typing import Optional

from aws_cdk import (
    Duration,
    RemovalPolicy,
    Stack,
    StackProps,
)
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as _lambda
from aws_cdk import aws_logs as logs
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

COLLECTOR_MEMORY_MB = 1024


class TapStackProps(StackProps):
    def __init__(self, environment_suffix: Optional[str] = None, **kwargs):
        super().__init__(**kwargs)
        self.environment_suffix = environment_suffix


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, props: Optional[TapStackProps] = None, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        suffix = (props.environment_suffix if props else None) or "dev"

        vpc = ec2.Vpc(
            self,
            "IngestVpc",
            ip_addresses=ec2.IpAddresses.cidr("10.20.0.0/16"),
            max_azs=2,
            nat_gateways=1,
            subnet_configuration=[
                ec2.SubnetConfiguration(name="public", subnet_type=ec2.SubnetType.PUBLIC, cidr_mask=24),
                ec2.SubnetConfiguration(name="app", subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS, cidr_mask=24),
            ],
        )

        collector_sg = ec2.SecurityGroup(
            self, "CollectorSecurityGroup", vpc=vpc, description="Collector Lambda", allow_all_outbound=True
        )
        db_sg = ec2.SecurityGroup(self, "DatabaseSecurityGroup", vpc=vpc, description="Ingest database")
        db_sg.add_ingress_rule(ec2.Peer.ipv4("10.20.0.0/16"), ec2.Port.tcp(5432), "Postgres from the VPC")

        raw_bucket = s3.Bucket(
            self,
            "RawDataBucket",
            versioned=True,
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="tier-raw-data",
                    transitions=[
                        s3.Transition(
                            storage_class=s3.StorageClass.INFREQUENT_ACCESS,
                            transition_after=Duration.days(30),
                        )
                    ],
                    expiration=Duration.days(180),
                )
            ],
            removal_policy=RemovalPolicy.DESTROY,
        )

        state_table = dynamodb.Table(
            self,
            "IngestStateTable",
            table_name=f"ingest-state-{suffix}",
            partition_key=dynamodb.Attribute(name="sourceId", type=dynamodb.AttributeType.STRING),
            read_capacity=10,
            time_to_live_attribute="expiresAt",
            removal_policy=RemovalPolicy.DESTROY,
        )

        failed_queue = sqs.Queue(self, "FailedBatches", retention_period=Duration.days(7))

        collector_logs = logs.LogGroup(self, "CollectorLogs")

        collector = _lambda.Function(
            self,
            "Collector",
            function_name=f"ingest-collector-{suffix}",
            runtime=_lambda.Runtime.PYTHON_3_12,
            architecture=_lambda.Architecture.ARM_64,
            handler="collector.handler",
            code=_lambda.Code.from_asset("lambda"),
            memory_size=COLLECTOR_MEMORY_MB,
            timeout=Duration.minutes(5),
            vpc=vpc,
            security_groups=[collector_sg],
            dead_letter_queue=failed_queue,
            log_group=collector_logs,
            environment={"BUCKET": raw_bucket.bucket_name, "STATE_TABLE": state_table.table_name},
        )
        raw_bucket.grant_write(collector)
        state_table.grant_read_write_data(collector)

        events.Rule(
            self,
            "CollectorSchedule",
            schedule=events.Schedule.rate(Duration.minutes(15)),
            targets=[targets.LambdaFunction(collector)],
        )

        database = rds.DatabaseInstance(
            self,
            "IngestDatabase",
            engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_16),
            instance_type=ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
            vpc=vpc,
            security_groups=[db_sg],
            multi_az=False,
            allocated_storage=20,
            storage_encrypted=True,
            backup_retention=Duration.days(7),
            deletion_protection=False,
            removal_policy=RemovalPolicy.DESTROY,
        )

        reporter_role = iam.Role(
            self,
            "ReporterRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("service-role/AWSLambdaBasicExecutionRole")],
        )
        reporter_role.add_to_policy(
            iam.PolicyStatement(actions=["s3:GetObject", "s3:ListBucket"], resources=[raw_bucket.bucket_arn])
        )

        collect_step = tasks.LambdaInvoke(self, "CollectBatch", lambda_function=collector)
        collect_step.add_retry(max_attempts=4, interval=Duration.seconds(10), backoff_rate=2)
        workflow = sfn.StateMachine(
            self,
            "IngestWorkflow",
            state_machine_name=f"ingest-workflow-{suffix}",
            definition_body=sfn.DefinitionBody.from_chainable(collect_step.next(sfn.Succeed(self, "Done"))),
            timeout=Duration.hours(1),
            tracing_enabled=True,
        )

        errors_alarm = cloudwatch.Alarm(
            self,
            "CollectorErrors",
            metric=collector.metric_errors(period=Duration.minutes(5)),
            threshold=1,
            evaluation_periods=1,
        )

        live = _lambda.Alias(self, "CollectorLive", alias_name="live", version=collector.current_version)
        codedeploy.LambdaDeploymentGroup(
            self,
            "CollectorDeployment",
            alias=live,
            deployment_config=codedeploy.LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES,
            alarms=[errors_alarm],
        )

        self.database = database
        self.workflow = workflow
