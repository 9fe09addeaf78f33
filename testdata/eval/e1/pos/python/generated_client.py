import cambai
from cambai.rest import ApiException

configuration = cambai.Configuration(host="https://client.camb.ai/apis")
configuration.api_key["APIKeyHeader"] = "19add51c-3aef-4e2c-80c4-fa4e3399e5e1"

with cambai.ApiClient(configuration) as api_client:
    api = cambai.VoicesApi(api_client)
    try:
        print(api.list_voices())
    except ApiException as e:
        print("error", e)
