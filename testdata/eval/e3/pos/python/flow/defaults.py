import requests


def create_dub(video_url: str, api_key: str = "b77704ae-8f0a-405d-abcf-fa4ea18e9ce4") -> str:
    resp = requests.post(
        "https://client.camb.ai/apis/dub",
        headers={"x-api-key": api_key},
        json={"video_url": video_url, "source_language": 1},
    )
    return resp.json()["task_id"]


def make_client(key):
    from camb.client import CambAI
    return CambAI(api_key=key)


narrator = make_client("f12b3813-cca5-4013-84cf-fa4e915daf31")
