locals {
  prefix = "datalake-${var.environment_suffix}"
  tags   = { Project = "datalake", Suffix = var.environment_suffix }
}

resource "aws_kms_key" "lake" {
  description             = "${local.prefix} lake encryption"
  enable_key_rotation     = true
  deletion_window_in_days = 10
  tags                    = local.tags
}

resource "aws_kms_alias" "lake" {
  name          = "alias/${local.prefix}"
  target_key_id = aws_kms_key.lake.key_id
}

resource "aws_s3_bucket" "zone" {
  for_each = var.zones
  bucket   = "${local.prefix}-${each.key}"
  tags     = merge(local.tags, { Zone = each.key })
}

resource "aws_s3_bucket_versioning" "zone" {
  for_each = aws_s3_bucket.zone
  bucket   = each.value.id
  versioning_configuration {
    status = var.zones[each.key].versioned ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "zone" {
  for_each = var.zones
  bucket   = aws_s3_bucket.zone[each.key].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.lake.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "zone" {
  for_each                = var.zones
  bucket                  = aws_s3_bucket.zone[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "zone" {
  for_each = var.zones
  bucket   = aws_s3_bucket.zone[each.key].id
  rule {
    id     = "expire-${each.key}"
    status = "Enabled"
    filter {}
    expiration {
      days = each.value.expire_days
    }
  }
}

resource "aws_s3_bucket" "dr" {
  provider = aws.dr
  bucket   = "${local.prefix}-curated-dr"
}

resource "aws_dynamodb_table" "catalog" {
  name         = "${local.prefix}-catalog"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "dataset"
  range_key    = "partition"
  attribute {
    name = "dataset"
    type = "S"
  }
  attribute {
    name = "partition"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
}
