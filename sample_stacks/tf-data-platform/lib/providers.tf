terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.30" }
  }
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "dr"
  region = var.dr_region
}
