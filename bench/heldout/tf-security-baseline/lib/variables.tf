variable "aws_region" {
  description = "AWS region the security baseline is deployed to"
  type        = string
  default     = "us-east-1"
}

variable "environment_suffix" {
  description = "Suffix appended to resource names to isolate environments"
  type        = string
  default     = "dev"
}

variable "project_name" {
  description = "Short project identifier used in resource names"
  type        = string
  default     = "secbase"
}

variable "owner" {
  description = "Team that owns the baseline"
  type        = string
  default     = "platform-security"
}

variable "log_retention_days" {
  description = "Retention of the CloudTrail CloudWatch Logs group"
  type        = number
  default     = 90
}

variable "log_expiration_days" {
  description = "Days before objects in the central log bucket expire"
  type        = number
  default     = 365
}

variable "kms_deletion_window_days" {
  description = "Waiting period before the log CMK is deleted"
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30
    error_message = "kms_deletion_window_days must be between 7 and 30."
  }
}

variable "secret_rotation_days" {
  description = "Rotation interval for the managed database secret"
  type        = number
  default     = 30
}

variable "enable_guardduty" {
  description = "Create the GuardDuty detector in this account"
  type        = bool
  default     = false
}

variable "enable_dlq_alarm" {
  description = "Alarm when the rotation dead-letter queue receives messages"
  type        = bool
  default     = true
}

variable "alert_email" {
  description = "Optional e-mail address subscribed to security alerts"
  type        = string
  default     = ""
}

locals {
  name_prefix = "${var.project_name}-${var.environment_suffix}"
  account_id  = data.aws_caller_identity.current.account_id
  partition   = data.aws_partition.current.partition

  common_tags = {
    Project     = var.project_name
    Environment = var.environment_suffix
    Owner       = var.owner
    ManagedBy   = "terraform"
  }

  log_bucket_name   = "${local.name_prefix}-central-logs-${local.account_id}"
  trail_name        = "${local.name_prefix}-trail"
  cloudtrail_prefix = "cloudtrail"
  config_prefix     = "config"

  ia_transition_days      = 30
  glacier_transition_days = local.ia_transition_days * 3
  rotation_days           = var.secret_rotation_days

  metric_namespace = "${local.name_prefix}/SecurityBaseline"
  alarm_period     = 300
}
