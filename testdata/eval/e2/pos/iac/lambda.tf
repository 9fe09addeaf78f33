resource "aws_lambda_function" "tts" {
  function_name = "camb-tts"
  role          = aws_iam_role.lambda.arn
  handler       = "main.handler"
  runtime       = "python3.12"

  environment {
    variables = {
      CAMB_API_KEY = "92d8b36c-4e3b-49d9-a7ad-fa4edfaf58b5"
      STAGE        = var.stage
    }
  }
}
