package rules

// All returns the rules, one per key context, in a stable order:
// header, sdk, variable, indirect, config, note, data. Each call returns a fresh
// slice that the caller may modify.
func All() []Rule {
	rs := make([]Rule, len(ruleTable))
	for i := range ruleTable {
		rs[i] = ruleCopy(i)
	}
	return rs
}

// Lookup returns the rule with id, and whether there is one. The rule is
// a copy the caller may modify.
func Lookup(id string) (Rule, bool) {
	for i := range ruleTable {
		if ruleTable[i].ID == id {
			return ruleCopy(i), true
		}
	}
	return Rule{}, false
}

// ruleCopy returns ruleTable[i] with slices of its own.
func ruleCopy(i int) Rule {
	r := ruleTable[i]
	r.Examples = append([]string(nil), r.Examples...)
	r.NonExamples = append([]string(nil), r.NonExamples...)
	return r
}

const rotate = " Treat a reported key as leaked: revoke it in CAMB.AI Studio, issue a new one, and load it from an environment variable or a secret store."

// ruleTable is indexed by ctx.
var ruleTable = [...]Rule{
	ctxHeader: {
		ID: IDHeader, Context: "header", Name: "CambApiKeyInHeader",
		Precision: "high", Phrase: "in an x-api-key header",
		Short: "CAMB.AI API key hardcoded as an x-api-key header value",
		Full: "A UUIDv4 is the literal value of an x-api-key request header: in a header dictionary or object, " +
			"a Header.Set, addHeader, setRequestProperty or DefaultRequestHeaders.Add call, a curl -H option, " +
			"a raw HTTP request, a PHP header string, Swift's setValue(_:forHTTPHeaderField:) or a Postman header entry. " +
			"CAMB.AI authenticates API calls with this header and its keys are UUIDv4s. The finding is high confidence " +
			"when the file also mentions CAMB (a camb.ai host, the CAMB SDK, a CAMB-named identifier) and medium otherwise; " +
			"a UUID next to another service that uses x-api-key (Anthropic, AWS API Gateway, RapidAPI, ...) is not reported." + rotate,
		Examples: []string{
			`headers = {"x-api-key": "{KEY}"}`,
			`requests.get("https://client.camb.ai/apis/list-voices", headers={"x-api-key": "{KEY}"})`,
			`curl -H "x-api-key: {KEY}" https://client.camb.ai/apis/list-voices`,
			`req.Header.Set("X-Api-Key", "{KEY}")`,
			`request.setValue("{KEY}", forHTTPHeaderField: "x-api-key")`,
			`{"key": "x-api-key", "value": "{KEY}", "type": "text"}`,
			`    "    \"x-api-key\": \"{KEY}\",\n",`,
		},
		NonExamples: []string{
			`headers = {"x-api-key": os.environ["CAMB_API_KEY"]}`,
			`headers = {"x-api-key": "YOUR_API_KEY"}`,
			`headers = {"x-api-key": "00000000-0000-4000-8000-000000000000"}`,
			`requests.post("https://api.anthropic.com/v1/messages", headers={"x-api-key": "{KEY}", "anthropic-version": "2023-06-01"})`,
			`headers = {"x-rapidapi-key": "{KEY}"}`,
			`headers = {"x-api-key": "rh-api-{KEY}"}`,
			`headers = {"x-api-key": "{KEY}"}  # cambscan:allow`,
			`curl -H "x-api-key: $CAMB_API_KEY" https://client.camb.ai/apis/tts/{KEY}`,
		},
	},
	ctxSDK: {
		ID: IDSDK, Context: "sdk", Name: "CambApiKeyInSdkCall",
		Precision: "very-high", Phrase: "passed to a CAMB.AI client",
		Short: "CAMB.AI API key hardcoded in a CAMB SDK client or integration",
		Full: "A UUIDv4 is the api_key / apiKey option of a CAMB.AI client or integration: CambAI(...), AsyncCambAI(...), " +
			"new CambClient({...}), CambApiClient.builder().apiKey(...), new CambAIClient(...), CambTTSService(...), camb.TTS(...), " +
			"a Camb*Tool(...), or option.WithAPIKey(...) in a Go file that imports the CAMB Go SDK (github.com/camb-ai/...). " +
			"The call may span several lines. The context names CAMB by itself, so the finding is high confidence." + rotate,
		Examples: []string{
			`client = CambAI(api_key="{KEY}")`,
			"client = AsyncCambAI(\n    api_key=\"{KEY}\",\n    timeout=60,\n)",
			`const client = new CambClient({ apiKey: '{KEY}' });`,
			`CambApiClient client = CambApiClient.builder().apiKey("{KEY}").build();`,
			`tts = CambTTSService(api_key="{KEY}", voice_id=147320)`,
			`tts = camb.TTS(api_key="{KEY}")`,
			"import \"github.com/camb-ai/cambai-go-sdk/option\"\n\nc := client.NewClient(option.WithAPIKey(\"{KEY}\"))",
		},
		NonExamples: []string{
			`client = CambAI(api_key=os.getenv("CAMB_API_KEY"))`,
			`client = CambAI(api_key="your_camb_api_key")`,
			`client = CambAI(tts_provider="baseten", provider_params={"api_key": "{KEY}"})`,
			`c := openai.NewClient(option.WithAPIKey("{KEY}"))`,
			`result = client.text_to_speech.get_tts_result(run_id="{KEY}")`,
			`client = OpenAI(api_key="{KEY}")`,
		},
	},
	ctxVariable: {
		ID: IDVariable, Context: "variable", Name: "CambApiKeyInVariable",
		Precision: "very-high", Phrase: "in a CAMB-named variable or setting",
		Short: "CAMB.AI API key hardcoded in a CAMB-named variable, setting or environment entry",
		Full: "A UUIDv4 is assigned to a name that says CAMB and key, such as CAMB_API_KEY, CAMB_AI_API_KEY, CAMBAI_API_KEY, " +
			"VITE_CAMB_API_KEY, camb_api_key, api_key_cambai, CAMB_KEY or CAMB_API_KEY2: in code, a .env file, a shell export, " +
			"YAML, JSON or TOML, a docker-compose environment, a workflow env block, a --dart-define flag or a Terraform variable " +
			"default. The name makes the finding high confidence." + rotate,
		Examples: []string{
			`CAMB_API_KEY={KEY}`,
			`export CAMB_AI_API_KEY="{KEY}"`,
			`const VITE_CAMB_API_KEY = "{KEY}";`,
			"environment:\n  - CAMBAI_API_KEY={KEY}",
			"env:\n  CAMB_API_KEY: {KEY}",
			`flutter run --dart-define=CAMB_API_KEY={KEY}`,
			"variable \"camb_api_key\" {\n  default = \"{KEY}\"\n}",
			`api_key_cambai = '{KEY}'`,
			`os.environ.setdefault("CAMB_KEY", "{KEY}")`,
		},
		NonExamples: []string{
			`CAMB_API_KEY=${CAMB_API_KEY}`,
			`CAMB_API_KEY: ${{ secrets.CAMB_API_KEY }}`,
			`CAMB_API_KEY=your_camb_api_key`,
			`CAMB_TASK_ID={KEY}`,
			`CAMBRIDGE_API_KEY={KEY}`,
			`api_key = process.env.CAMB_API_KEY`,
		},
	},
	ctxIndirect: {
		ID: IDIndirect, Context: "indirect", Name: "CambApiKeyInIndirection",
		Precision: "very-high", Phrase: "bound to a name the file sends as a CAMB.AI key",
		Short: "CAMB.AI API key hardcoded in a constant that an x-api-key header or CAMB client reads",
		Full: "A UUIDv4 is bound to a name (a constant, a variable, an element of a list of keys) and the same file passes " +
			"that name as an x-api-key header value or as the api_key of a CAMB client. The confidence follows the use: " +
			"high for a CAMB client, and for a header high or medium as for a direct header key." + rotate,
		Examples: []string{
			"API_KEY = \"{KEY}\"\n\nresp = requests.get(url, headers={\"x-api-key\": API_KEY})",
			"KEY = \"{KEY}\"\nclient = CambAI(api_key=KEY)",
			"const apiKey = '{KEY}';\nawait fetch(url, { headers: { 'x-api-key': apiKey } });",
			"KEYS = [\"{KEY}\"]\nheaders = {\"x-api-key\": random.choice(KEYS)}",
			"const apiKeyHeader = \"x-api-key\"\n\nvar key = \"{KEY}\"\n\nreq.Header.Set(apiKeyHeader, key)",
		},
		NonExamples: []string{
			"API_KEY = \"{KEY}\"\nprint(API_KEY)",
			"TASK_ID = \"{KEY}\"\nheaders = {\"x-api-key\": API_KEY}",
			"ANTHROPIC_URL = \"https://api.anthropic.com/v1/messages\"\nAPI_KEY = \"{KEY}\"\nheaders = {\"x-api-key\": API_KEY}",
		},
	},
	ctxConfig: {
		ID: IDConfig, Context: "config", Name: "CambApiKeyInConfig",
		Precision: "very-high", Phrase: "in a CAMB.AI configuration block",
		Short: "CAMB.AI API key hardcoded in a CAMB configuration block",
		Full: "A UUIDv4 is the api_key, apiKey or key field of configuration about CAMB: a camb: YAML block, a [camb] " +
			"TOML or INI section, or an object labelled camb or holding \"provider\": \"camb.ai\". The block names CAMB, " +
			"so the finding is high confidence." + rotate,
		Examples: []string{
			"camb:\n  api_key: {KEY}",
			"[camb]\napi_key = \"{KEY}\"",
			`{"provider": "camb.ai", "api_key": "{KEY}"}`,
			`{"camb": {"apiKey": "{KEY}"}}`,
			"providers:\n  camb:\n    key: \"{KEY}\"",
		},
		NonExamples: []string{
			"openai:\n  api_key: {KEY}",
			"camb:\n  api_key: ${CAMB_API_KEY}",
			"camb:\n  task_id: {KEY}",
			"[camb]\nvoice_id = 147320\n\n[other]\napi_key = \"{KEY}\"",
		},
	},
	ctxNote: {
		ID: IDNote, Context: "note", Name: "CambApiKeyInNote",
		Precision: "medium", Phrase: "named a CAMB.AI key in a note",
		Short: "CAMB.AI API key written in a note that calls it a CAMB key",
		Full: "A UUIDv4 follows words that call it a CAMB.AI API key, on the same line or the line before it: " +
			"\"Our CAMB.AI API key:\", \"camb api key is\", \"CAMB key (prod) ->\", \"Here is the team's Camb AI key\", " +
			"or a Markdown table row whose other cells (or column header) say CAMB and key. Notes, READMEs, wikis and " +
			"comments are where keys are pasted to share them. Words about ids (task, run, voice or request ids), " +
			"examples and fixes rule a line out. The words are all there is, so the finding is medium confidence." + rotate,
		Examples: []string{
			"Our CAMB.AI API key:\n{KEY}",
			"camb api key is {KEY}",
			"- CAMB key (prod) -> `{KEY}`",
			"Here is the team's Camb AI key\n\n```\n{KEY}\n```",
			"| Service | Key |\n|---|---|\n| CAMB.AI | {KEY} |",
		},
		NonExamples: []string{
			"CAMB task id for the failing run:\n{KEY}",
			"Our CAMB.AI API key is in 1Password; the request id was {KEY}",
			"- Fixed the CAMB api key header (task {KEY})",
			"| Service | Task ID |\n|---|---|\n| CAMB.AI | {KEY} |",
			"Cambridge API key: {KEY}",
		},
	},
	ctxData: {
		ID: IDData, Context: "data", Name: "CambApiKeyInData",
		Precision: "high", Phrase: "in data that names CAMB.AI",
		Short: "CAMB.AI API key hardcoded in a data row, list or secret resource that names CAMB",
		Full: "A UUIDv4 sits in structured data whose other parts name CAMB although the key's own name does not: a JSON or " +
			"YAML list or map under a CAMB-named key, an SQL INSERT row or a CSV/TSV row whose other cells say camb under a key " +
			"column, or an infrastructure resource whose name says camb (a Terraform secret or parameter, a Pulumi or CDK " +
			"resource, a CloudFormation parameter). It also covers a base64-encoded key in a Kubernetes Secret's data, in a " +
			"docker config.json auths entry or in another key-named field: the finding points at the encoded value. The finding " +
			"is high confidence when the data names CAMB and medium for an encoded key in a text that does not mention CAMB." + rotate,
		Examples: []string{
			"providers:\n  camb: [\"{KEY}\"]",
			"provider\tapi_key\ncamb\t{KEY}",
			"INSERT INTO api_keys (provider, key) VALUES ('camb', '{KEY}');",
			"provider,api_key\ncamb,{KEY}",
			"resource \"aws_secretsmanager_secret_version\" \"camb_api_key\" {\n  secret_string = \"{KEY}\"\n}",
			"const p = new aws.ssm.Parameter(\"camb-api-key\", {\n  type: \"SecureString\",\n  value: \"{KEY}\",\n});",
		},
		NonExamples: []string{
			"camb:\n  task_ids:\n    - {KEY}",
			"INSERT INTO tts_tasks (provider, task_id) VALUES ('camb', '{KEY}');",
			"request_id,provider,status\n{KEY},camb,done",
			"resource \"aws_ssm_parameter\" \"openai_key\" {\n  value = \"{KEY}\"\n}",
			"openai:\n  keys:\n    - {KEY}",
		},
	},
}
