import requests


class Camb:
    base = "https://client.camb.ai/apis"

    def __init__(self):
        self.s = requests.Session()
        self.s.headers.update({"x-api-key": "bafb5861-d590-4b5b-aa46-fa4e623bc5dd"})
