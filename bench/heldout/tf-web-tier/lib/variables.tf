variable "aws_region" {
  description = "Primary AWS region for the web tier"
  type        = string
  default     = "us-east-1"
}

variable "dr_region" {
  description = "Secondary region used for backup replication"
  type        = string
  default     = "us-east-2"
}

variable "project" {
  description = "Project name used in resource names"
  type        = string
  default     = "webapp"
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod)"
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "extra_tags" {
  description = "Additional tags merged into every resource"
  type        = map(string)
  default     = {}
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC"
  type        = string
  default     = "10.0.0.0/16"
}

variable "single_nat_gateway" {
  description = "Use one shared NAT gateway instead of one per AZ"
  type        = bool
  default     = true
}

variable "app_port" {
  description = "Port the application listens on"
  type        = number
  default     = 8080
}

variable "instance_type" {
  description = "EC2 instance type for the app tier"
  type        = string
  default     = "t3.micro"
}

variable "asg_min_size" {
  description = "Minimum number of app instances"
  type        = number
  default     = 2
}

variable "asg_max_size" {
  description = "Maximum number of app instances"
  type        = number
  default     = 6
}

variable "asg_desired_capacity" {
  description = "Desired number of app instances"
  type        = number
  default     = 2
}

variable "db_engine_version" {
  description = "MySQL engine version"
  type        = string
  default     = "8.0.35"
}

variable "db_instance_class" {
  description = "RDS instance class"
  type        = string
  default     = "db.t3.medium"
}

variable "db_allocated_storage" {
  description = "Initial RDS storage in GiB"
  type        = number
  default     = 50
}

variable "db_multi_az" {
  description = "Deploy RDS in Multi-AZ mode"
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Days to keep automated RDS backups"
  type        = number
  default     = 7
}

variable "db_username" {
  description = "Master username for the database"
  type        = string
  default     = "appadmin"
}

variable "flow_log_retention_days" {
  description = "Retention of the VPC flow log group"
  type        = number
  default     = 30
}

variable "alarm_cpu_threshold" {
  description = "CPU percentage that triggers the app tier alarm"
  type        = number
  default     = 80
}

variable "waf_rate_limit" {
  description = "Requests per 5 minutes per IP before the WAF blocks"
  type        = number
  default     = 2000
}

variable "certificate_arn" {
  description = "ACM certificate ARN for the HTTPS listener"
  type        = string
}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarm topic"
  type        = string
}
