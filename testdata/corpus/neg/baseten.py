from camb.client import CambAI

client_baseten = CambAI(
    tts_provider="baseten",
    provider_params={
        "api_key": "944eaa27-4785-4d82-8cdb-f35859f51a9f",
        "mars_url": "https://model-abc123.api.baseten.co/environments/production/predict",
    },
)
