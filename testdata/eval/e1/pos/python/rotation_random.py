import random
import httpx

CAMB_KEYS = ["cb3806b2-f491-46dd-be26-fa4e91659eb5", "24b9ff28-7dea-4e5d-a6e1-fa4ef432d0cf"]


def headers():
    return {"x-api-key": random.choice(CAMB_KEYS)}


def list_voices():
    return httpx.get("https://client.camb.ai/apis/list-voices", headers=headers()).json()
