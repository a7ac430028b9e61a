terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  backend "s3" {}
}

# Primary region: taken from var.aws_region (overridden in terraform.tfvars)
provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.common_tags
  }
}

# Disaster-recovery region, used for cross-region RDS backup replication
provider "aws" {
  alias  = "dr"
  region = var.dr_region

  default_tags {
    tags = merge(local.common_tags, { DisasterRecovery = "true" })
  }
}
