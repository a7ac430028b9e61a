variable "aws_region" {
  description = "AWS region the pipeline is deployed to"
  type        = string
  default     = "us-east-1"
}

variable "environment_suffix" {
  description = "Suffix appended to every resource name (PR number or environment)"
  type        = string
  default     = "dev"
}

variable "environment" {
  description = "Deployment tier; production turns on deletion protection, tighter alarms and more concurrency"
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "staging", "production"], var.environment)
    error_message = "environment must be dev, staging or production."
  }
}

variable "project_name" {
  description = "Short project name used as the resource name prefix"
  type        = string
  default     = "clickstream"
}

variable "vpc_cidr" {
  description = "CIDR block of the pipeline VPC"
  type        = string
  default     = "10.40.0.0/16"
}

variable "az_count" {
  description = "Number of Availability Zones (one private subnet each)"
  type        = number
  default     = 2
}

variable "lambda_memory_size" {
  description = "Memory (MB) of the ingest function"
  type        = number
  default     = 512
}

variable "lambda_timeout" {
  description = "Timeout (seconds) of the ingest function"
  type        = number
  default     = 60
}

variable "log_retention_days" {
  description = "Retention of the ingest and stream-processor log groups"
  type        = number
  default     = 14
}

variable "max_receive_count" {
  description = "Receives before a message is moved to the ingest DLQ"
  type        = number
  default     = 5
}

variable "kinesis_shard_count" {
  description = "Shards of the clickstream Kinesis stream"
  type        = number
  default     = 1
}

variable "kinesis_retention_hours" {
  description = "Retention period of the clickstream stream in hours"
  type        = number
  default     = 48
}

variable "alert_email" {
  description = "Email address subscribed to the alerts topic (empty: no subscription)"
  type        = string
  default     = ""
}

variable "tags" {
  description = "Extra tags applied to every resource"
  type        = map(string)
  default     = {}
}
