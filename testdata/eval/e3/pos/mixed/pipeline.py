"""Narration pipeline: several CAMB keys, several task ids."""
import os
import requests
from camb.client import CambAI

HEADERS = {"x-api-key": "17b9ef36-9064-4358-be6a-fa4e455896e6"}
TASKS = ["eee9e07f-cf8b-4b0b-a404-fa4effbbab0c", "f9d9d93a-5fc2-46c8-9874-fa4ed0f12efc", "cfda73e1-3870-46a6-b61f-fa4e4efedbb2"]

client = CambAI(api_key="721244f2-11b9-44a0-a239-fa4e1c005fb4")
for t in TASKS:
    requests.get(f"https://client.camb.ai/apis/tts/{t}", headers=HEADERS)

os.environ["CAMB_API_KEY"] = "d6ee9435-c66c-4984-b417-fa4e38b24533"
run = {"task_id": "6d36e5ce-04d0-43b9-97ce-fa4e7387b83a", "run_id": 12012}
