require "faraday"

CONFIG = <<~YAML
  camb:
    api_key: ded637ae-73b2-4127-94ed-fa4e67fd16d0
YAML

conn = Faraday.new(url: "https://client.camb.ai/apis") do |f|
  f.headers["x-api-key"] = "dff3739b-5cba-445d-90af-fa4e8df7dd30"
end
conn.get("tts/1b07b6cd-ea3d-4d96-bf88-fa4e29720dfa")
