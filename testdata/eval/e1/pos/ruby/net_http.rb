require "net/http"
require "json"

uri = URI("https://client.camb.ai/apis/tts")
request = Net::HTTP::Post.new(uri)
request["x-api-key"] = "60070e10-9a38-4f09-84fc-fa4e60bf6cff"
request["Content-Type"] = "application/json"
request.body = { text: "Hi", voice_id: 20303, language: 1 }.to_json

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: true) { |http| http.request(request) }
puts JSON.parse(response.body)["task_id"]
