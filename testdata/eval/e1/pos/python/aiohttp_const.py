import asyncio
import aiohttp

CAMB_BASE = "https://client.camb.ai/apis"
API_KEY = "6e78ab22-1c88-4a4c-bde3-fa4e085e346b"


async def create_tts(session: aiohttp.ClientSession, text: str) -> str:
    async with session.post(
        f"{CAMB_BASE}/tts",
        headers={"x-api-key": API_KEY},
        json={"text": text, "voice_id": 20303, "language": 1},
    ) as resp:
        data = await resp.json()
        return data["task_id"]
