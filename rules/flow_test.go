package rules

import "testing"

// TestValueFlow checks keys that reach an x-api-key header or a CAMB SDK
// key through up to three steps in one file: constants, attributes,
// function parameters and defaults, dict fields, list elements and
// rotations, header-name constants and OpenAPI clients' api-key maps.
func TestValueFlow(t *testing.T) {
	runRows(t, flowRows)
}

var flowRows = []row{
	// Python
	{"py-const-attr-sdk", "DEFAULT_KEY = \"{KEY}\"\n\n\nclass Dubber:\n    def __init__(self, key=None):\n        self.key = key or DEFAULT_KEY\n        self.client = CambAI(api_key=self.key)", ind, High},
	{"py-const-attr-header", "TOKEN = \"{KEY}\"\n\n\nclass Voices:\n    def __init__(self):\n        self.token = TOKEN\n\n    def list(self):\n        return requests.get(URL, headers={\"x-api-key\": self.token})", ind, Medium},
	{"py-param-default", "def make_client(key=\"{KEY}\"):\n    return CambAI(api_key=key)", ind, High},
	{"py-param-call", "def make_client(key):\n    return CambAI(api_key=key)\n\n\nclient = make_client(\"{KEY}\")", ind, High},
	{"py-param-call-second", "def fetch_voices(session, token, timeout=30):\n    headers = {\"x-api-key\": token}\n    return session.get(VOICES, headers=headers, timeout=timeout)\n\n\nvoices = fetch_voices(requests.Session(), \"{KEY}\")", ind, Medium},
	{"py-method-param", "class Tts:\n    def __init__(self, api_key):\n        self.client = AsyncCambAI(api_key=api_key)\n\n\ntts = Tts(\"{KEY}\")", ind, High},
	{"py-dict-field", "cfg = {\"camb\": \"{KEY}\", \"voice\": 147320}\nclient = CambAI(api_key=cfg[\"camb\"])", ind, High},
	{"py-dict-get", "SECRETS = {\n    \"tts\": \"{KEY}\",\n}\nheaders = {\"x-api-key\": SECRETS.get(\"tts\")}", ind, Medium},
	{"py-cycle", "API_KEYS = [\n    \"{KEY}\",\n]\nkey_pool = itertools.cycle(API_KEYS)\n\n\ndef headers():\n    return {\"x-api-key\": next(key_pool)}", ind, Medium},
	{"py-index", "KEYS = [\"{KEY}\"]\nresp = requests.post(TTS, headers={\"x-api-key\": KEYS[0]}, json=body)", ind, Medium},
	{"py-header-const-dict", "AUTH_HEADER = \"x-api-key\"\nheaders = {AUTH_HEADER: \"{KEY}\"}", hdr, Medium},
	{"py-header-const-indirect", "AUTH_HEADER = \"x-api-key\"\nSECRET = \"{KEY}\"\nheaders = {AUTH_HEADER: SECRET}", ind, Medium},
	{"py-openapi-map", "configuration = cambai.Configuration(host=\"https://client.camb.ai/apis\")\nconfiguration.api_key['x-api-key'] = '{KEY}'", hdr, High},
	{"py-openapi-map-const", "KEY = '{KEY}'\nconfiguration = openapi_client.Configuration()\nconfiguration.api_key['x-api-key'] = KEY", ind, Medium},
	// JavaScript and TypeScript
	{"ts-ctor-param", "class Voices {\n  constructor(private readonly apiKey: string) {}\n\n  list() {\n    return fetch(URL, { headers: { 'x-api-key': this.apiKey } });\n  }\n}\n\nconst voices = new Voices('{KEY}');", ind, Medium},
	{"js-function-param", "function cambClient(token) {\n  return new CambClient({ apiKey: token });\n}\n\nconst client = cambClient('{KEY}');", ind, High},
	{"js-config-object", "const config = { tts: { key: '{KEY}' } };\nconst client = new CambClient({ apiKey: config.tts.key });", ind, High},
	{"js-openapi-apikey", "const configuration = new Configuration({\n  apiKey: '{KEY}',\n  basePath: 'https://client.camb.ai/apis',\n});", cfg, High},
	{"js-header-const", "const API_KEY_HEADER = 'x-api-key';\nconst headers = { [API_KEY_HEADER]: '{KEY}' };", hdr, Medium},
	// Go
	{"go-func-param", "func newClient(key string) *client.Client {\n\treturn client.NewClient(option.WithAPIKey(key))\n}\n\nvar c = newClient(\"{KEY}\")\n\nimport \"github.com/camb-ai/cambai-go-sdk/option\"", ind, High},
	{"go-struct-field", "type Config struct{ Key string }\n\nvar cfg = Config{Key: \"{KEY}\"}\n\nfunc do(req *http.Request) {\n\treq.Header.Set(\"x-api-key\", cfg.Key)\n}", ind, Medium},
	// Java, C#, Ruby, PHP, Rust
	{"java-field", "private static final String KEY = \"{KEY}\";\nprivate final String apiKey = KEY;\n\nRequest r = new Request.Builder().url(url).addHeader(\"x-api-key\", apiKey).build();", ind, Medium},
	{"csharp-const", "private const string Secret = \"{KEY}\";\nprivate readonly string _key = Secret;\n\nhttp.DefaultRequestHeaders.Add(\"x-api-key\", _key);", ind, Medium},
	{"ruby-ivar", "KEY = \"{KEY}\"\n\ndef initialize\n  @token = KEY\nend\n\ndef voices\n  HTTParty.get(URL, headers: { \"x-api-key\" => @token })\nend", ind, Medium},
	{"php-property", "<?php\nconst KEY = '{KEY}';\nclass Voices {\n  private $key = KEY;\n  function list() { return $this->http->get($url, ['headers' => ['x-api-key' => $this->key]]); }\n}", ind, Medium},
	{"rust-const", "const KEY: &str = \"{KEY}\";\n\nfn token() -> &'static str { KEY }\n\nlet resp = client.get(url).header(\"x-api-key\", key).send().await?;\nlet key = KEY;", ind, Medium},

	// Hard negatives: the chain ends somewhere else.
	{"neg-param-other-use", "def log_run(run):\n    print(run)\n\n\nlog_run(\"{KEY}\")", "", 0},
	{"neg-param-id", "def get_result(task_id):\n    return requests.get(f\"{BASE}/tts/{task_id}\", headers={\"x-api-key\": os.environ[\"CAMB_API_KEY\"]})\n\n\nget_result(\"{KEY}\")", "", 0},
	{"neg-dict-other-field", "cfg = {\"camb\": os.environ[\"CAMB_API_KEY\"], \"run\": \"{KEY}\"}\nclient = CambAI(api_key=cfg[\"camb\"])", "", 0},
	{"neg-attr-other", "TASK = \"{KEY}\"\n\n\nclass Job:\n    def __init__(self):\n        self.task = TASK\n        self.client = CambAI(api_key=os.environ[\"CAMB_API_KEY\"])", "", 0},
	{"neg-list-other-use", "RUN_IDS = [\"{KEY}\"]\nfor run in itertools.cycle(RUN_IDS):\n    print(run)\nheaders = {\"x-api-key\": os.environ[\"CAMB_API_KEY\"]}", "", 0},
	{"neg-openai-param", "def make(key):\n    return OpenAI(api_key=key)\n\n\nclient = make(\"{KEY}\")", "", 0},
	{"neg-flow-other-host", "TOKEN = \"{KEY}\"\n\n\nclass Geo:\n    def __init__(self):\n        self.token = TOKEN\n\n    def lookup(self):\n        return requests.get(\"https://api.geoapify-like.io/v1\", headers={\"x-api-key\": self.token})", "", 0},
}
