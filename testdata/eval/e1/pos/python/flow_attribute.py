import requests

CAMB_KEY = "c5869acf-4f3f-46ff-b25d-fa4ef306667b"
BASE_URL = "https://client.camb.ai/apis"


class DubbingClient:
    def __init__(self, key=CAMB_KEY):
        self.key = key
        self.session = requests.Session()

    def _headers(self):
        return {"x-api-key": self.key, "Content-Type": "application/json"}

    def start(self, video_url, source, target):
        r = self.session.post(
            f"{BASE_URL}/dub",
            headers=self._headers(),
            json={"video_url": video_url, "source_language": source, "target_language": target},
        )
        return r.json()["task_id"]
