import asyncio
from camb.client import AsyncCambApi


async def main():
    client = AsyncCambApi(
        api_key=(
            "8299af97-37f1-4596-b2b9-fa4e4bc73716"
        )
    )
    voices = await client.voice_cloning.list_voices()
    print(len(voices))

asyncio.run(main())
