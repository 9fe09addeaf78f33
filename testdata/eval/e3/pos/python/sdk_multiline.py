import asyncio

from camb.client import AsyncCambAI, CambAI
from cambai.api import apis_api

client = CambAI(
    api_key="93dc40eb-7047-43fe-86be-fa4efb480676",
    timeout=60,
)

async_client = AsyncCambAI(
    api_key=
        "601ecbd0-a1d8-4d3a-af21-fa4ec65185ba"
)

legacy = apis_api.CambAI(api_key="a88a914e-1425-4536-9a93-fa4e3e16a7d6")

status = client.text_to_speech.get_tts_result(run_id=12012)
task = "8e575828-4601-43f2-9e24-fa4e03123682"
