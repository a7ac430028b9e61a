data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  name_prefix   = "${var.project_name}-${var.environment_suffix}"
  is_production = var.environment == "production"
  account_id    = data.aws_caller_identity.current.account_id

  common_tags = merge(var.tags, {
    Project     = var.project_name
    Environment = var.environment
    ManagedBy   = "terraform"
  })

  landing_bucket_name     = "${local.name_prefix}-landing-${local.account_id}"
  access_logs_bucket_name = "${local.name_prefix}-access-logs-${local.account_id}"
  events_table_name       = "${local.name_prefix}-events"
  aggregates_table_name   = "${local.name_prefix}-aggregates"

  # Production gets more headroom on the ingest function and faster alarms.
  ingest_reserved_concurrency = local.is_production ? 50 : 10
  alarm_period_seconds        = local.is_production ? 60 : 300

  # SQS visibility timeout must be at least six times the consumer's timeout.
  queue_visibility_timeout = var.lambda_timeout * 6

  interface_endpoint_services = ["sqs", "kinesis-streams", "logs", "kms"]

  monitored_functions = {
    ingest     = module.ingest_lambda.function_name
    aggregator = module.aggregator_lambda.function_name
    stream     = aws_lambda_function.stream_processor.function_name
  }
}
