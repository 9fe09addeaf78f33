import httpx

ANTHROPIC_URL = "https://api.anthropic.com/v1/messages"

headers = {
    "x-api-key": "sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-AAAAAAAA",
    "anthropic-version": "2023-06-01",
    "content-type": "application/json",
}

gateway = httpx.Client(
    base_url="https://api.anthropic.com",
    headers={"x-api-key": "c6e61eff-7477-4bf2-8cd7-7e909dfac86a", "anthropic-version": "2023-06-01"},
)
