variable "region" { default = "eu-west-1" }
variable "dr_region" { default = "eu-central-1" }
variable "environment_suffix" { default = "dev" }
variable "stream_shards" { default = 2 }
variable "log_retention_days" { default = 30 }

variable "zones" {
  description = "Data lake zones and how long their objects live"
  type        = map(object({ expire_days = number, versioned = bool }))
  default = {
    raw     = { expire_days = 30, versioned = false }
    curated = { expire_days = 365, versioned = true }
    results = { expire_days = 7, versioned = false }
  }
}
