# ---------------------------------------------------------------------------
# Managed database secret with Lambda-based rotation
# ---------------------------------------------------------------------------

resource "random_password" "db" {
  length           = 32
  special          = true
  override_special = "!#$%^&*()-_=+"
}

resource "aws_secretsmanager_secret" "db_credentials" {
  name                    = "${local.name_prefix}/rds/master-credentials"
  description             = "Database master credentials rotated by the baseline rotation function"
  kms_key_id              = aws_kms_key.secrets.arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "db_credentials" {
  secret_id = aws_secretsmanager_secret.db_credentials.id
  secret_string = jsonencode({
    engine   = "postgres"
    username = "baseline_admin"
    password = random_password.db.result
    port     = 5432
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

data "archive_file" "rotation" {
  type        = "zip"
  source_file = "${path.module}/lambda/rotation.py"
  output_path = "${path.module}/build/rotation.zip"
}

resource "aws_cloudwatch_log_group" "rotation" {
  name       = "/aws/lambda/${local.name_prefix}-secret-rotation"
  kms_key_id = aws_kms_key.logs.arn
}

resource "aws_sqs_queue" "rotation_dlq" {
  name                              = "${local.name_prefix}-rotation-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.secrets.arn
  kms_data_key_reuse_period_seconds = 300
}

resource "aws_lambda_function" "rotation" {
  function_name    = "${local.name_prefix}-secret-rotation"
  description      = "Rotates the baseline database credentials"
  role             = aws_iam_role.rotation_lambda.arn
  runtime          = "python3.12"
  handler          = "rotation.handler"
  filename         = data.archive_file.rotation.output_path
  source_code_hash = data.archive_file.rotation.output_base64sha256
  memory_size      = 256
  timeout          = 30

  environment {
    variables = {
      SECRETS_MANAGER_ENDPOINT = "https://secretsmanager.${var.aws_region}.amazonaws.com"
      PASSWORD_LENGTH          = "32"
    }
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.rotation_dlq.arn
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [
    aws_cloudwatch_log_group.rotation,
    aws_iam_role_policy_attachment.rotation_basic,
  ]
}

resource "aws_lambda_permission" "secretsmanager" {
  statement_id  = "AllowSecretsManagerInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.rotation.function_name
  principal     = "secretsmanager.amazonaws.com"
  source_arn    = aws_secretsmanager_secret.db_credentials.arn
}

resource "aws_secretsmanager_secret_rotation" "db_credentials" {
  secret_id           = aws_secretsmanager_secret.db_credentials.id
  rotation_lambda_arn = aws_lambda_function.rotation.arn

  rotation_rules {
    automatically_after_days = local.rotation_days
  }

  depends_on = [aws_lambda_permission.secretsmanager]
}
