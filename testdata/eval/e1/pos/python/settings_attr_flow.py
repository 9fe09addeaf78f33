import requests


class Settings:
    CAMB_KEY = "8603e984-b2fb-4646-93c2-fa4e7f384373"
    CAMB_URL = "https://client.camb.ai/apis"


settings = Settings()


def list_voices():
    return requests.get(
        settings.CAMB_URL + "/list-voices",
        headers={"x-api-key": settings.CAMB_KEY},
    ).json()
