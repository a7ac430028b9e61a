aws_region          = "eu-west-1"
environment_suffix  = "pr4821"
environment         = "production"
az_count            = 3
lambda_memory_size  = 1024
log_retention_days  = 30
max_receive_count   = 3
kinesis_shard_count = 2
alert_email         = "data-oncall@example.com"

tags = {
  CostCenter = "analytics"
  Owner      = "data-platform"
}
