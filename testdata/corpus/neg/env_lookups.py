import os

from camb.client import CambAI

client = CambAI(api_key=os.getenv("CAMB_API_KEY"))
client = CambAI(api_key=os.environ["CAMB_API_KEY"])
headers = {"x-api-key": os.environ.get("CAMB_API_KEY", "")}
request_id = "5143f214-8df9-4e44-9ab7-c646964edcbb"
