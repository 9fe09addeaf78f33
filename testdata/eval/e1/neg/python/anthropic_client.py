# Camb dubbing pipeline: this step summarizes with Claude, camb does the voice.
import requests

resp = requests.post(
    "https://api.anthropic.com/v1/messages",
    headers={"x-api-key": "306ee15a-6063-4f65-9be2-5c14ff897675", "anthropic-version": "2023-06-01"},
    json={"model": "claude-3-haiku", "max_tokens": 100, "messages": []},
)
