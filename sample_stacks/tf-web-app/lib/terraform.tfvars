environment        = "prod"
environment_suffix = "pr4521"
certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/4f1c2d3e-aaaa-bbbb-cccc-0123456789ab"
