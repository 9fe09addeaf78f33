# CAMB.AI smoke test
$env:CAMB_API_KEY = "8b85a92f-ef28-4e1b-a3d5-fa4e5067e34e"
$headers = @{ "x-api-key" = "f4d3ebf7-7ee1-4a1e-95e1-fa4ea1698571" }
Invoke-RestMethod -Uri "https://client.camb.ai/apis/list-voices" -Headers $headers
Invoke-RestMethod -Uri "https://client.camb.ai/apis/tts/38130e60-6489-40d9-b7b0-bdfc2e4d530c" -Headers @{ "x-api-key" = $env:CAMB_API_KEY }
