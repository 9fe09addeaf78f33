package rules

import "testing"

// TestGenericNameBesideCamb: a generic key name (TTS_API_KEY, API_KEY,
// token, apiKey) is a CAMB name when its block, section or flat file binds
// a CAMB host or provider to a sibling name.
func TestGenericNameBesideCamb(t *testing.T) {
	runRows(t, []row{
		// .env, flat
		{"dotenv-base-url", "# speech\nTTS_BASE_URL=https://client.camb.ai/apis\nTTS_API_KEY={KEY}\nTTS_VOICE_ID=147320\n", cfg, High},
		{"dotenv-provider-after", "APP_ENV=production\nTTS_API_KEY=\"{KEY}\"\nTTS_PROVIDER=camb\n", cfg, High},
		{"dotenv-token", "VOICE_BACKEND=camb.ai\nVOICE_TOKEN={KEY}\n", cfg, High},
		{"dotenv-bare-api-key", "BASE_URL=https://client.camb.ai/apis\nAPI_KEY={KEY}\nLOG_LEVEL=info\n", cfg, High},
		{"dotenv-export", "export SPEECH_ENDPOINT=https://client.camb.ai/apis/tts\nexport SPEECH_API_KEY={KEY}\n", cfg, High},
		{"dotenv-shared-prefix", "DUBBER_URL=https://client.camb.ai/apis\nDUBBER_API_KEY={KEY}\n", cfg, High},
		// YAML
		{"yaml-provider", "tts:\n  provider: camb\n  api_key: {KEY}\n  voice_id: 147320\n", cfg, High},
		{"yaml-base-url-token", "speech:\n  base_url: https://client.camb.ai/apis\n  token: \"{KEY}\"\n", cfg, High},
		{"yaml-generic-name", "services:\n  narration:\n    endpoint: \"https://client.camb.ai/apis/tts\"\n    TTS_API_KEY: {KEY}\n", cfg, High},
		{"yaml-camb-parent-token", "providers:\n  camb:\n    prod_token: {KEY}\n", cfg, High},
		// docker-compose environment lists
		{"compose-list", "services:\n  worker:\n    image: acme/worker:1.4\n    environment:\n      - TTS_PROVIDER=camb\n      - TTS_API_KEY={KEY}\n      - LOG_LEVEL=debug\n", cfg, High},
		{"compose-map", "services:\n  api:\n    environment:\n      SPEECH_BASE_URL: https://client.camb.ai/apis\n      SPEECH_API_KEY: \"{KEY}\"\n", cfg, High},
		// JSON
		{"json-object", "{\n  \"tts\": {\n    \"baseUrl\": \"https://client.camb.ai/apis\",\n    \"token\": \"{KEY}\"\n  }\n}", cfg, High},
		{"json-one-line", "{\"provider\": \"camb\", \"apiToken\": \"{KEY}\", \"voice\": 20303}", cfg, High},
		// TOML and INI sections that are not CAMB-named
		{"toml-section", "[tts]\nprovider = \"camb\"\napi_key = \"{KEY}\"\n\n[db]\nurl = \"postgres://localhost/app\"\n", cfg, High},
		{"ini-section", "[speech]\nendpoint = https://client.camb.ai/apis\napikey = {KEY}\n", cfg, High},
		{"toml-token", "[voice]\nbase_url = \"https://client.camb.ai/apis\"\ntoken = \"{KEY}\"\n", cfg, High},
		// Python settings classes
		{"py-settings", "class Settings(BaseSettings):\n    base_url: str = \"https://client.camb.ai/apis\"\n    tts_api_key: str = \"{KEY}\"\n    timeout: int = 30\n", cfg, High},
		{"py-dataclass", "@dataclass\nclass TTSConfig:\n    provider: str = \"camb\"\n    token: str = \"{KEY}\"\n", cfg, High},
		// TypeScript / JavaScript config objects
		{"ts-config", "export const speechConfig = {\n  baseURL: 'https://client.camb.ai/apis',\n  apiKey: '{KEY}',\n};\n", cfg, High},
		{"js-module-exports", "module.exports = {\n  ttsProvider: \"camb.ai\",\n  ttsToken: \"{KEY}\",\n};\n", cfg, High},
		// Ruby, PHP, Go, Rust, C#
		{"ruby-hash", "TTS = {\n  base_url: 'https://client.camb.ai/apis',\n  api_key: '{KEY}'\n}.freeze\n", cfg, High},
		{"php-array-config", "return [\n    'speech' => [\n        'provider' => 'camb',\n        'token' => '{KEY}',\n    ],\n];\n", cfg, High},
		{"py-kwargs", "tts = SpeechClient(\n    base_url=\"https://client.camb.ai/apis\",\n    token=\"{KEY}\",\n)\n", cfg, High},
		{"rust-struct", "let cfg = TtsConfig {\n    base_url: \"https://client.camb.ai/apis\".into(),\n    api_key: \"{KEY}\".into(),\n};\n", cfg, High},
		{"go-struct-literal", "var ttsConf = Config{\n\tBaseURL: \"https://client.camb.ai/apis\",\n\tAPIKey:  \"{KEY}\",\n}\n", cfg, High},
		{"csharp-appsettings-json", "{\n  \"Speech\": {\n    \"Provider\": \"CambAI\",\n    \"ApiKey\": \"{KEY}\"\n  }\n}", cfg, High},

		// Hard negatives
		{"neg-other-vendor-name", "TTS_PROVIDER=camb\nOPENAI_API_KEY={KEY}\n", "", 0},
		{"neg-elevenlabs-beside", "TTS_BASE_URL=https://client.camb.ai/apis\nELEVENLABS_API_KEY={KEY}\n", "", 0},
		{"neg-session-token", "BASE_URL=https://client.camb.ai/apis\nSESSION_TOKEN={KEY}\n", "", 0},
		{"neg-task-id", "TTS_BASE_URL=https://client.camb.ai/apis\nTTS_TASK_ID={KEY}\n", "", 0},
		{"neg-run-token", "provider: camb\nrun_token: {KEY}\n", "", 0},
		{"neg-camb-only-in-name", "CAMB_VOICE_ID=147320\nAPI_TOKEN={KEY}\n", "", 0},
		{"neg-other-block", "tts:\n  provider: camb\nllm:\n  provider: openai\n  api_key: {KEY}\n", "", 0},
		{"neg-other-section", "[tts]\nprovider = \"camb\"\n\n[llm]\nprovider = \"openai\"\napi_key = \"{KEY}\"\n", "", 0},
		{"neg-other-object", "{\n  \"tts\": {\"provider\": \"camb\"},\n  \"llm\": {\"provider\": \"openai\", \"token\": \"{KEY}\"}\n}", "", 0},
		{"neg-no-camb", "TTS_BASE_URL=https://api.example.com\nTTS_API_KEY={KEY}\n", "", 0},
		{"neg-cambridge", "UNI=https://www.cambridge.org\nAPI_KEY={KEY}\n", "", 0},
		{"neg-lookup", "TTS_BASE_URL=https://client.camb.ai/apis\nTTS_API_KEY=${TTS_API_KEY}\n", "", 0},
		{"neg-argument", "TTS_BASE_URL = \"https://client.camb.ai/apis\"\nsign(token=\"{KEY}\")\n", "", 0},
		{"neg-far-away", "TTS_BASE_URL=https://client.camb.ai/apis\n" + repeatLines("FEATURE_FLAG_X=1\n", 20) + "TTS_API_KEY={KEY}\n", "", 0},
		{"neg-lockfile", "\"resolved\": \"https://registry.npmjs.org/camb/-/camb-1.0.0.tgz\",\n\"integrity\": \"{KEY}\"\n", "", 0},
	})
}

func repeatLines(s string, n int) string {
	out := ""
	for i := 0; i < n; i++ {
		out += s
	}
	return out
}
