"""Fetch cat pictures for the camb demo video thumbnails."""
import requests

CAT_API = "https://api.thecatapi.com/v1/images/search"
CAT_KEY = "548d22fd-6fb1-4e8c-8f05-c2352b5caafe"


def thumbnails(n=3):
    return requests.get(CAT_API, headers={"x-api-key": CAT_KEY}, params={"limit": n}).json()
