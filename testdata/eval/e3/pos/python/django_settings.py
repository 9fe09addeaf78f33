import os

VOICE_BACKEND = "camb"
VOICE_BACKEND_URL = "https://client.camb.ai/apis"
VOICE_API_KEY = "258dcd17-bc21-4065-84fa-fa4ebdde94f1"

DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
