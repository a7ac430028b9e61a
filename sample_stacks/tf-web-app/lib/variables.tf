variable "aws_region" { default = "us-east-1" }
variable "environment_suffix" { default = "dev" }
variable "vpc_cidr" { default = "10.40.0.0/16" }
variable "instance_type" { default = "t3.medium" }
variable "ami_id" { default = "ami-0abcdef1234567890" }
variable "db_instance_class" { default = "db.t3.medium" }
variable "alarm_email" { default = "oncall@example.com" }
variable "certificate_arn" { type = string }

variable "environment" {
  type    = string
  default = "staging"
  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "asg_capacity" {
  type    = object({ min = number, max = number, desired = number })
  default = { min = 2, max = 6, desired = 2 }
}
