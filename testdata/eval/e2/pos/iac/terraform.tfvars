region       = "eu-west-1"
environment  = "prod"
camb_api_key = "f8c43a27-5d6c-4c9b-a6dc-fa4e68e45c7c"
instance_type = "t3.small"
