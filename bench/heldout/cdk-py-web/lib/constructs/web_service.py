"""ECS Fargate service behind an Application Load Balancer, with scaling and alarms."""
from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from constructs import Construct

from lib.constructs.network import CONTAINER_PORT

HEALTH_CHECK_PATH = "/healthz"


class WebServiceConstruct(Construct):
    """Cluster, task definition, Fargate service, ALB, auto scaling and alarms."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        environment_suffix: str,
        vpc: ec2.IVpc,
        alb_security_group: ec2.ISecurityGroup,
        service_security_group: ec2.ISecurityGroup,
        certificate_arn: str,
        database_secret: secretsmanager.ISecret,
        assets_bucket: s3.IBucket,
        alarm_topic: sns.ITopic,
    ) -> None:
        super().__init__(scope, construct_id)

        self.cluster = ecs.Cluster(
            self,
            "Cluster",
            vpc=vpc,
            cluster_name=f"tap-web-{environment_suffix}",
            container_insights=True,
        )

        self.log_group = logs.LogGroup(
            self,
            "AppLogGroup",
            log_group_name=f"/ecs/tap-web-{environment_suffix}",
            retention=logs.RetentionDays.TWO_WEEKS,
            removal_policy=RemovalPolicy.DESTROY,
        )

        task_definition = ecs.FargateTaskDefinition(
            self,
            "TaskDefinition",
            family=f"tap-web-{environment_suffix}",
            cpu=512,
            memory_limit_mib=1024,
        )
        task_definition.add_container(
            "web",
            image=ecs.ContainerImage.from_registry("public.ecr.aws/nginx/nginx:1.25"),
            logging=ecs.LogDrivers.aws_logs(stream_prefix="web", log_group=self.log_group),
            port_mappings=[ecs.PortMapping(container_port=CONTAINER_PORT)],
            environment={
                "APP_ENV": environment_suffix,
                "ASSETS_BUCKET": assets_bucket.bucket_name,
            },
            secrets={
                "DB_USERNAME": ecs.Secret.from_secrets_manager(database_secret, "username"),
                "DB_PASSWORD": ecs.Secret.from_secrets_manager(database_secret, "password"),
            },
        )
        assets_bucket.grant_read_write(task_definition.task_role)

        self.service = ecs.FargateService(
            self,
            "Service",
            cluster=self.cluster,
            service_name=f"tap-web-{environment_suffix}",
            task_definition=task_definition,
            desired_count=2,
            min_healthy_percent=100,
            max_healthy_percent=200,
            assign_public_ip=False,
            security_groups=[service_security_group],
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
            circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True),
            health_check_grace_period=Duration.seconds(60),
        )

        self.load_balancer = elbv2.ApplicationLoadBalancer(
            self,
            "LoadBalancer",
            vpc=vpc,
            internet_facing=True,
            load_balancer_name=f"tap-web-{environment_suffix}",
            security_group=alb_security_group,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC),
        )

        certificate = acm.Certificate.from_certificate_arn(self, "Certificate", certificate_arn)
        https_listener = self.load_balancer.add_listener(
            "HttpsListener",
            port=443,
            protocol=elbv2.ApplicationProtocol.HTTPS,
            certificates=[certificate],
            ssl_policy=elbv2.SslPolicy.RECOMMENDED_TLS,
        )
        self.target_group = https_listener.add_targets(
            "WebTargets",
            port=CONTAINER_PORT,
            protocol=elbv2.ApplicationProtocol.HTTP,
            targets=[self.service],
            deregistration_delay=Duration.seconds(30),
            health_check=elbv2.HealthCheck(
                path=HEALTH_CHECK_PATH,
                healthy_http_codes="200",
                interval=Duration.seconds(30),
                timeout=Duration.seconds(5),
                healthy_threshold_count=2,
                unhealthy_threshold_count=3,
            ),
        )
        # Port 80 only redirects to 443.
        self.load_balancer.add_redirect(source_port=80, target_port=443)

        scaling = self.service.auto_scale_task_count(min_capacity=2, max_capacity=6)
        scaling.scale_on_cpu_utilization(
            "CpuScaling",
            target_utilization_percent=60,
            scale_in_cooldown=Duration.seconds(300),
            scale_out_cooldown=Duration.seconds(60),
        )

        alarm_action = cw_actions.SnsAction(alarm_topic)

        self.cpu_alarm = cloudwatch.Alarm(
            self,
            "ServiceCpuHigh",
            alarm_name=f"tap-web-{environment_suffix}-service-cpu-high",
            metric=self.service.metric_cpu_utilization(period=Duration.minutes(5)),
            threshold=85,
            evaluation_periods=3,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        )
        self.unhealthy_hosts_alarm = cloudwatch.Alarm(
            self,
            "UnhealthyHosts",
            alarm_name=f"tap-web-{environment_suffix}-unhealthy-hosts",
            metric=self.target_group.metrics.unhealthy_host_count(period=Duration.minutes(1)),
            threshold=1,
            evaluation_periods=2,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        )
        self.target_5xx_alarm = cloudwatch.Alarm(
            self,
            "Target5xx",
            alarm_name=f"tap-web-{environment_suffix}-target-5xx",
            metric=self.load_balancer.metrics.http_code_target(
                elbv2.HttpCodeTarget.TARGET_5XX_COUNT,
                period=Duration.minutes(5),
                statistic="Sum",
            ),
            threshold=10,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        for alarm in (self.cpu_alarm, self.unhealthy_hosts_alarm, self.target_5xx_alarm):
            alarm.add_alarm_action(alarm_action)
