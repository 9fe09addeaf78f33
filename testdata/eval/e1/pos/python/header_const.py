import requests

AUTH_HEADER = "x-api-key"
CAMB_URL = "https://client.camb.ai/apis/translate"

resp = requests.post(
    CAMB_URL,
    headers={AUTH_HEADER: "418b65c2-0d0e-4fd5-9caa-fa4ec2a98583"},
    json={"source_language": 1, "target_language": 54, "texts": ["hello"]},
)
