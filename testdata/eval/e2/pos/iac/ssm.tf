resource "aws_ssm_parameter" "camb_api_key" {
  name        = "/prod/dubbing/camb_api_key"
  description = "CAMB.AI key used by the dubbing lambda"
  type        = "SecureString"
  value       = "bd4c6935-d374-446c-b1fb-fa4e6aaec58c"

  tags = local.tags
}
