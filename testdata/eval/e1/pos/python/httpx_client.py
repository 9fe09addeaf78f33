import httpx

client = httpx.AsyncClient(
    base_url="https://client.camb.ai/apis",
    headers={
        "Accept": "application/json",
        "x-api-key": "b5102090-4730-4ae7-97c4-fa4eda42c062",
    },
    timeout=httpx.Timeout(60.0),
)


async def poll(task_id: str):
    r = await client.get(f"/tts/{task_id}")
    return r.json()["status"]
