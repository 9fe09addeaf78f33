import os
from cambai import CambAI

client = CambAI(api_key=os.getenv("CAMB_API_KEY"))
run_id = "6e7e83b5-d5d2-4a21-b566-76f8341b46f9"
result = client.get_tts_result(run_id=run_id)
