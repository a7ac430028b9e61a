data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  name_prefix = "${var.project}-${var.environment}"

  common_tags = merge(var.extra_tags, {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  })

  azs = slice(data.aws_availability_zones.available.names, 0, 3)

  # /24 blocks carved from the VPC CIDR: public 0-2, app 10-12, database 20-22
  public_subnet_cidrs = [for idx, az in local.azs : cidrsubnet(var.vpc_cidr, 8, idx)]
  app_subnets         = { for idx, az in local.azs : az => cidrsubnet(var.vpc_cidr, 8, idx + 10) }
  db_subnets          = { for idx, az in local.azs : az => cidrsubnet(var.vpc_cidr, 8, idx + 20) }

  nat_gateway_count = var.single_nat_gateway ? 1 : length(local.azs)

  db_identifier = "${local.name_prefix}-mysql"
  db_port       = 3306

  waf_managed_rules = [
    { name = "AWSManagedRulesCommonRuleSet", priority = 1 },
    { name = "AWSManagedRulesKnownBadInputsRuleSet", priority = 2 },
    { name = "AWSManagedRulesSQLiRuleSet", priority = 3 },
  ]
}
