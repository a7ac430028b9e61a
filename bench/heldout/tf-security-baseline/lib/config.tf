# ---------------------------------------------------------------------------
# AWS Config recorder, delivery channel and managed rules
# ---------------------------------------------------------------------------

locals {
  config_rules = {
    s3-bucket-public-read-prohibited = {
      identifier = "S3_BUCKET_PUBLIC_READ_PROHIBITED"
      params     = {}
    }
    s3-bucket-ssl-requests-only = {
      identifier = "S3_BUCKET_SSL_REQUESTS_ONLY"
      params     = {}
    }
    cloudtrail-enabled = {
      identifier = "CLOUD_TRAIL_ENABLED"
      params     = {}
    }
    root-account-mfa-enabled = {
      identifier = "ROOT_ACCOUNT_MFA_ENABLED"
      params     = {}
    }
    iam-password-policy = {
      identifier = "IAM_PASSWORD_POLICY"
      params = {
        MinimumPasswordLength = "14"
        RequireSymbols        = "true"
        MaxPasswordAge        = "90"
      }
    }
  }
}

resource "aws_config_configuration_recorder" "main" {
  name     = "${local.name_prefix}-recorder"
  role_arn = aws_iam_role.config.arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}

resource "aws_config_delivery_channel" "main" {
  name           = "${local.name_prefix}-delivery"
  s3_bucket_name = aws_s3_bucket.logs.id
  s3_key_prefix  = local.config_prefix
  s3_kms_key_arn = aws_kms_key.logs.arn

  snapshot_delivery_properties {
    delivery_frequency = "Six_Hours"
  }

  depends_on = [
    aws_config_configuration_recorder.main,
    aws_s3_bucket_policy.logs,
  ]
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true

  depends_on = [aws_config_delivery_channel.main]
}

resource "aws_config_config_rule" "managed" {
  for_each = local.config_rules

  name = "${local.name_prefix}-${each.key}"

  source {
    owner             = "AWS"
    source_identifier = each.value.identifier
  }

  input_parameters = length(each.value.params) > 0 ? jsonencode(each.value.params) : null

  depends_on = [aws_config_configuration_recorder.main]
}
