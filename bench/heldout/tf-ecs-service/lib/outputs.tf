output "vpc_id" { value = aws_vpc.main.id }
output "private_subnet_ids" { value = aws_subnet.private[*].id }
output "alb_dns_name" { value = aws_lb.main.dns_name }
output "ecs_cluster_name" { value = aws_ecs_cluster.main.name }
output "ecs_service_name" { value = aws_ecs_service.app.name }
output "aurora_endpoint" { value = aws_rds_cluster.main.endpoint }
output "alarm_topic_arn" { value = aws_sns_topic.alarms.arn }
output "queue_urls" { value = { for k, q in aws_sqs_queue.work : k => q.url } }
