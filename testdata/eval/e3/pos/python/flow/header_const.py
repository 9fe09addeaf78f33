import httpx

API_KEY_HEADER = "x-api-key"
BASE = "https://client.camb.ai/apis"

client = httpx.Client(
    base_url=BASE,
    headers={API_KEY_HEADER: "3511cb7b-f523-4f8a-8cae-fa4e75dba816"},
)
poll = client.get(f"/tts/{'993ffb23-308f-4c40-b540-fa4ec8020b86'}")
