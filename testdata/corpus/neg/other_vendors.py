# Pinecone (legacy controller)
pinecone_headers = {"x-api-key": "18d18395-7dc8-4709-9474-c6cfc94c1aed", "host": "controller.us-west1-gcp.pinecone.io"}

# CoinMarketCap
cmc = requests.get("https://pro-api.coinmarketcap.com/v1/cryptocurrency/listings/latest",
                   headers={"X-CMC_PRO_API_KEY": "33ef71c1-d2ba-49ff-95af-2cb44728720e"})

# ElevenLabs uses xi-api-key
eleven = {"xi-api-key": "d85eb47f-a719-4179-9d86-519500dbb607"}
