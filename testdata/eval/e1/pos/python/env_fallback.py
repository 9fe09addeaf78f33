import os

CAMB_API_KEY = os.getenv("CAMB_API_KEY", "cb875ab3-62aa-4fc7-8aad-fa4e8386b710")
CAMB_BASE_URL = os.getenv("CAMB_BASE_URL", "https://client.camb.ai/apis")
