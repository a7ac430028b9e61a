output "landing_bucket_name" {
  description = "Name of the S3 landing bucket"
  value       = aws_s3_bucket.landing.bucket
}

output "landing_bucket_arn" {
  description = "ARN of the S3 landing bucket"
  value       = aws_s3_bucket.landing.arn
}

output "access_logs_bucket_name" {
  description = "Name of the access-logs bucket"
  value       = aws_s3_bucket.access_logs.bucket
}

output "ingest_queue_url" {
  description = "URL of the ingest queue"
  value       = aws_sqs_queue.ingest.url
}

output "ingest_dlq_url" {
  description = "URL of the ingest dead-letter queue"
  value       = aws_sqs_queue.ingest_dlq.url
}

output "events_table_name" {
  description = "Name of the events table"
  value       = aws_dynamodb_table.events.name
}

output "events_table_stream_arn" {
  description = "Stream ARN of the events table"
  value       = aws_dynamodb_table.events.stream_arn
}

output "aggregates_table_name" {
  description = "Name of the aggregates table"
  value       = aws_dynamodb_table.aggregates.name
}

output "clickstream_stream_name" {
  description = "Name of the Kinesis stream"
  value       = aws_kinesis_stream.clickstream.name
}

output "kms_key_arn" {
  description = "ARN of the pipeline KMS key"
  value       = aws_kms_key.data.arn
}

output "alerts_topic_arn" {
  description = "ARN of the alerts SNS topic"
  value       = aws_sns_topic.alerts.arn
}

output "vpc_id" {
  description = "ID of the pipeline VPC"
  value       = aws_vpc.main.id
}

output "private_subnet_ids" {
  description = "IDs of the private subnets"
  value       = aws_subnet.private[*].id
}

output "lambda_function_names" {
  description = "Names of the pipeline functions"
  value = {
    ingest           = module.ingest_lambda.function_name
    aggregator       = module.aggregator_lambda.function_name
    stream_processor = aws_lambda_function.stream_processor.function_name
  }
}
