resource "aws_kinesis_stream" "events" {
  name             = "${local.prefix}-events"
  shard_count      = var.stream_shards
  retention_period = 48
  encryption_type  = "KMS"
  kms_key_id       = aws_kms_key.lake.arn
}

resource "aws_sqs_queue" "ingest_dlq" {
  name                      = "${local.prefix}-ingest-dlq"
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "ingest" {
  name                       = "${local.prefix}-ingest"
  visibility_timeout_seconds = 360
  kms_master_key_id          = aws_kms_alias.lake.arn
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.ingest_dlq.arn
    maxReceiveCount     = 3
  })
}

resource "aws_lambda_function" "ingest" {
  function_name = "${local.prefix}-ingest"
  role          = aws_iam_role.ingest.arn
  runtime       = "python3.12"
  handler       = "ingest.handler"
  filename      = "${path.module}/lambda/ingest.zip"
  memory_size   = 1024
  timeout       = 300
  environment {
    variables = {
      RAW_BUCKET    = aws_s3_bucket.zone["raw"].bucket
      CATALOG_TABLE = aws_dynamodb_table.catalog.name
    }
  }
  tracing_config {
    mode = "Active"
  }
}

resource "aws_lambda_event_source_mapping" "ingest" {
  event_source_arn = aws_sqs_queue.ingest.arn
  function_name    = aws_lambda_function.ingest.arn
  batch_size       = 10
}

resource "aws_cloudwatch_log_group" "ingest" {
  name              = "/aws/lambda/${aws_lambda_function.ingest.function_name}"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "ingest" {
  statement {
    sid       = "WriteRaw"
    actions   = ["s3:PutObject", "s3:GetObject"]
    resources = ["${aws_s3_bucket.zone["raw"].arn}/*"]
  }
  statement {
    sid       = "Catalog"
    actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.catalog.arn]
  }
  statement {
    sid       = "Queue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.ingest.arn]
  }
  statement {
    sid       = "Decrypt"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.lake.arn]
  }
}

resource "aws_iam_role" "ingest" {
  name               = "${local.prefix}-ingest"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role_policy" "ingest" {
  name   = "ingest"
  role   = aws_iam_role.ingest.id
  policy = data.aws_iam_policy_document.ingest.json
}

resource "aws_iam_role_policy_attachment" "ingest_logs" {
  role       = aws_iam_role.ingest.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_glue_catalog_database" "lake" {
  name = replace("${local.prefix}_lake", "-", "_")
}

resource "aws_glue_crawler" "curated" {
  name          = "${local.prefix}-curated"
  role          = aws_iam_role.ingest.arn
  database_name = aws_glue_catalog_database.lake.name
  schedule      = "cron(0 3 * * ? *)"
  s3_target {
    path = "s3://${aws_s3_bucket.zone["curated"].bucket}/"
  }
}

resource "aws_athena_workgroup" "analysts" {
  name = "${local.prefix}-analysts"
  configuration {
    enforce_workgroup_configuration = true
    result_configuration {
      output_location = "s3://${aws_s3_bucket.zone["results"].bucket}/athena/"
      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = aws_kms_key.lake.arn
      }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "queue_age" {
  count               = length(local.watched_queues)
  alarm_name          = "${local.watched_queues[count.index]}-age"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = local.watched_queues[count.index] }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 900
  comparison_operator = "GreaterThanThreshold"
}

locals {
  watched_queues = ["${local.prefix}-ingest", "${local.prefix}-ingest-dlq"]
}

output "bucket_names" {
  value = { for zone, bucket in aws_s3_bucket.zone : zone => bucket.bucket }
}
