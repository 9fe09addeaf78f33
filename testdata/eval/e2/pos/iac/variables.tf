variable "environment" {
  type    = string
  default = "dev"
}

variable "camb_api_key" {
  description = "API key for CAMB.AI"
  type        = string
  sensitive   = true
  default     = "0b3c08e8-f334-4087-9a13-fa4e4df3da45"
}
