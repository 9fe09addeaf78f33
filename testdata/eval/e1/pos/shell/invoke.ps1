$headers = @{ "x-api-key" = "791e73ac-6009-4213-88f0-fa4e30d49ee6"; "Content-Type" = "application/json" }
$body = @{ text = "Hallo"; voice_id = 20303; language = 31 } | ConvertTo-Json
Invoke-RestMethod -Uri "https://client.camb.ai/apis/tts" -Method Post -Headers $headers -Body $body
