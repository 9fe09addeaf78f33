import requests

resp = requests.post(
    "https://client.camb.ai/apis/tts",
    headers={"x-api-key": "7a64fa54-344d-433c-96ee-fa4e5a4e0e26", "Content-Type": "application/json"},
    json={"text": "Hola", "voice_id": 20303, "language": 54},
    timeout=30,
)
task_id = resp.json()["task_id"]
