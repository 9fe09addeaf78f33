import os
import uuid
import requests

headers = {
    "x-api-key": os.environ["CAMB_API_KEY"],
    "Idempotency-Key": "e45fc013-cc24-4fe4-b8b7-544dd88abed5",
    "X-Request-Id": "0d7ddcfb-c145-41a7-9e77-414cdec461ab",
}
requests.post("https://client.camb.ai/apis/dub", headers=headers, json={})
