resource "aws_kinesis_stream" "clickstream" {
  name             = "${local.name_prefix}-clickstream"
  shard_count      = var.kinesis_shard_count
  retention_period = var.kinesis_retention_hours
  encryption_type  = "KMS"
  kms_key_id       = aws_kms_key.data.id

  shard_level_metrics = [
    "IncomingRecords",
    "IteratorAgeMilliseconds",
  ]

  stream_mode_details {
    stream_mode = "PROVISIONED"
  }
}
