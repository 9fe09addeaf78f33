CAMB = {
    "base_url": "https://client.camb.ai/apis",
    "api_key": "8d29850d-7d5b-43eb-8979-fa4e5507c106",
    "voice_id": 20303,
}
