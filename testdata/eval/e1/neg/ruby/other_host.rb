require "faraday"

# camb handles voices; this is the weather widget
WEATHER = Faraday.new(url: "https://api.weatherstack.io", headers: { "x-api-key" => "0af4e89d-ee2f-4550-be62-fa7f44324ecb" })
