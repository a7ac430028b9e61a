aws_region  = "us-west-2"
dr_region   = "us-east-1"
project     = "shopfront"
environment = "prod"

extra_tags = {
  CostCenter = "CC-4412"
  Owner      = "platform-team"
}

vpc_cidr           = "10.20.0.0/16"
single_nat_gateway = false

instance_type        = "t3.medium"
asg_max_size         = 8
asg_desired_capacity = 3

db_instance_class        = "db.r6g.large"
db_backup_retention_days = 14

flow_log_retention_days = 90
alarm_cpu_threshold     = 75
waf_rate_limit          = 1000

certificate_arn = "arn:aws:acm:us-west-2:123456789012:certificate/0f6a1b2c-3d4e-5f60-7182-93a4b5c6d7e8"
alarm_email     = "platform-oncall@example.com"
