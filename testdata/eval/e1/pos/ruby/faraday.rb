require "faraday"

CAMB = Faraday.new(
  url: "https://client.camb.ai/apis",
  headers: { "x-api-key" => "1feab776-dcdb-41c6-b9fd-fa4e0e6fc619", "Content-Type" => "application/json" }
)
