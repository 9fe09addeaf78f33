require "net/http"
require "httparty"

# CAMB.AI client
module Voices
  TASK = "3fbcf76b-bfb7-4c2d-a547-436546d78b7e"

  def self.list
    uri = URI("https://client.camb.ai/apis/list-voices")
    req = Net::HTTP::Get.new(uri)
    req["x-api-key"] = "d5c55008-4700-46a6-a39f-fa4e1fee087e"
    Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(req) }
  end

  def self.status
    HTTParty.get("https://client.camb.ai/apis/tts/#{TASK}", headers: { "x-api-key" => "02d29fb4-8dc2-4314-89a4-fa4e62278802" })
  end

  def self.from_env
    HTTParty.get("https://client.camb.ai/apis/list-voices", headers: { "x-api-key" => ENV["CAMB_API_KEY"] })
  end
end
