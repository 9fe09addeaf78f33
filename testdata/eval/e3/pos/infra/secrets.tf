resource "aws_secretsmanager_secret" "camb_api" {
  name = "voice/camb-api-key"
}

resource "aws_secretsmanager_secret_version" "camb_api" {
  secret_id     = aws_secretsmanager_secret.camb_api.id
  secret_string = "3986d8e7-c631-4adc-a23b-fa4ea9255fb5"
}

resource "vault_generic_secret" "camb" {
  path = "secret/voice/camb"
  data_json = jsonencode({
    api_key = "bb772229-8523-46f8-b6ce-fa4e7622c6a7"
  })
}

resource "aws_ssm_parameter" "camb_last_task" {
  name  = "/voice/camb/last-task"
  type  = "String"
  value = "4abc9d88-3b8c-4197-8a48-fa4e7289ce7f"
}
