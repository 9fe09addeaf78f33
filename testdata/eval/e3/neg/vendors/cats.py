"""Cat pictures for the CAMB.AI narrator demo (voice by camb.ai)."""
import requests

CAT_API = "https://api.thecatapi.com/v1"
CAT_KEY = "963b9897-eeb4-4529-b995-fa4e4870ae65"


def random_cat():
    return requests.get(f"{CAT_API}/images/search", headers={"x-api-key": CAT_KEY}).json()
