"""Networking for the TAP web service: VPC, flow logs and security groups."""
from aws_cdk import RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_logs as logs
from constructs import Construct

CONTAINER_PORT = 8080
DATABASE_PORT = 5432


class NetworkConstruct(Construct):
    """VPC with public, application and data tiers plus the security groups."""

    def __init__(self, scope: Construct, construct_id: str, *, environment_suffix: str) -> None:
        super().__init__(scope, construct_id)

        self.vpc = ec2.Vpc(
            self,
            "Vpc",
            vpc_name=f"tap-web-vpc-{environment_suffix}",
            ip_addresses=ec2.IpAddresses.cidr("10.20.0.0/16"),
            max_azs=2,
            nat_gateways=1,
            subnet_configuration=[
                ec2.SubnetConfiguration(
                    name="public",
                    subnet_type=ec2.SubnetType.PUBLIC,
                    cidr_mask=24,
                ),
                ec2.SubnetConfiguration(
                    name="app",
                    subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS,
                    cidr_mask=22,
                ),
                ec2.SubnetConfiguration(
                    name="data",
                    subnet_type=ec2.SubnetType.PRIVATE_ISOLATED,
                    cidr_mask=26,
                ),
            ],
        )

        flow_log_group = logs.LogGroup(
            self,
            "FlowLogGroup",
            log_group_name=f"/tap-web/{environment_suffix}/vpc-flow-logs",
            retention=logs.RetentionDays.ONE_MONTH,
            removal_policy=RemovalPolicy.DESTROY,
        )
        self.vpc.add_flow_log(
            "FlowLog",
            destination=ec2.FlowLogDestination.to_cloud_watch_logs(flow_log_group),
            traffic_type=ec2.FlowLogTrafficType.REJECT,
        )

        # Load balancer: only HTTPS and the HTTP->HTTPS redirect are reachable.
        self.alb_security_group = ec2.SecurityGroup(
            self,
            "AlbSecurityGroup",
            vpc=self.vpc,
            security_group_name=f"tap-web-alb-sg-{environment_suffix}",
            description="Public ingress to the TAP web load balancer",
            allow_all_outbound=True,
        )
        self.alb_security_group.add_ingress_rule(
            ec2.Peer.any_ipv4(), ec2.Port.tcp(443), "HTTPS from the internet"
        )
        self.alb_security_group.add_ingress_rule(
            ec2.Peer.any_ipv4(), ec2.Port.tcp(80), "HTTP, redirected to HTTPS"
        )

        # Fargate tasks: reachable from the load balancer only.
        self.service_security_group = ec2.SecurityGroup(
            self,
            "ServiceSecurityGroup",
            vpc=self.vpc,
            security_group_name=f"tap-web-svc-sg-{environment_suffix}",
            description="TAP web Fargate tasks",
            allow_all_outbound=True,
        )
        self.service_security_group.add_ingress_rule(
            self.alb_security_group,
            ec2.Port.tcp(CONTAINER_PORT),
            "Load balancer to container port",
        )

        # Database: reachable from the Fargate tasks only, no outbound rules.
        self.database_security_group = ec2.SecurityGroup(
            self,
            "DatabaseSecurityGroup",
            vpc=self.vpc,
            security_group_name=f"tap-web-db-sg-{environment_suffix}",
            description="TAP web Aurora PostgreSQL cluster",
            allow_all_outbound=False,
        )
        self.database_security_group.add_ingress_rule(
            self.service_security_group,
            ec2.Port.tcp(DATABASE_PORT),
            "Fargate tasks to PostgreSQL",
        )
