from cambai import CambAI

client = CambAI(
    api_key="fcba85f2-78cf-4396-ad61-fa4e04433c67",
    timeout=120,
)

voices = client.list_voices()
