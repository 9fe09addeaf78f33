package rules

import "testing"

// TestRequestTarget checks that a header key's confidence follows where
// its request goes: a camb.ai host makes it high, another host drops it
// (even when the file mentions CAMB elsewhere), and a local, example or
// unresolved host leaves the anchors to decide.
func TestRequestTarget(t *testing.T) {
	runRows(t, targetRows)
}

func TestHostKind(t *testing.T) {
	for _, c := range []struct {
		url  string
		want target
	}{
		{"https://client.camb.ai/apis", targetCamb},
		{"https://CAMB.AI", targetCamb},
		{"wss://client.camb.ai/ws", targetCamb},
		{"https://camb.ai.evil.io/x", targetUnknown}, // names CAMB: a proxy, or a lure; the anchors decide
		{"https://notcamb.ai/x", targetOther},
		{"https://api.anthropic.com/v1", targetOther},
		{"http://localhost:3000", targetUnknown},
		{"http://127.0.0.1/x", targetUnknown},
		{"http://api.svc.cluster.local/x", targetUnknown},
		{"https://api.example.com/x", targetUnknown},
		{"https://${HOST}/x", targetUnknown},
		{"https://{host}/x", targetUnknown},
		{"https://user:pass@host.io/x", targetUnknown},
		{"ftp://files.other.io/x", targetUnknown},
		{"https://camb-proxy.fly.dev/x", targetUnknown},
		{"https://api.other.io/camb/tts", targetUnknown},
	} {
		if got := hostsIn([]byte("\"" + c.url + "\"")); got != c.want {
			t.Errorf("hostsIn(%q) = %d, want %d", c.url, got, c.want)
		}
	}
}

var targetRows = []row{
	// CAMB hosts: high, with no other CAMB word in the file.
	{"py-literal", "r = requests.post(\n    \"https://client.camb.ai/apis/tts\",\n    headers={\"x-api-key\": \"{KEY}\"},\n    json=payload,\n)", hdr, High},
	{"py-base-const", "BASE_URL = \"https://client.camb.ai/apis\"\n\n\ndef voices():\n    return requests.get(f\"{BASE_URL}/list-voices\", headers={\"x-api-key\": \"{KEY}\"})", hdr, High},
	{"py-self-base", "class Voices:\n    def __init__(self):\n        self.base_url = \"https://client.camb.ai/apis\"\n        self.headers = {\"x-api-key\": \"{KEY}\"}\n\n    def list(self):\n        url = f\"{self.base_url}/list-voices\"\n        return requests.get(url, headers=self.headers).json()", hdr, High},
	{"js-axios-create", "const api = axios.create({\n  baseURL: 'https://client.camb.ai/apis',\n  headers: { 'x-api-key': '{KEY}' },\n});", hdr, High},
	{"ts-fetch-options", "const options = {\n  method: 'POST',\n  headers: { 'x-api-key': '{KEY}', 'Content-Type': 'application/json' },\n};\nconst res = await fetch(`${API_ROOT}/tts`, options);\nconst API_ROOT = 'https://client.camb.ai/apis';", hdr, High},
	{"go-newrequest", "func voices(ctx context.Context) (*http.Response, error) {\n\treq, err := http.NewRequestWithContext(ctx, \"GET\", endpoint, nil)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treq.Header.Set(\"x-api-key\", \"{KEY}\")\n\treturn http.DefaultClient.Do(req)\n}\n\nconst endpoint = \"https://client.camb.ai/apis/list-voices\"", hdr, High},
	{"java-okhttp-url", "Request request = new Request.Builder()\n    .url(\"https://client.camb.ai/apis/list-voices\")\n    .addHeader(\"x-api-key\", \"{KEY}\")\n    .build();", hdr, High},
	{"csharp-baseaddress", "var http = new HttpClient { BaseAddress = new Uri(\"https://client.camb.ai/apis/\") };\nhttp.DefaultRequestHeaders.Add(\"x-api-key\", \"{KEY}\");", hdr, High},
	{"rust-reqwest", "let resp = client\n    .post(\"https://client.camb.ai/apis/tts\")\n    .header(\"x-api-key\", \"{KEY}\")\n    .json(&body)\n    .send()\n    .await?;", hdr, High},
	{"curl-continued", "curl -X POST \\\n  -H \"x-api-key: {KEY}\" \\\n  -H 'Content-Type: application/json' \\\n  https://client.camb.ai/apis/tts -d @body.json", hdr, High},
	{"http-file-far-request-line", "POST https://client.camb.ai/apis/tts\nContent-Type: application/json\nAccept: application/json\nx-api-key: {KEY}\n\n{\"text\": \"hi\"}", hdr, High},

	// Other hosts: dropped, even when a comment or body names CAMB.
	{"neg-py-other-host-camb-comment", "# like the camb.ai call, but for our own TTS\nr = requests.post(\"https://api.voicebox.dev/v1/speak\", headers={\"x-api-key\": \"{KEY}\"}, json={\"voice\": \"camb-style\"})", "", 0},
	{"neg-py-other-base-const", "import camb  # CambAI client used elsewhere\nSEARCH_URL = \"https://api.searchly.io/v2\"\n\nresp = requests.get(SEARCH_URL + \"/query\", headers={\"x-api-key\": \"{KEY}\"})", "", 0},
	{"neg-py-self-base", "class Weather:\n    \"\"\"Fetches forecasts; CAMB_API_KEY is read in tts.py.\"\"\"\n\n    def __init__(self):\n        self.base_url = \"https://api.weatherstack.net/v1\"\n        self.headers = {\"x-api-key\": \"{KEY}\"}\n\n    def today(self):\n        url = f\"{self.base_url}/current\"\n        return requests.get(url, headers=self.headers).json()", "", 0},
	{"neg-js-fetch", "// CambAI voices are fetched in voices.js\nconst res = await fetch('https://api.mailjet-like.com/v3/send', {\n  method: 'POST',\n  headers: { 'x-api-key': '{KEY}' },\n});", "", 0},
	{"neg-js-axios-create", "const camb = new CambClient({ apiKey: process.env.CAMB_API_KEY });\nconst geo = axios.create({\n  baseURL: 'https://geo.ipify-like.org/api',\n  headers: { 'x-api-key': '{KEY}' },\n});", "", 0},
	{"neg-go-newrequest", "// CAMB is called in camb.go\nreq, err := http.NewRequest(\"POST\", \"https://api.sendwave.io/v1/messages\", body)\nif err != nil {\n\treturn err\n}\nreq.Header.Set(\"X-API-Key\", \"{KEY}\")", "", 0},
	{"neg-java-url", "// see CambTtsService for the camb.ai call\nURL url = new URL(\"https://api.quotes.io/v1/random\");\nHttpURLConnection conn = (HttpURLConnection) url.openConnection();\nconn.setRequestProperty(\"x-api-key\", \"{KEY}\");", "", 0},
	{"neg-csharp-baseaddress", "// CambAI dubbing lives in CambService.cs\nvar http = new HttpClient { BaseAddress = new Uri(\"https://api.translate-it.com/\") };\nhttp.DefaultRequestHeaders.Add(\"x-api-key\", \"{KEY}\");", "", 0},
	{"neg-rust", "// camb.ai is called from tts.rs\nlet r = client.get(\"https://api.figures.dev/v1/stats\").header(\"x-api-key\", \"{KEY}\").send().await?;", "", 0},
	{"neg-curl", "# camb voices: see camb.sh\ncurl -s https://api.thenumbers.app/v1/facts \\\n  -H \"x-api-key: {KEY}\"", "", 0},
	{"neg-http-file", "### CAMB requests are in camb.http\nGET https://api.stocks.example-broker.com/v1/quotes\nx-api-key: {KEY}\n", "", 0},
	{"neg-ruby", "# Camb voices come from CambClient\nuri = URI(\"https://api.bookshelf.io/v1/books\")\nreq = Net::HTTP::Get.new(uri)\nreq[\"x-api-key\"] = \"{KEY}\"", "", 0},
	{"neg-php", "<?php // the CambAI client is in camb.php\n$ch = curl_init('https://api.parcel-track.eu/v2/track');\ncurl_setopt($ch, CURLOPT_HTTPHEADER, ['x-api-key: {KEY}']);", "", 0},

	// Local, example and unresolved hosts: today's rules decide.
	{"localhost", "r = requests.get(\"http://localhost:8080/apis/list-voices\", headers={\"x-api-key\": \"{KEY}\"})", hdr, Medium},
	{"localhost-camb-file", "# local mock of the CAMB API\nr = requests.get(\"http://127.0.0.1:8000/apis/tts\", headers={\"x-api-key\": \"{KEY}\"})", hdr, High},
	{"example-host", "curl -H \"x-api-key: {KEY}\" https://api.example.com/v1/voices", hdr, Medium},
	{"proxy-path-names-camb", "r = requests.post(\"https://gateway.acme-internal.io/camb/tts\", headers={\"x-api-key\": \"{KEY}\"})", hdr, High},
	{"unresolved-param", "def call(url):\n    return requests.get(url, headers={\"x-api-key\": \"{KEY}\"})", hdr, Medium},
	{"body-url-not-target", "def call(url):\n    payload = {\"webhook\": \"https://hooks.acme.io/tts-done\"}\n    return requests.post(url, headers={\"x-api-key\": \"{KEY}\"}, json=payload)", hdr, Medium},
	{"vendor-fallback", "headers = {\"x-api-key\": \"{KEY}\", \"anthropic-version\": \"2023-06-01\"}", "", 0},
	{"camb-wins-same-hop", "r = requests.post(\"https://client.camb.ai/apis/tts\", headers={\"x-api-key\": \"{KEY}\"}, json={\"callback\": \"https://hooks.acme.io/done\"})", hdr, High},
}
