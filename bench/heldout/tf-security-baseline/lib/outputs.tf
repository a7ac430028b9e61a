output "log_bucket_name" {
  description = "Central log bucket"
  value       = aws_s3_bucket.logs.id
}

output "cloudtrail_arn" {
  description = "ARN of the multi-region trail"
  value       = aws_cloudtrail.main.arn
}

output "kms_key_arns" {
  description = "CMK ARNs by purpose"
  value = {
    logs    = aws_kms_key.logs.arn
    secrets = aws_kms_key.secrets.arn
    alerts  = aws_kms_key.alerts.arn
  }
}

output "security_alerts_topic_arn" {
  description = "SNS topic receiving security alarms"
  value       = aws_sns_topic.security_alerts.arn
}

output "config_recorder_name" {
  description = "AWS Config recorder"
  value       = aws_config_configuration_recorder.main.name
}

output "guardduty_detector_id" {
  description = "GuardDuty detector id, null when GuardDuty is disabled"
  value       = try(aws_guardduty_detector.main[0].id, null)
}

output "db_secret_arn" {
  description = "ARN of the rotated database secret"
  value       = aws_secretsmanager_secret.db_credentials.arn
}

output "rotation_lambda_name" {
  description = "Name of the rotation Lambda function"
  value       = aws_lambda_function.rotation.function_name
}

output "rotation_dlq_url" {
  description = "URL of the rotation dead-letter queue"
  value       = aws_sqs_queue.rotation_dlq.url
}
