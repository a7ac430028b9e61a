variable "name_prefix" {
  description = "Prefix for the names of the flow log resources"
  type        = string
}

variable "vpc_id" {
  description = "VPC to capture traffic from"
  type        = string
}

variable "retention_in_days" {
  description = "Retention of the CloudWatch log group"
  type        = number
  default     = 14
}

variable "traffic_type" {
  description = "ACCEPT, REJECT or ALL"
  type        = string
  default     = "REJECT"
}

variable "max_aggregation_interval" {
  description = "Aggregation interval in seconds (60 or 600)"
  type        = number
  default     = 600
}

variable "tags" {
  description = "Tags for the module's resources"
  type        = map(string)
  default     = {}
}
