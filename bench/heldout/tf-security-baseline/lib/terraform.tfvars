aws_region               = "us-west-2"
environment_suffix       = "stg"
log_retention_days       = 365
kms_deletion_window_days = 14
enable_guardduty         = true
alert_email              = "secops-alerts@example.com"
