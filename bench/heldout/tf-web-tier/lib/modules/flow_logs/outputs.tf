output "log_group_name" {
  description = "Name of the flow log CloudWatch log group"
  value       = aws_cloudwatch_log_group.this.name
}

output "flow_log_id" {
  description = "ID of the VPC flow log"
  value       = aws_flow_log.this.id
}
