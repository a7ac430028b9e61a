output "vpc_id" {
  description = "ID of the VPC"
  value       = aws_vpc.main.id
}

output "public_subnet_ids" {
  description = "IDs of the public subnets"
  value       = aws_subnet.public[*].id
}

output "app_subnet_ids" {
  description = "IDs of the private application subnets"
  value       = [for s in aws_subnet.app : s.id]
}

output "alb_dns_name" {
  description = "Public DNS name of the load balancer"
  value       = aws_lb.web.dns_name
}

output "db_endpoint" {
  description = "Connection endpoint of the RDS instance"
  value       = aws_db_instance.main.endpoint
}

output "db_secret_arn" {
  description = "ARN of the Secrets Manager secret with the DB credentials"
  value       = aws_secretsmanager_secret.db.arn
}

output "alerts_topic_arn" {
  description = "SNS topic receiving CloudWatch alarms"
  value       = aws_sns_topic.alerts.arn
}

output "flow_log_group_name" {
  description = "CloudWatch log group holding VPC flow logs"
  value       = module.flow_logs.log_group_name
}
