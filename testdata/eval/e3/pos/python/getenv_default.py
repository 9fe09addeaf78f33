import os
from camb.client import CambAI

client = CambAI(api_key=os.getenv("CAMB_API_KEY", "6f6eb7b9-c70d-4e29-b029-fa4e13300c1e"))
