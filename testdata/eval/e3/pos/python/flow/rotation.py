import itertools
import random

import aiohttp

CAMB_KEYS = [
    "207b7a22-e77e-4973-be1a-fa4e2c26de76",
    "16cd5669-30fa-40ce-9318-fa4eadc6afcc",
    "a80cf12b-fc71-4708-b304-fa4ea84cdc80",
]
_cycle = itertools.cycle(CAMB_KEYS)


async def speak(session: aiohttp.ClientSession, text: str) -> bytes:
    headers = {"x-api-key": next(_cycle)}
    async with session.post("https://client.camb.ai/apis/tts-stream", json={"text": text}, headers=headers) as r:
        return await r.read()


def pick() -> dict:
    return {"x-api-key": random.choice(CAMB_KEYS)}
