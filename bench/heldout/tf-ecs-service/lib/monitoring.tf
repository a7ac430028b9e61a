resource "aws_sns_topic" "alarms" {
  name              = "${local.name_prefix}-alarms"
  kms_master_key_id = aws_kms_key.main.id
}

resource "aws_sns_topic_subscription" "email" {
  count     = var.alarm_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_sqs_queue" "dlq" {
  name                      = "${local.name_prefix}-dlq"
  message_retention_seconds = 1209600
  kms_master_key_id         = aws_kms_key.main.id
}

resource "aws_sqs_queue" "work" {
  for_each                   = local.queues
  name                       = "${local.name_prefix}-${each.key}"
  visibility_timeout_seconds = each.value.visibility_timeout
  kms_master_key_id          = aws_kms_key.main.id
  redrive_policy             = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 5 })
}

locals {
  ecs_dimensions = { ClusterName = aws_ecs_cluster.main.name, ServiceName = aws_ecs_service.app.name }
  alarms = {
    ecs-cpu-high    = { namespace = "AWS/ECS", metric = "CPUUtilization", statistic = "Average", period = 60, periods = 3, threshold = 80, dimensions = local.ecs_dimensions }
    ecs-memory-high = { namespace = "AWS/ECS", metric = "MemoryUtilization", statistic = "Average", period = 60, periods = 3, threshold = 85, dimensions = local.ecs_dimensions }
    alb-target-5xx  = { namespace = "AWS/ApplicationELB", metric = "HTTPCode_Target_5XX_Count", statistic = "Sum", period = 300, periods = 1, threshold = 10, dimensions = { LoadBalancer = aws_lb.main.arn_suffix } }
    aurora-cpu-high = { namespace = "AWS/RDS", metric = "CPUUtilization", statistic = "Average", period = 300, periods = 2, threshold = 75, dimensions = { DBClusterIdentifier = aws_rds_cluster.main.cluster_identifier } }
    dlq-not-empty   = { namespace = "AWS/SQS", metric = "ApproximateNumberOfMessagesVisible", statistic = "Maximum", period = 300, periods = 1, threshold = 0, dimensions = { QueueName = aws_sqs_queue.dlq.name } }
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each            = local.alarms
  alarm_name          = "${local.name_prefix}-${each.key}"
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  period              = each.value.period
  evaluation_periods  = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  dimensions          = each.value.dimensions
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}
