# Ingest: SQS (S3 notifications) -> reads the object -> Kinesis.
module "ingest_lambda" {
  source = "./modules/lambda_function"

  function_name        = "${local.name_prefix}-ingest"
  description          = "Reads landed objects and puts their records on the clickstream stream"
  source_dir           = "${path.module}/lambda/ingest"
  handler              = "handler.lambda_handler"
  runtime              = "python3.12"
  memory_size          = var.lambda_memory_size
  timeout              = var.lambda_timeout
  reserved_concurrency = local.ingest_reserved_concurrency
  log_retention_days   = var.log_retention_days
  kms_key_arn          = aws_kms_key.data.arn
  tracing_mode         = "Active"
  subnet_ids           = aws_subnet.private[*].id
  security_group_ids   = [aws_security_group.lambda.id]
  attach_policy        = true
  policy_json          = data.aws_iam_policy_document.ingest.json

  environment_variables = {
    STREAM_NAME             = aws_kinesis_stream.clickstream.name
    LOG_LEVEL               = "INFO"
    POWERTOOLS_SERVICE_NAME = "ingest"
  }

  tags = local.common_tags
}

# Aggregator: DynamoDB stream of the events table -> per-window counters.
module "aggregator_lambda" {
  source = "./modules/lambda_function"

  function_name      = "${local.name_prefix}-aggregator"
  description        = "Rolls new events up into five-minute aggregates"
  source_dir         = "${path.module}/lambda/aggregator"
  handler            = "handler.lambda_handler"
  memory_size        = 256
  timeout            = 120
  kms_key_arn        = aws_kms_key.data.arn
  subnet_ids         = aws_subnet.private[*].id
  security_group_ids = [aws_security_group.lambda.id]
  attach_policy      = true
  policy_json        = data.aws_iam_policy_document.aggregator.json

  environment_variables = {
    AGGREGATES_TABLE = aws_dynamodb_table.aggregates.name
    WINDOW_MINUTES   = "5"
  }

  tags = local.common_tags
}

# Stream processor: Kinesis -> events table. Not in the VPC: it only talks to
# Kinesis and DynamoDB and does not need private connectivity.
data "archive_file" "stream_processor" {
  type        = "zip"
  source_dir  = "${path.module}/lambda/stream_processor"
  output_path = "${path.module}/.build/stream_processor.zip"
}

resource "aws_cloudwatch_log_group" "stream_processor" {
  name              = "/aws/lambda/${local.name_prefix}-stream-processor"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.data.arn
}

resource "aws_lambda_function" "stream_processor" {
  function_name    = "${local.name_prefix}-stream-processor"
  description      = "Writes clickstream records to the events table"
  role             = aws_iam_role.stream_processor.arn
  handler          = "handler.lambda_handler"
  runtime          = "python3.12"
  architectures    = ["x86_64"]
  memory_size      = 768
  timeout          = 300
  filename         = data.archive_file.stream_processor.output_path
  source_code_hash = data.archive_file.stream_processor.output_base64sha256
  kms_key_arn      = aws_kms_key.data.arn

  environment {
    variables = {
      EVENTS_TABLE = aws_dynamodb_table.events.name
      TTL_DAYS     = "90"
    }
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_cloudwatch_log_group.stream_processor]
}

resource "aws_lambda_event_source_mapping" "ingest_queue" {
  event_source_arn                   = aws_sqs_queue.ingest.arn
  function_name                      = module.ingest_lambda.function_arn
  batch_size                         = 10
  maximum_batching_window_in_seconds = 5
  function_response_types            = ["ReportBatchItemFailures"]
}

resource "aws_lambda_event_source_mapping" "clickstream" {
  event_source_arn               = aws_kinesis_stream.clickstream.arn
  function_name                  = aws_lambda_function.stream_processor.arn
  starting_position              = "LATEST"
  batch_size                     = 100
  parallelization_factor         = 2
  maximum_retry_attempts         = 3
  bisect_batch_on_function_error = true

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.ingest_dlq.arn
    }
  }
}

resource "aws_lambda_event_source_mapping" "events_stream" {
  event_source_arn                   = aws_dynamodb_table.events.stream_arn
  function_name                      = module.aggregator_lambda.function_arn
  starting_position                  = "TRIM_HORIZON"
  batch_size                         = 500
  maximum_batching_window_in_seconds = 30

  filter_criteria {
    filter {
      pattern = jsonencode({ eventName = ["INSERT"] })
    }
  }
}
