import os
from camb.client import CambAI
CAMB_API_KEY = os.environ.get("CAMB_API_KEY")
client = CambAI(api_key=os.environ["CAMB_API_KEY"])
