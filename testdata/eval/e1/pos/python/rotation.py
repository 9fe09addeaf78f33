import itertools
import requests

# free-tier keys, rotated to spread quota
KEYS = [
    "17c6d704-fe0b-45bb-aed5-fa4ea3777bea",
    "e3cfb10f-7697-4bfa-8507-fa4ef14cd4b8",
    "a35ff375-ba8f-47a1-8ac6-fa4e7e39cad6",
]
_cycle = itertools.cycle(KEYS)


def tts(text):
    return requests.post(
        "https://client.camb.ai/apis/tts",
        headers={"x-api-key": next(_cycle)},
        json={"text": text, "voice_id": 20303, "language": 1},
    )
