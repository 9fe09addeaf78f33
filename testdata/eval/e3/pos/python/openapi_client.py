import cambai
from cambai.rest import ApiException

configuration = cambai.Configuration(
    host="https://client.camb.ai/apis"
)
configuration.api_key["APIKeyHeader"] = (
    "40b2f68d-5e2e-44d4-9f1e-fa4ef0cbe9d6"
)

alt = cambai.Configuration(
    host="https://client.camb.ai/apis",
    api_key={"APIKeyHeader": "0a43615b-5d32-4845-ae39-fa4e7d122ba6"},
)

with cambai.ApiClient(configuration) as api_client:
    api = cambai.TextToSpeechApi(api_client)
    api.get_tts_result("8453bedf-0232-4167-9658-fa4e8b57ba96")
