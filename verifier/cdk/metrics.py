"""CloudWatch metrics that CDK constructs' ``metricX()`` helpers return, as data.

``METRICS[construct][method]`` = (namespace, metric name, statistic, dimension name,
dimension value attribute) where the attribute is ``"Ref"`` or a ``GetAtt`` attribute name of
the construct's main resource.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricSpec:
    namespace: str
    name: str
    statistic: str
    dimension: str
    value_from: str  # "Ref" or a GetAtt attribute


def _lambda(name: str, statistic: str) -> MetricSpec:
    return MetricSpec("AWS/Lambda", name, statistic, "FunctionName", "Ref")


def _sqs(name: str, statistic: str) -> MetricSpec:
    return MetricSpec("AWS/SQS", name, statistic, "QueueName", "QueueName")


def _ddb(name: str, statistic: str) -> MetricSpec:
    return MetricSpec("AWS/DynamoDB", name, statistic, "TableName", "Ref")


def _api(name: str, statistic: str) -> MetricSpec:
    return MetricSpec("AWS/ApiGateway", name, statistic, "ApiName", "Name")


def _sfn(name: str, statistic: str) -> MetricSpec:
    return MetricSpec("AWS/States", name, statistic, "StateMachineArn", "Ref")


def _sns(name: str, statistic: str) -> MetricSpec:
    return MetricSpec("AWS/SNS", name, statistic, "TopicName", "TopicName")


_FUNCTION = {
    "metricErrors": _lambda("Errors", "Sum"),
    "metricInvocations": _lambda("Invocations", "Sum"),
    "metricThrottles": _lambda("Throttles", "Sum"),
    "metricDuration": _lambda("Duration", "Average"),
}

METRICS: dict[str, dict[str, MetricSpec]] = {
    "lambda.Function": _FUNCTION,
    "lambda_nodejs.NodejsFunction": _FUNCTION,
    "lambda_python.PythonFunction": _FUNCTION,
    "sqs.Queue": {
        "metricApproximateAgeOfOldestMessage": _sqs("ApproximateAgeOfOldestMessage", "Maximum"),
        "metricApproximateNumberOfMessagesVisible": _sqs("ApproximateNumberOfMessagesVisible", "Maximum"),
        "metricApproximateNumberOfMessagesNotVisible": _sqs("ApproximateNumberOfMessagesNotVisible", "Maximum"),
        "metricApproximateNumberOfMessagesDelayed": _sqs("ApproximateNumberOfMessagesDelayed", "Maximum"),
        "metricNumberOfMessagesSent": _sqs("NumberOfMessagesSent", "Sum"),
        "metricNumberOfMessagesReceived": _sqs("NumberOfMessagesReceived", "Sum"),
        "metricNumberOfMessagesDeleted": _sqs("NumberOfMessagesDeleted", "Sum"),
        "metricNumberOfEmptyReceives": _sqs("NumberOfEmptyReceives", "Sum"),
        "metricSentMessageSize": _sqs("SentMessageSize", "Average"),
    },
    "dynamodb.Table": {
        "metricConsumedReadCapacityUnits": _ddb("ConsumedReadCapacityUnits", "Sum"),
        "metricConsumedWriteCapacityUnits": _ddb("ConsumedWriteCapacityUnits", "Sum"),
        "metricUserErrors": MetricSpec("AWS/DynamoDB", "UserErrors", "Sum", "", ""),
        "metricThrottledRequests": _ddb("ThrottledRequests", "Sum"),
    },
    "apigateway.RestApi": {
        "metricServerError": _api("5XXError", "Sum"),
        "metricClientError": _api("4XXError", "Sum"),
        "metricLatency": _api("Latency", "Average"),
        "metricIntegrationLatency": _api("IntegrationLatency", "Average"),
        "metricCount": _api("Count", "SampleCount"),
    },
    "stepfunctions.StateMachine": {
        "metricFailed": _sfn("ExecutionsFailed", "Sum"),
        "metricTimedOut": _sfn("ExecutionsTimedOut", "Sum"),
        "metricSucceeded": _sfn("ExecutionsSucceeded", "Sum"),
        "metricStarted": _sfn("ExecutionsStarted", "Sum"),
        "metricAborted": _sfn("ExecutionsAborted", "Sum"),
        "metricThrottled": _sfn("ExecutionThrottled", "Sum"),
    },
    "sns.Topic": {
        "metricNumberOfNotificationsFailed": _sns("NumberOfNotificationsFailed", "Sum"),
        "metricNumberOfMessagesPublished": _sns("NumberOfMessagesPublished", "Sum"),
        "metricNumberOfNotificationsDelivered": _sns("NumberOfNotificationsDelivered", "Sum"),
    },
}
METRICS["ecs.FargateService"] = {
    "metricCpuUtilization": MetricSpec("AWS/ECS", "CPUUtilization", "Average", "", ""),  # two dimensions (cluster, service): not written
    "metricMemoryUtilization": MetricSpec("AWS/ECS", "MemoryUtilization", "Average", "", ""),
}
_CLUSTER_CPU = MetricSpec("AWS/RDS", "CPUUtilization", "Average", "DBClusterIdentifier", "Ref")
_INSTANCE_CPU = MetricSpec("AWS/RDS", "CPUUtilization", "Average", "DBInstanceIdentifier", "Ref")
METRICS["rds.DatabaseCluster"] = {"metricCPUUtilization": _CLUSTER_CPU, "metricCpuUtilization": _CLUSTER_CPU}  # TypeScript and Python spellings
METRICS["rds.DatabaseInstance"] = {"metricCPUUtilization": _INSTANCE_CPU, "metricCpuUtilization": _INSTANCE_CPU}
METRICS["apigateway.LambdaRestApi"] = METRICS["apigateway.RestApi"]
METRICS["dynamodb.TableV2"] = METRICS["dynamodb.Table"]

DEFAULT_PERIOD_S = 300
DEFAULT_STATISTIC = "Average"
