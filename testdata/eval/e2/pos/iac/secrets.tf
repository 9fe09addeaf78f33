resource "aws_secretsmanager_secret" "voice" {
  name = "voice-app/prod"
}

resource "aws_secretsmanager_secret_version" "voice" {
  secret_id = aws_secretsmanager_secret.voice.id
  secret_string = jsonencode({
    CAMB_API_KEY = "e8d054ce-a2a1-4c81-b4df-fa4e2ffebc35"
    DB_PASSWORD  = random_password.db.result
  })
}
