resource "aws_dynamodb_table" "events" {
  name                        = local.events_table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  stream_enabled              = true
  stream_view_type            = "NEW_AND_OLD_IMAGES"
  deletion_protection_enabled = local.is_production

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  attribute {
    name = "session_id"
    type = "S"
  }

  attribute {
    name = "event_type"
    type = "S"
  }

  attribute {
    name = "event_ts"
    type = "N"
  }

  global_secondary_index {
    name            = "by-session"
    hash_key        = "session_id"
    range_key       = "event_ts"
    projection_type = "ALL"
  }

  global_secondary_index {
    name            = "by-event-type"
    hash_key        = "event_type"
    range_key       = "event_ts"
    projection_type = "KEYS_ONLY"
  }

  point_in_time_recovery {
    enabled = true
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}

resource "aws_dynamodb_table" "aggregates" {
  name           = local.aggregates_table_name
  billing_mode   = "PROVISIONED"
  read_capacity  = 5
  write_capacity = 10
  hash_key       = "metric"
  range_key      = "window_start"

  attribute {
    name = "metric"
    type = "S"
  }

  attribute {
    name = "window_start"
    type = "N"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}
