"""TapStack: REST API backend for customer orders.

API Gateway (REST, stage v1) -> OrdersHandler Lambda -> DynamoDB orders table, and an SQS queue
that the OrderWorker Lambda drains to write receipts to S3. One customer-managed KMS key encrypts
the table, the bucket, both queues and the alarm topic.
"""
from aws_cdk import CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from lib.constructs.api_function import ApiFunction

VPC_CIDR = "10.20.0.0/16"
API_STAGE_NAME = "v1"
ORDER_TTL_ATTRIBUTE = "expires_at"
WORKER_BATCH_SIZE = 10


class TapStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, environment_suffix: str = "dev", **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        suffix = environment_suffix
        alarm_email = self.node.try_get_context("alarmEmail") or "platform-alerts@example.com"

        # --- Encryption -------------------------------------------------------------------------
        data_key = kms.Key(
            self,
            "DataKey",
            alias=f"alias/orders-api-{suffix}",
            description="Encrypts the orders table, receipts bucket, queues and alarm topic",
            enable_key_rotation=True,
            pending_window=Duration.days(7),
            removal_policy=RemovalPolicy.DESTROY,
        )

        # --- Network ----------------------------------------------------------------------------
        vpc = ec2.Vpc(
            self,
            "ApiVpc",
            ip_addresses=ec2.IpAddresses.cidr(VPC_CIDR),
            max_azs=2,
            nat_gateways=1,
            subnet_configuration=[
                ec2.SubnetConfiguration(name="public", subnet_type=ec2.SubnetType.PUBLIC, cidr_mask=24),
                ec2.SubnetConfiguration(name="app", subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS, cidr_mask=22),
            ],
        )

        lambda_sg = ec2.SecurityGroup(
            self,
            "LambdaSecurityGroup",
            vpc=vpc,
            description="Orders API functions",
            allow_all_outbound=False,
        )
        lambda_sg.add_ingress_rule(ec2.Peer.ipv4(VPC_CIDR), ec2.Port.tcp(443), "HTTPS from inside the VPC")
        lambda_sg.add_egress_rule(ec2.Peer.any_ipv4(), ec2.Port.tcp(443), "HTTPS to AWS APIs")

        # --- Data -------------------------------------------------------------------------------
        orders_table = dynamodb.Table(
            self,
            "OrdersTable",
            table_name=f"orders-{suffix}",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="sk", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery=True,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=data_key,
            time_to_live_attribute=ORDER_TTL_ATTRIBUTE,
            removal_policy=RemovalPolicy.DESTROY,
        )
        orders_table.add_global_secondary_index(
            index_name="by-customer",
            partition_key=dynamodb.Attribute(name="customer_id", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="created_at", type=dynamodb.AttributeType.STRING),
            projection_type=dynamodb.ProjectionType.ALL,
        )

        receipts_bucket = s3.Bucket(
            self,
            "ReceiptsBucket",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=data_key,
            bucket_key_enabled=True,
            versioned=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            removal_policy=RemovalPolicy.DESTROY,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="archive-receipts",
                    transitions=[
                        s3.Transition(storage_class=s3.StorageClass.INFREQUENT_ACCESS, transition_after=Duration.days(30)),
                        s3.Transition(storage_class=s3.StorageClass.GLACIER, transition_after=Duration.days(180)),
                    ],
                    noncurrent_version_expiration=Duration.days(60),
                ),
                s3.LifecycleRule(id="abort-multipart", abort_incomplete_multipart_upload_after=Duration.days(7)),
            ],
        )

        # --- Messaging --------------------------------------------------------------------------
        order_events_dlq = sqs.Queue(
            self,
            "OrderEventsDlq",
            queue_name=f"order-events-dlq-{suffix}",
            retention_period=Duration.days(14),
            encryption=sqs.QueueEncryption.KMS,
            encryption_master_key=data_key,
            enforce_ssl=True,
        )
        order_events_queue = sqs.Queue(
            self,
            "OrderEventsQueue",
            queue_name=f"order-events-{suffix}",
            visibility_timeout=Duration.seconds(180),
            encryption=sqs.QueueEncryption.KMS,
            encryption_master_key=data_key,
            enforce_ssl=True,
            dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=5, queue=order_events_dlq),
        )

        # --- Compute ----------------------------------------------------------------------------
        orders_handler = ApiFunction(
            self,
            "OrdersHandler",
            function_name=f"orders-api-handler-{suffix}",
            code_dir="lambda/orders",
            vpc=vpc,
            security_group=lambda_sg,
            memory_size=512,
            timeout=Duration.seconds(29),
            reserved_concurrency=50,
            environment={
                "TABLE_NAME": orders_table.table_name,
                "QUEUE_URL": order_events_queue.queue_url,
                "POWERTOOLS_SERVICE_NAME": "orders-api",
                "LOG_LEVEL": "INFO",
            },
        ).function

        order_worker = ApiFunction(
            self,
            "OrderWorker",
            function_name=f"orders-api-worker-{suffix}",
            code_dir="lambda/worker",
            vpc=vpc,
            security_group=lambda_sg,
            memory_size=1024,
            timeout=Duration.seconds(120),
            environment={
                "TABLE_NAME": orders_table.table_name,
                "RECEIPTS_BUCKET": receipts_bucket.bucket_name,
                "LOG_LEVEL": "INFO",
            },
        ).function
        order_worker.add_event_source(
            event_sources.SqsEventSource(
                order_events_queue,
                batch_size=WORKER_BATCH_SIZE,
                max_batching_window=Duration.seconds(5),
                report_batch_item_failures=True,
            )
        )

        # --- Permissions ------------------------------------------------------------------------
        orders_table.grant_read_write_data(orders_handler)
        order_events_queue.grant_send_messages(orders_handler)

        orders_table.grant_write_data(order_worker)
        receipts_bucket.grant_put(order_worker)
        order_worker.add_to_role_policy(
            iam.PolicyStatement(
                sid="ReadWorkerConfig",
                actions=["ssm:GetParameter", "ssm:GetParametersByPath"],
                resources=[f"arn:aws:ssm:{self.region}:{self.account}:parameter/orders-api/{suffix}/*"],
            )
        )
        order_worker.add_to_role_policy(
            iam.PolicyStatement(
                sid="PublishOrderMetrics",
                actions=["cloudwatch:PutMetricData"],
                resources=["*"],
                conditions={"StringEquals": {"cloudwatch:namespace": "OrdersApi"}},
            )
        )

        # --- API --------------------------------------------------------------------------------
        access_logs = logs.LogGroup(
            self,
            "ApiAccessLogs",
            log_group_name=f"/aws/apigateway/orders-api-{suffix}",
            retention=logs.RetentionDays.THREE_MONTHS,
            removal_policy=RemovalPolicy.DESTROY,
        )

        api = apigw.RestApi(
            self,
            "OrdersApi",
            rest_api_name=f"orders-api-{suffix}",
            description="Orders REST API",
            endpoint_types=[apigw.EndpointType.REGIONAL],
            cloud_watch_role=True,
            deploy_options=apigw.StageOptions(
                stage_name=API_STAGE_NAME,
                throttling_rate_limit=100,
                throttling_burst_limit=200,
                logging_level=apigw.MethodLoggingLevel.INFO,
                data_trace_enabled=False,
                metrics_enabled=True,
                tracing_enabled=True,
                access_log_destination=apigw.LogGroupLogDestination(access_logs),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=False,
                    http_method=True,
                    ip=True,
                    protocol=True,
                    request_time=True,
                    resource_path=True,
                    response_length=True,
                    status=True,
                    user=False,
                ),
            ),
        )

        integration = apigw.LambdaIntegration(orders_handler)
        orders = api.root.add_resource("orders")
        orders.add_method("GET", integration)
        orders.add_method("POST", integration, api_key_required=True)
        order = orders.add_resource("{orderId}")
        order.add_method("GET", integration)
        order.add_method("DELETE", integration, api_key_required=True)

        usage_plan = api.add_usage_plan(
            "OrdersUsagePlan",
            name=f"orders-api-plan-{suffix}",
            throttle=apigw.ThrottleSettings(rate_limit=50, burst_limit=100),
            quota=apigw.QuotaSettings(limit=10000, period=apigw.Period.DAY),
        )
        usage_plan.add_api_stage(stage=api.deployment_stage)
        usage_plan.add_api_key(api.add_api_key("OrdersApiKey", api_key_name=f"orders-api-key-{suffix}"))

        # --- Alarms -----------------------------------------------------------------------------
        alarm_topic = sns.Topic(
            self,
            "AlarmTopic",
            topic_name=f"orders-api-alarms-{suffix}",
            master_key=data_key,
        )
        alarm_topic.add_subscription(subscriptions.EmailSubscription(alarm_email))
        alarm_action = cw_actions.SnsAction(alarm_topic)

        handler_errors = cloudwatch.Alarm(
            self,
            "OrdersHandlerErrorsAlarm",
            alarm_name=f"orders-api-handler-errors-{suffix}",
            metric=orders_handler.metric_errors(period=Duration.minutes(5), statistic="Sum"),
            threshold=5,
            evaluation_periods=2,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        dlq_depth = cloudwatch.Alarm(
            self,
            "OrderEventsDlqDepthAlarm",
            alarm_name=f"orders-api-dlq-depth-{suffix}",
            metric=order_events_dlq.metric_approximate_number_of_messages_visible(period=Duration.minutes(1)),
            threshold=1,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        )
        api_5xx = cloudwatch.Alarm(
            self,
            "Api5xxAlarm",
            alarm_name=f"orders-api-5xx-{suffix}",
            metric=api.metric_server_error(statistic="Sum"),
            threshold=10,
            evaluation_periods=3,
        )
        for alarm in (handler_errors, dlq_depth, api_5xx):
            alarm.add_alarm_action(alarm_action)

        # --- Outputs ----------------------------------------------------------------------------
        CfnOutput(self, "ApiUrl", value=api.url, description="Base URL of the v1 stage")
        CfnOutput(self, "OrdersTableName", value=orders_table.table_name)
        CfnOutput(self, "ReceiptsBucketName", value=receipts_bucket.bucket_name)
        CfnOutput(self, "OrderEventsQueueUrl", value=order_events_queue.queue_url)
        CfnOutput(self, "AlarmTopicArn", value=alarm_topic.topic_arn)
