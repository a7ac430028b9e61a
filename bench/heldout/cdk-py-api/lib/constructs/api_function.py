"""A Lambda function with its own log group, as every function of the orders API uses it."""
from typing import Mapping, Optional, Sequence

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_lambda as _lambda
from aws_cdk import aws_logs as logs
from constructs import Construct

DEFAULT_RUNTIME = _lambda.Runtime.PYTHON_3_12
DEFAULT_MEMORY_MB = 256


class ApiFunction(Construct):
    """Python function on Graviton, traced, in the private subnets, logging to a dedicated log group."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        function_name: str,
        code_dir: str,
        vpc: ec2.IVpc,
        security_group: ec2.ISecurityGroup,
        environment: Mapping[str, str],
        memory_size: int = DEFAULT_MEMORY_MB,
        timeout: Duration = Duration.seconds(30),
        reserved_concurrency: Optional[int] = None,
        log_retention: logs.RetentionDays = logs.RetentionDays.ONE_MONTH,
        runtime: _lambda.Runtime = DEFAULT_RUNTIME,
        layers: Sequence[_lambda.ILayerVersion] = (),
    ) -> None:
        super().__init__(scope, construct_id)

        self.log_group = logs.LogGroup(
            self,
            "LogGroup",
            log_group_name=f"/aws/lambda/{function_name}",
            retention=log_retention,
            removal_policy=RemovalPolicy.DESTROY,
        )

        self.function = _lambda.Function(
            self,
            "Function",
            function_name=function_name,
            runtime=runtime,
            architecture=_lambda.Architecture.ARM_64,
            handler="index.handler",
            code=_lambda.Code.from_asset(code_dir),
            memory_size=memory_size,
            timeout=timeout,
            reserved_concurrent_executions=reserved_concurrency,
            tracing=_lambda.Tracing.ACTIVE,
            environment=dict(environment),
            vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
            security_groups=[security_group],
            log_group=self.log_group,
            layers=list(layers),
        )
