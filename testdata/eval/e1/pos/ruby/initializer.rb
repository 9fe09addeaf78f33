Rails.application.configure do
  config.camb_api_key = "3a0b847d-bce8-4ea6-89b2-fa4ef6f9dd13"
  config.camb_base_url = "https://client.camb.ai/apis"
end
