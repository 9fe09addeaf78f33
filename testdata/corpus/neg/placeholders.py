# Examples from the docs: none of these are keys.
from camb.client import CambAI

client = CambAI(api_key="YOUR_API_KEY")
client = CambAI(api_key="your_camb_api_key")
headers = {"x-api-key": "<key>"}
headers = {"x-api-key": "..."}
headers = {"x-api-key": "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"}
headers = {"x-api-key": "00000000-0000-4000-8000-000000000000"}
headers = {"x-api-key": "ffffffff-ffff-4fff-bfff-ffffffffffff"}
headers = {"x-api-key": "12345678-1234-4234-8234-123456789012"}
headers = {"x-api-key": "12345678-1234-4567-89ab-cdef01234567"}
headers = {"x-api-key": "a1b2c3d4-e5f6-4789-abcd-ef0123456789"}
headers = {"x-api-key": "550e8400-e29b-41d4-a716-446655440000"}
headers = {"x-api-key": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}
headers = {"x-api-key": "test-key"}
headers = {"x-api-key": "********-****-4***-****-************"}
CAMB_API_KEY = "sk-camb-****************"
