import os, time, requests

BASE = "https://client.camb.ai/apis"
HEADERS = {"x-api-key": os.environ["CAMB_API_KEY"]}
task_id = "281318aa-f813-41de-b51a-fa4ecdc99c7e"
while True:
    s = requests.get(f"{BASE}/tts/{task_id}", headers=HEADERS).json()
    if s["status"] == "SUCCESS":
        break
    time.sleep(3)
