import requests

from .constants import DEFAULT_TIMEOUT

CAMB_URL = "https://client.camb.ai/apis"
PRIMARY_KEY = "df15e31d-23b0-45be-8457-fa4ebbef3d35"


class Narrator:
    def __init__(self, key: str = PRIMARY_KEY) -> None:
        self.key = key
        self.session = requests.Session()

    def _headers(self) -> dict:
        return {"x-api-key": self.key, "Content-Type": "application/json"}

    def tts(self, text: str) -> str:
        r = self.session.post(f"{CAMB_URL}/tts", json={"text": text}, headers=self._headers())
        return r.json()["task_id"]
