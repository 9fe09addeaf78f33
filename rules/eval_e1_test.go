package rules

import "testing"

// Tables for the shapes that E1's blind evaluation corpus (issue 12, code
// styles; testdata/eval/e1) found missing or wrongly reported: typed key
// lists and the calls that draw from them, a wrapped default under a
// generic key name in a CAMB class, the Rust CAMB SDK's ClientConfig, and
// session-level headers whose requests go to another host.

func TestEvalE1TypedLists(t *testing.T) {
	runRows(t, []row{
		{"go-slice-camb-named", "package p\n\nvar cambKeys = []string{\"{KEY}\"}", vr, High},
		{"go-slice-short-decl", "func f() {\n\tcambKeys := []string{\n\t\t\"{KEY}\",\n\t}\n\t_ = cambKeys\n}", vr, High},
		{"go-array-len", "var cambKeys = [2]string{os.Getenv(\"A\"), \"{KEY}\"}", vr, High},
		{"go-array-ellipsis", "var cambKeys = [...]string{\"{KEY}\"}", vr, High},
		{"go-slice-indexed-header", "var keys = []string{\n\t\"{KEY}\",\n\tos.Getenv(\"B\"),\n}\n\nfunc sign(r *http.Request) {\n\tr.Header.Set(\"x-api-key\", keys[n%len(keys)])\n}", ind, Medium},
		{"go-slice-second-camb", "var keys = []string{os.Getenv(\"A\"), \"{KEY}\"}\n\nfunc sign(r *http.Request) {\n\tr.Header.Set(\"x-api-key\", keys[i])\n}\n// https://client.camb.ai/apis", ind, High},
		{"java-list-of", "class A {\n    static final List<String> CAMB_KEYS = List.of(\"{KEY}\");\n}", vr, High},
		{"java-list-of-second-get", "class A {\n    static final List<String> KEYS = List.of(System.getenv(\"A\"), \"{KEY}\");\n    Request r = new Request.Builder().url(\"https://client.camb.ai/apis/list-voices\").addHeader(\"x-api-key\", KEYS.get(0)).build();\n}", ind, High},
		{"java-array", "static final String[] CAMB_KEYS = new String[]{\"{KEY}\"};", vr, High},
		{"java-arrays-aslist", "static final List<String> CAMB_KEYS = Arrays.asList(\"{KEY}\");", vr, High},
		{"csharp-new-array", "static readonly string[] CambKeys = new[] { \"{KEY}\" };", vr, High},
		{"csharp-typed-array", "static readonly string[] CambKeys = new string[] { \"{KEY}\" };", vr, High},
		{"kotlin-listof", "val cambKeys = listOf(\"{KEY}\")", vr, High},
		{"kotlin-random", "val keys = listOf(\"{KEY}\")\nval req = Request.Builder().url(\"https://client.camb.ai/apis/tts\").header(\"x-api-key\", keys.random()).build()", ind, High},
		{"rust-vec", "let camb_keys = vec![\"{KEY}\"];", vr, High},
		{"ruby-sample", "KEYS = [\"{KEY}\"]\nreq = Net::HTTP::Get.new(URI(\"https://client.camb.ai/apis/list-voices\"))\nreq[\"x-api-key\"] = KEYS.sample", ind, High},

		{"neg-go-slice-ids", "var cambTaskIDs = []string{\"{KEY}\"}", "", 0},
		{"neg-go-slice-unused", "var ids = []string{\"{KEY}\"}\n// camb.ai", "", 0},
		{"neg-java-list-ids", "static final List<String> TASK_IDS = List.of(\"{KEY}\");\n// https://client.camb.ai/apis", "", 0},
		{"neg-go-map-type", "var cambTasks = map[string]string{\"run\": \"{KEY}\"}", "", 0},
		{"neg-optional-of", "Optional<String> id = Optional.of(\"{KEY}\");", "", 0},
		{"neg-get-other-list", "ids = [\"{KEY}\"]\nheaders = {\"x-api-key\": cfg.get(\"camb\")}", "", 0},
	})
}

func TestEvalE1WrappedFieldDefaults(t *testing.T) {
	runRows(t, []row{
		{"dataclass-camb-class", "@dataclass(frozen=True)\nclass CambConfig:\n    base_url: str = \"https://client.camb.ai/apis\"\n    api_key: str = field(default=\"{KEY}\")", cfg, High},
		{"attrs-camb-class", "@attr.s\nclass CambSettings:\n    api_key = attr.ib(default=\"{KEY}\")", cfg, High},
		{"pydantic-camb-class", "class CambSettings(BaseModel):\n    api_key: str = Field(default=\"{KEY}\", repr=False)", cfg, High},
		{"dataclass-generic-beside-camb-host", "@dataclass\nclass TTS:\n    base_url: str = \"https://client.camb.ai/apis\"\n    api_key: str = field(\n        default=\"{KEY}\",\n    )", cfg, High},

		{"neg-dataclass-task", "@dataclass\nclass CambJob:\n    task_id: str = field(default=\"{KEY}\")", "", 0},
		{"neg-attrs-other-class", "@attr.s\nclass OpenAIConf:\n    api_key = attr.ib(default=\"{KEY}\")", "", 0},
		{"neg-default-run", "class CambRun(BaseModel):\n    run: str = Field(default=\"{KEY}\")", "", 0},
	})
}

func TestEvalE1RustSDK(t *testing.T) {
	runRows(t, []row{
		{"client-config-some", "use camb_api::prelude::*;\n\n#[tokio::main]\nasync fn main() {\n    let config = ClientConfig {\n        api_key: Some(\"{KEY}\".to_string()),\n        ..Default::default()\n    };\n    let client = ApiClient::new(config).expect(\"client\");\n}", sdk, High},
		{"client-config-string-from", "use camb_api::prelude::*;\nlet config = ClientConfig { api_key: Some(String::from(\"{KEY}\")), ..Default::default() };", sdk, High},
		{"client-config-plain", "use camb_api::{ApiClient, ClientConfig};\nlet config = ClientConfig {\n    api_key: \"{KEY}\".to_string(),\n};", sdk, High},

		{"neg-other-crate", "use other_api::prelude::*;\nlet config = ClientConfig {\n    api_key: Some(\"{KEY}\".to_string()),\n};", "", 0},
		{"neg-run-id", "use camb_api::prelude::*;\nlet config = ClientConfig {\n    run_id: Some(\"{KEY}\".to_string()),\n};", "", 0},
	})
}

func TestEvalE1SessionHeaders(t *testing.T) {
	runRows(t, []row{
		{"session-camb", "class Camb:\n    def __init__(self):\n        self.base = \"https://client.camb.ai/apis\"\n        self.s = requests.Session()\n        self.s.headers.update({\"x-api-key\": \"{KEY}\"})\n\n    def voices(self):\n        return self.s.get(f\"{self.base}/list-voices\").json()", hdr, High},
		{"session-no-host", "s = requests.Session()\ns.headers.update({\"x-api-key\": \"{KEY}\"})\nclient = CambAI()", hdr, High},

		{"neg-session-other-host", "class Search:\n    \"\"\"Search for the camb voice picker.\"\"\"\n\n    def __init__(self):\n        self.base = \"https://api.searchspring.net/v3\"\n        self.s = requests.Session()\n        self.s.headers.update({\"x-api-key\": \"{KEY}\"})\n\n    def query(self, q):\n        return self.s.get(f\"{self.base}/search\", params={\"q\": q}).json()", "", 0},
		{"neg-session-other-url", "# camb dubbing admin\nsession = requests.Session()\nsession.headers.update({\"x-api-key\": \"{KEY}\"})\nsession.get(\"https://api.attio.com/v2/objects\")", "", 0},
	})
}
