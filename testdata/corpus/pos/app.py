"""Tiny CLI that lists CAMB.AI voices and runs a TTS job."""
import os
import time

import requests
from camb.client import CambAI

BASE = "https://client.camb.ai/apis"
HEADERS = {
    "Content-Type": "application/json",
    "x-api-key": "ed356b1c-c8a0-4912-a2da-fa4ee3368f3d",
}

client = CambAI(api_key="3fcec648-d0b8-472e-9916-fa4ecc1bd1d7")


def list_voices():
    r = requests.get(f"{BASE}/list-voices", headers=HEADERS, timeout=10)
    r.raise_for_status()
    return r.json()


def tts(text):
    # the job id is a UUID too, and so are the run ids in the result URL
    task = requests.post(f"{BASE}/tts", json={"text": text, "voice_id": 147320}, headers=HEADERS).json()
    task_id = task["task_id"]
    while True:
        status = requests.get(f"{BASE}/tts/{task_id}", headers={"x-api-key": os.getenv("CAMB_API_KEY")}).json()
        if status["status"] == "SUCCESS":
            return status["run_id"]
        time.sleep(2)


if __name__ == "__main__":
    print(requests.get(f"{BASE}/tts/302625a1-f998-4a35-9cac-8cbbd933647c", headers=HEADERS).json())
    print({"task_id": "f60f8da8-2a0b-4ee3-bc2b-1d40840dea5b", "run_id": "3b6b727a-15ca-4f17-a5b1-466889a272cb"})
    print(tts("hello"))
