from functools import lru_cache

import httpx
from fastapi import Depends


@lru_cache
def camb_client() -> httpx.Client:
    return httpx.Client(
        base_url="https://client.camb.ai/apis",
        headers={"x-api-key": "1c6f222f-647b-42e0-a2b3-fa4e7b421bd8"},
    )


def get_voices(client: httpx.Client = Depends(camb_client)):
    return client.get("/list-voices").json()
