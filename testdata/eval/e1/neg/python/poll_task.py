import os
import time
import requests

BASE = "https://client.camb.ai/apis"
HEADERS = {"x-api-key": os.environ["CAMB_API_KEY"]}

# a task we started earlier, kept for debugging
TASK_ID = "1e4b99cd-d94b-45f7-ac32-6a281701c354"


def wait(task_id=TASK_ID):
    while True:
        r = requests.get(f"{BASE}/tts/{task_id}", headers=HEADERS).json()
        if r["status"] == "SUCCESS":
            return r["run_id"]
        time.sleep(2)
