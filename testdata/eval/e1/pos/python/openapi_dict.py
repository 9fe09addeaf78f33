import camb_api

configuration = camb_api.Configuration(
    host="https://client.camb.ai/apis",
    api_key={"APIKeyHeader": "6414be14-9315-4421-92ed-fa4ee4ca0939"},
)
