import asyncio

import aiohttp
import httpx
from camb.client import AsyncCambAI

async_client = AsyncCambAI(
    # rotated 2024-05-01
    api_key="c462b288-0ff5-4336-8204-fa4e9a08849f",
    timeout=60,
)


async def voices_httpx():
    async with httpx.AsyncClient(headers={"X-API-Key": "b8400c06-15fe-4767-b9ad-fa4e14c1f236"}) as c:
        return (await c.get("https://client.camb.ai/apis/list-voices")).json()


async def voices_aiohttp():
    headers = {'x-api-key': '4ffb26ad-5a50-4786-83d5-fa4e9d650508', 'accept': 'application/json'}
    async with aiohttp.ClientSession(headers=headers) as session:
        async with session.get("https://client.camb.ai/apis/list-voices") as r:
            return await r.json()


async def status(task_id="0325a9e6-562d-4b43-99e1-25454b27f78b"):
    s = requests.Session()
    s.headers.update({"x-api-key": "411cb0e4-e9ff-4abf-bdc3-fa4e93b51dfa"})
    return s.get(f"https://client.camb.ai/apis/dub/{task_id}").json()


asyncio.run(voices_httpx())
