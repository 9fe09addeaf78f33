import requests

GATEWAY = "https://tts-gateway.internal.acme.io"

def narrate(text):
    # body names the upstream provider (camb) for routing
    return requests.post(
        f"{GATEWAY}/v1/speak",
        headers={"x-api-key": "f58422a8-b488-48d9-bc08-fa4e7449cce7"},
        json={"provider": "camb", "text": text},
    )
