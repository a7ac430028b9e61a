variable "function_name" {
  description = "Name of the Lambda function"
  type        = string
}

variable "description" {
  description = "Description of the function"
  type        = string
  default     = ""
}

variable "source_dir" {
  description = "Folder holding the function code"
  type        = string
}

variable "handler" {
  description = "Handler entry point"
  type        = string
  default     = "handler.lambda_handler"
}

variable "runtime" {
  description = "Lambda runtime"
  type        = string
  default     = "python3.11"
}

variable "architectures" {
  description = "Instruction set architectures"
  type        = list(string)
  default     = ["arm64"]
}

variable "memory_size" {
  description = "Memory in MB"
  type        = number
  default     = 128
}

variable "timeout" {
  description = "Timeout in seconds"
  type        = number
  default     = 30
}

variable "reserved_concurrency" {
  description = "Reserved concurrent executions (-1: unreserved)"
  type        = number
  default     = -1
}

variable "log_retention_days" {
  description = "Retention of the function's log group"
  type        = number
  default     = 7
}

variable "kms_key_arn" {
  description = "KMS key for environment variables and the log group (null: AWS managed)"
  type        = string
  default     = null
}

variable "tracing_mode" {
  description = "X-Ray tracing mode (Active or PassThrough)"
  type        = string
  default     = "PassThrough"
}

variable "subnet_ids" {
  description = "Subnets for the function's ENIs (empty: not in a VPC)"
  type        = list(string)
  default     = []
}

variable "security_group_ids" {
  description = "Security groups for the function's ENIs"
  type        = list(string)
  default     = []
}

variable "attach_policy" {
  description = "Whether to attach policy_json as an inline policy"
  type        = bool
  default     = false
}

variable "policy_json" {
  description = "Inline policy document of the function's role"
  type        = string
  default     = ""
}

variable "environment_variables" {
  description = "Environment variables of the function"
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags of the module's resources"
  type        = map(string)
  default     = {}
}
