resource "aws_sqs_queue" "ingest_dlq" {
  name                              = "${local.name_prefix}-ingest-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.data.id
  kms_data_key_reuse_period_seconds = 300
}

resource "aws_sqs_queue" "ingest" {
  name                              = "${local.name_prefix}-ingest"
  visibility_timeout_seconds        = local.queue_visibility_timeout
  receive_wait_time_seconds         = 20
  kms_master_key_id                 = aws_kms_key.data.id
  kms_data_key_reuse_period_seconds = 300

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.ingest_dlq.arn
    maxReceiveCount     = var.max_receive_count
  })
}

data "aws_iam_policy_document" "ingest_queue" {
  statement {
    sid       = "AllowLandingBucketNotifications"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.ingest.arn]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.landing.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "ingest" {
  queue_url = aws_sqs_queue.ingest.id
  policy    = data.aws_iam_policy_document.ingest_queue.json
}
