"""Polling CAMB.AI jobs: every UUID here is a task or run id."""
import os
import requests

KEY = os.environ["CAMB_API_KEY"]
BASE = "https://client.camb.ai/apis"

payload = {"task_id": "81f8966b-e4af-45a1-8f16-d1e980468725", "run_id": "14fbd7a5-9905-4678-9415-6dc076b49d2b"}
status = requests.get(f"{BASE}/tts/98fe0ec3-be67-45c6-8581-a83cd0bdbb7e", headers={"x-api-key": KEY})
result = requests.get(f"{BASE}/tts-result/83ec21ab-0c9a-4785-9a14-9175d42a4ed2?format=wav", headers={"x-api-key": KEY})
dub = requests.get(BASE + "/dub-result?run_id=99079f68-172b-4fef-97a5-d2cee4ea39b4", headers={"x-api-key": KEY})
task_id = "e423dce5-ecb3-4834-b5cf-2adc160709a7"
run_id = "decfd373-2a3a-4f25-9232-96900a7fab6f"
print(client.dub.get_dubbing_status(task_id="1d3f0ad3-3581-4aef-9538-22143505f6ac"))
print(client.text_to_speech.get_tts_result(run_id="f04451b6-7fa0-49c6-80a9-fac2390bdffb"))
