package rules

import "testing"

const (
	hdr = IDHeader
	sdk = IDSDK
	vr  = IDVariable
	ind = IDIndirect
	cfg = IDConfig
)

func TestHeaderContext(t *testing.T) {
	runRows(t, []row{
		// Python
		{"py-requests", "import requests\nr = requests.get(\"https://client.camb.ai/apis/list-voices\", headers={\"x-api-key\": \"{KEY}\"})", hdr, High},
		{"py-httpx", "async with httpx.AsyncClient(headers={\"X-API-Key\": \"{KEY}\"}) as c:\n    r = await c.get(url)", hdr, Medium},
		{"py-aiohttp", "async with aiohttp.ClientSession(headers={'x-api-key': '{KEY}'}) as session:", hdr, Medium},
		{"py-session-update", "s = requests.Session()\ns.headers.update({\"x-api-key\": \"{KEY}\"})", hdr, Medium},
		{"py-session-subscript", "session.headers[\"x-api-key\"] = \"{KEY}\"", hdr, Medium},
		{"py-multiline-dict", "HEADERS = {\n    \"Content-Type\": \"application/json\",\n    \"x-api-key\": \"{KEY}\",\n}\n# CAMB.AI voices\n", hdr, High},
		{"py-fstring", "headers = {\"x-api-key\": f\"{KEY}\"}", hdr, Medium},
		{"py-x_api_key-kwarg", "call(x_api_key=\"{KEY}\")", hdr, Medium},
		// JavaScript and TypeScript
		{"js-fetch", "const res = await fetch(\"https://client.camb.ai/apis/tts\", {\n  method: \"POST\",\n  headers: { \"x-api-key\": \"{KEY}\", \"Content-Type\": \"application/json\" },\n});", hdr, High},
		{"js-axios", "axios.get(url, { headers: { 'X-API-KEY': '{KEY}' } })", hdr, Medium},
		{"js-axios-defaults", "api.defaults.headers.common[\"x-api-key\"] = \"{KEY}\";", hdr, Medium},
		{"js-headers-set", "const h = new Headers();\nh.set('x-api-key', '{KEY}');", hdr, Medium},
		{"js-template", "headers: { 'x-api-key': `{KEY}` }", hdr, Medium},
		{"ts-unquoted-key", "const headers: Record<string, string> = { xApiKey: \"{KEY}\" };", hdr, Medium},
		// Go
		{"go-header-set", "req.Header.Set(\"x-api-key\", \"{KEY}\")", hdr, Medium},
		{"go-header-add", "req.Header.Add(\"X-API-KEY\", \"{KEY}\") // CAMB", hdr, High},
		{"go-header-literal", "req.Header = http.Header{\"X-Api-Key\": {\"{KEY}\"}}", hdr, Medium},
		// JVM and .NET
		{"java-urlconnection", "conn.setRequestProperty(\"x-api-key\", \"{KEY}\");", hdr, Medium},
		{"java-okhttp", "Request req = new Request.Builder().url(url)\n    .addHeader(\"x-api-key\", \"{KEY}\")\n    .build();", hdr, Medium},
		{"java-httpclient", "HttpRequest.newBuilder(URI.create(\"https://client.camb.ai/apis/list-voices\")).header(\"x-api-key\", \"{KEY}\").build();", hdr, High},
		{"kotlin-okhttp", "val request = Request.Builder().url(url).addHeader(\"x-api-key\", \"{KEY}\").build()", hdr, Medium},
		{"kotlin-ktor", "client.get(url) {\n    header(\"x-api-key\", \"{KEY}\")\n}", hdr, Medium},
		{"csharp-default-headers", "client.DefaultRequestHeaders.Add(\"x-api-key\", \"{KEY}\");", hdr, Medium},
		{"csharp-request-headers", "request.Headers.Add(\"X-API-KEY\", @\"{KEY}\");", hdr, Medium},
		// PHP, Ruby, Rust, Swift, Dart
		{"php-curl", "curl_setopt($ch, CURLOPT_HTTPHEADER, ['x-api-key: {KEY}', 'Content-Type: application/json']);", hdr, Medium},
		{"php-guzzle", "$client->get($url, ['headers' => ['x-api-key' => '{KEY}']]);", hdr, Medium},
		{"php-header-string", "header(\"X-API-KEY: {KEY}\");", hdr, Medium},
		{"ruby-net-http", "req = Net::HTTP::Get.new(uri)\nreq[\"x-api-key\"] = \"{KEY}\"", hdr, Medium},
		{"ruby-httparty", "HTTParty.get(url, headers: { \"x-api-key\" => \"{KEY}\" })", hdr, Medium},
		{"ruby-symbol", "Faraday.new(url, headers: { 'x-api-key': '{KEY}' })", hdr, Medium},
		{"rust-reqwest", "let resp = client.get(url).header(\"x-api-key\", \"{KEY}\").send().await?;", hdr, Medium},
		{"rust-headervalue", "headers.insert(\"x-api-key\", HeaderValue::from_static(\"{KEY}\"));", hdr, Medium},
		{"swift-setvalue", "request.setValue(\"{KEY}\", forHTTPHeaderField: \"x-api-key\")", hdr, Medium},
		{"swift-addvalue", "request.addValue(\"{KEY}\", forHTTPHeaderField: \"X-API-KEY\")", hdr, Medium},
		{"objc-setvalue", "[request setValue:@\"{KEY}\" forHTTPHeaderField:@\"x-api-key\"];", hdr, Medium},
		{"dart-http", "final r = await http.get(uri, headers: {'x-api-key': '{KEY}'});", hdr, Medium},
		{"elixir-tuple", "headers = [{\"x-api-key\", \"{KEY}\"}]", hdr, Medium},
		{"powershell", "$headers = @{ \"x-api-key\" = \"{KEY}\" }", hdr, Medium},
		// shell, curl, raw HTTP, servers
		{"curl-H", "curl -H \"x-api-key: {KEY}\" https://client.camb.ai/apis/list-voices", hdr, High},
		{"curl-header-nospace", "curl --header 'X-API-KEY:{KEY}' \"$URL\"", hdr, Medium},
		{"httpie", "http GET https://client.camb.ai/apis/list-voices x-api-key:{KEY}", hdr, High},
		{"http-file", "GET https://client.camb.ai/apis/list-voices\nX-API-KEY: {KEY}\nAccept: application/json\n", hdr, High},
		{"http-file-crlf", "GET /apis/list-voices HTTP/1.1\r\nHost: example.test\r\nx-api-key: {KEY}\r\n\r\n", hdr, Medium},
		{"nginx", "proxy_set_header x-api-key {KEY};", hdr, Medium},
		{"yaml-headers", "headers:\n  x-api-key: {KEY}\n", hdr, Medium},
		// JSON-escaped source
		{"notebook", "   \"source\": [\n    \"headers = {\\n\",\n    \"    \\\"x-api-key\\\": \\\"{KEY}\\\",\\n\",\n    \"}\"\n   ]", hdr, Medium},
		{"json-string-source", "{\"code\": \"fetch(url, {headers: {\\\"x-api-key\\\": \\\"{KEY}\\\"}})\"}", hdr, Medium},
		{"postman-multiline", "{\n  \"key\": \"x-api-key\",\n  \"value\": \"{KEY}\",\n  \"type\": \"text\"\n}", hdr, Medium},
		{"postman-reversed", "{\"value\": \"{KEY}\", \"key\": \"x-api-key\"}", hdr, Medium},
		{"postman-auth", "\"auth\": {\n  \"type\": \"apikey\",\n  \"apikey\": [\n    {\"key\": \"value\", \"value\": \"{KEY}\", \"type\": \"string\"},\n    {\"key\": \"key\", \"value\": \"x-api-key\", \"type\": \"string\"}\n  ]\n}", hdr, Medium},

		// Hard negatives: other vendors, placeholders, lookups, ids.
		{"neg-anthropic", "client = httpx.Client(base_url=\"https://api.anthropic.com\", headers={\"x-api-key\": \"{KEY}\"})", "", 0},
		{"neg-anthropic-version", "headers = {\"x-api-key\": \"{KEY}\", \"anthropic-version\": \"2023-06-01\"}", "", 0},
		{"neg-sk-ant", "headers = {\"x-api-key\": \"sk-ant-api03-AAAA\"}", "", 0},
		{"neg-rapidapi", "headers = {\"x-rapidapi-host\": \"weather.p.rapidapi.com\", \"x-api-key\": \"{KEY}\"}", "", 0},
		{"neg-api-gateway", "curl -H \"x-api-key: {KEY}\" https://abc123.execute-api.us-east-1.amazonaws.com/prod/items", "", 0},
		{"neg-pinecone", "pc = requests.Session()  # Pinecone index\npc.headers[\"x-api-key\"] = \"{KEY}\"", "", 0},
		{"neg-xi-api-key", "headers = {\"xi-api-key\": \"{KEY}\"}", "", 0},
		{"neg-x-api-key-id", "headers = {\"x-api-key-id\": \"{KEY}\"}", "", 0},
		{"neg-task-id-beside", "payload = {\"x-api-key\": API_KEY, \"task_id\": \"{KEY}\"}", "", 0},
		{"neg-url-path", "requests.get(f\"https://client.camb.ai/apis/tts/{KEY}\", headers={\"x-api-key\": key})", "", 0},
		{"neg-query", "curl -H \"x-api-key: $KEY\" \"https://client.camb.ai/apis/tts-result?run_id={KEY}\"", "", 0},
		{"neg-placeholder-x", "headers = {\"x-api-key\": \"xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx\"}", "", 0},
		{"neg-placeholder-seq", "headers = {\"x-api-key\": \"12345678-1234-4234-8234-123456789012\"}", "", 0},
		{"neg-placeholder-zero", "headers = {\"x-api-key\": \"00000000-0000-4000-8000-000000000000\"}", "", 0},
		{"neg-placeholder-repeat", "headers = {\"x-api-key\": \"aaaaaaaa-aaaa-4aaa-aaaa-aaaaaaaaaaaa\"}", "", 0},
		{"neg-placeholder-swagger", "headers = {\"x-api-key\": \"3fa85f64-5717-4562-b3fc-2c963f66afa6\"}", "", 0},
		{"neg-placeholder-angle", "headers = {\"x-api-key\": \"<your-api-key>\"}", "", 0},
		{"neg-masked", "headers = {\"x-api-key\": \"********-****-4***-****-************\"}", "", 0},
		{"neg-ellipsis", "headers = {\"x-api-key\": \"...\"}", "", 0},
		{"neg-test-key", "headers = {\"x-api-key\": \"test-key\"}", "", 0},
		{"neg-getenv", "headers = {\"x-api-key\": os.getenv(\"CAMB_API_KEY\")}", "", 0},
		{"neg-process-env", "headers: { 'x-api-key': process.env.CAMB_API_KEY }", "", 0},
		{"neg-shell-var", "curl -H \"x-api-key: ${CAMB_API_KEY}\" https://client.camb.ai/apis/list-voices", "", 0},
		{"neg-postman-var", "{\"key\": \"x-api-key\", \"value\": \"{{apiKey}}\"}", "", 0},
		{"neg-n8n", "{\"name\": \"x-api-key\", \"value\": \"={{$credentials.apiKey}}\"}", "", 0},
		{"neg-java-env", "conn.setRequestProperty(\"x-api-key\", System.getenv(\"CAMB_API_KEY\"));", "", 0},
		{"neg-csharp-env", "client.DefaultRequestHeaders.Add(\"x-api-key\", Environment.GetEnvironmentVariable(\"CAMB_API_KEY\"));", "", 0},
		{"neg-rh-api-prefix", "headers = {\"x-api-key\": \"rh-api-{KEY}\"}", "", 0},
		{"neg-underscore-prefix", "headers = {\"x-api-key\": \"prefix_{KEY}\"}", "", 0},
		{"neg-suffix", "headers = {\"x-api-key\": \"{KEY}_v2\"}", "", 0},
		{"neg-allow-cambscan", "headers = {\"x-api-key\": \"{KEY}\"}  # cambscan:allow", "", 0},
		{"neg-allow-gitleaks", "headers = {\"x-api-key\": \"{KEY}\"}  // gitleaks:allow", "", 0},
		{"neg-allow-pragma", "headers = {\"x-api-key\": \"{KEY}\"}  # pragma: allowlist secret", "", 0},
		{"neg-other-header", "headers = {\"Authorization\": \"Bearer {KEY}\"}", "", 0},
		{"neg-comparison", "if request.headers[\"x-api-key\"] == \"{KEY}\":", "", 0},
	})
}
