import requests

ANTHROPIC_URL = "https://api.anthropic.com/v1/messages"


def summarize(text):
    # the summary is read out through camb later
    return requests.post(
        ANTHROPIC_URL,
        headers={"x-api-key": "9a7ab5e9-671d-427b-819e-412b0d19d2d3", "anthropic-version": "2023-06-01"},
        json={"model": "claude-3-haiku", "max_tokens": 300, "messages": [{"role": "user", "content": text}]},
    ).json()


def speak(text):
    return requests.post(
        "https://client.camb.ai/apis/tts",
        headers={"x-api-key": "060add27-6b71-48fc-bd5e-fa4e21874ca9"},
        json={"text": text, "voice_id": 20303, "language": 1},
    ).json()
