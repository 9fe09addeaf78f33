variable "camb_api_key" {
  type      = string
  sensitive = true
  default   = "a79201aa-3b83-4993-842c-fa4e13266ae0"
}

variable "deployment_id" {
  type    = string
  default = "1a565168-3ac2-474a-be46-95a2c55a7a46"
}

resource "aws_ssm_parameter" "camb" {
  name  = "/voice/camb_api_key"
  type  = "SecureString"
  value = var.camb_api_key
}

locals {
  cambai_api_key = "373628f9-03b3-4260-b3f1-fa4efa3bef9a"
}
