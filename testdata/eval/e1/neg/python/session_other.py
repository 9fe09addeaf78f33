import requests


class Search:
    """Search backend for the camb voice picker."""

    def __init__(self):
        self.base = "https://api.searchspring.net/v3"
        self.s = requests.Session()
        self.s.headers.update({"x-api-key": "12e89172-08c9-41ce-89c0-e60626e08ecc"})

    def query(self, q):
        return self.s.get(f"{self.base}/search", params={"q": q}).json()
