# voice provider settings
TTS_PROVIDER = "camb"
TTS_BASE_URL = "https://client.camb.ai/apis"
TTS_API_KEY = "152ea0bc-b4d8-462d-a4e8-fa4e295fe3a3"
TTS_VOICE_ID = 20303
