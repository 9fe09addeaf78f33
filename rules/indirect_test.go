package rules

import "testing"

func TestIndirectContext(t *testing.T) {
	runRows(t, []row{
		{"py-header", "API_KEY = \"{KEY}\"\n\ndef voices():\n    return requests.get(URL, headers={\"x-api-key\": API_KEY})", ind, Medium},
		{"py-header-camb", "API_KEY = \"{KEY}\"\nURL = \"https://client.camb.ai/apis/list-voices\"\nr = requests.get(URL, headers={\"x-api-key\": API_KEY})", ind, High},
		{"py-sdk", "KEY = \"{KEY}\"\nclient = CambAI(api_key=KEY)", ind, High},
		{"py-sdk-positional", "KEY = \"{KEY}\"\nclient = CambAI(KEY)", ind, High},
		{"py-self", "class Client:\n    def __init__(self):\n        self.api_key = \"{KEY}\"\n\n    def get(self):\n        return httpx.get(URL, headers={\"x-api-key\": self.api_key})", ind, Medium},
		{"py-key-list", "KEYS = [\n    \"{KEY}\",\n]\nheaders = {\"x-api-key\": random.choice(KEYS)}", ind, Medium},
		{"py-fstring-use", "token = \"{KEY}\"\nheaders = {\"x-api-key\": f\"{token}\"}", ind, Medium},
		{"js-fetch", "const apiKey = '{KEY}';\nawait fetch(url, { headers: { 'x-api-key': apiKey } });", ind, Medium},
		{"js-shorthand", "const apiKey = '{KEY}';\nconst client = new CambClient({ apiKey });", ind, High},
		{"go-header-const", "const apiKeyHeader = \"x-api-key\"\n\nvar key = \"{KEY}\"\n\nreq.Header.Set(apiKeyHeader, key)", ind, Medium},
		{"go-header-const-direct", "const apiKeyHeader = \"x-api-key\"\n\nreq.Header.Set(apiKeyHeader, \"{KEY}\")", hdr, Medium},
		{"go-option", "import \"github.com/camb-ai/cambai-go-sdk/option\"\n\nconst key = \"{KEY}\"\n\nc := client.NewClient(option.WithAPIKey(key))", ind, High},
		{"java-builder", "private static final String KEY = \"{KEY}\";\nCambApiClient c = CambApiClient.builder().apiKey(KEY).build();", ind, High},
		{"php-concat", "$key = '{KEY}';\ncurl_setopt($ch, CURLOPT_HTTPHEADER, ['x-api-key: ' . $key]);", ind, Medium},
		{"shell-var", "KEY={KEY}\ncurl -H \"x-api-key: $KEY\" https://client.camb.ai/apis/list-voices", ind, High},
		{"http-file-var", "@token = {KEY}\n\nGET https://client.camb.ai/apis/list-voices\nx-api-key: {{token}}\n", ind, High},
		{"swift-var", "let key = \"{KEY}\"\nrequest.setValue(key, forHTTPHeaderField: \"x-api-key\")", ind, Medium},

		{"neg-unused", "API_KEY = \"{KEY}\"\nprint(API_KEY)", "", 0},
		{"neg-other-name", "TASK_ID = \"{KEY}\"\nheaders = {\"x-api-key\": API_KEY}", "", 0},
		{"neg-anthropic-use", "API_KEY = \"{KEY}\"\nr = httpx.post(\"https://api.anthropic.com/v1/messages\", headers={\"x-api-key\": API_KEY})", "", 0},
		{"neg-other-sdk", "KEY = \"{KEY}\"\nclient = OpenAI(api_key=KEY)", "", 0},
		{"neg-task-used-as-path", "task_id = \"{KEY}\"\nrequests.get(f\"{BASE}/tts/{task_id}\", headers={\"x-api-key\": os.environ[\"CAMB_API_KEY\"]})", "", 0},
	})
}

func TestConfigContext(t *testing.T) {
	runRows(t, []row{
		{"yaml-block", "camb:\n  api_key: {KEY}\n  voice_id: 147320\n", cfg, High},
		{"yaml-nested", "providers:\n  camb:\n    key: \"{KEY}\"\n", cfg, High},
		{"yaml-deeper", "camb_ai:\n  auth:\n    apiKey: {KEY}\n", cfg, High},
		{"yaml-sibling", "tts:\n  provider: camb\n  api_key: {KEY}\n", cfg, High},
		{"toml-section", "[camb]\napi_key = \"{KEY}\"\n", cfg, High},
		{"toml-dotted-section", "[tool.cambai]\nkey = \"{KEY}\"\n", cfg, High},
		{"ini-section", "[camb]\r\napi_key={KEY}\r\n", cfg, High},
		{"json-provider", "{\"provider\": \"camb.ai\", \"api_key\": \"{KEY}\"}", cfg, High},
		{"json-label", "{\n  \"camb\": {\n    \"apiKey\": \"{KEY}\"\n  }\n}", cfg, High},
		{"json-provider-list", "{\"providers\": [{\"name\": \"camb\", \"apiKey\": \"{KEY}\"}]}", cfg, High},
		{"js-object-host", "const config = {\n  baseUrl: 'https://client.camb.ai/apis',\n  apiKey: '{KEY}',\n};", cfg, High},
		{"hcl-block", "camb {\n  api_key = \"{KEY}\"\n}", cfg, High},

		{"neg-other-block", "openai:\n  api_key: {KEY}\n", "", 0},
		{"neg-lookup", "camb:\n  api_key: ${CAMB_API_KEY}\n", "", 0},
		{"neg-task-id", "camb:\n  task_id: {KEY}\n", "", 0},
		{"neg-other-section", "[camb]\nvoice_id = 147320\n\n[other]\napi_key = \"{KEY}\"\n", "", 0},
		{"neg-provider-params", "camb:\n  provider_params: {\"api_key\": \"{KEY}\"}\n", "", 0},
		{"neg-provider-params-yaml", "camb:\n  tts_provider: baseten\n  provider_params:\n    api_key: {KEY}\n", "", 0},
		{"neg-json-other", "{\"provider\": \"openai\", \"api_key\": \"{KEY}\"}", "", 0},
	})
}
