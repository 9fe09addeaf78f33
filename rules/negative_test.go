package rules

import "testing"

// TestHardNegatives has, for each language and format of the brief, a
// UUID in a place that looks like a key context but is not one: a
// lookup instead of a literal next to a task id, another vendor, a path
// segment, an id field.
func TestHardNegatives(t *testing.T) {
	runRows(t, []row{
		{"python", "task = CambAI(api_key=os.environ[\"CAMB_API_KEY\"]).dub.get_dubbing_status(task_id=\"{KEY}\")", "", 0},
		{"javascript", "await fetch(`https://client.camb.ai/apis/tts/{KEY}`, { headers: { 'x-api-key': process.env.CAMB_API_KEY } });", "", 0},
		{"typescript", "const runId: string = \"{KEY}\";\nconst camb = new CambClient({ apiKey: import.meta.env.VITE_CAMB_API_KEY });", "", 0},
		{"go", "req, _ := http.NewRequest(\"GET\", \"https://client.camb.ai/apis/tts/{KEY}\", nil)\nreq.Header.Set(\"x-api-key\", os.Getenv(\"CAMB_API_KEY\"))", "", 0},
		{"java", "String taskId = \"{KEY}\";\nconn.setRequestProperty(\"x-api-key\", System.getenv(\"CAMB_API_KEY\"));", "", 0},
		{"kotlin", "val runId = \"{KEY}\"\nval req = Request.Builder().addHeader(\"x-api-key\", System.getenv(\"CAMB_API_KEY\")).build()", "", 0},
		{"csharp", "var taskId = Guid.Parse(\"{KEY}\");\nclient.DefaultRequestHeaders.Add(\"x-api-key\", config[\"Camb:ApiKey\"]);", "", 0},
		{"php", "$taskId = '{KEY}';\ncurl_setopt($ch, CURLOPT_HTTPHEADER, ['x-api-key: ' . getenv('CAMB_API_KEY')]);", "", 0},
		{"ruby", "task_id = \"{KEY}\"\nreq[\"x-api-key\"] = ENV.fetch(\"CAMB_API_KEY\")", "", 0},
		{"rust", "let task_id = \"{KEY}\";\nlet key = std::env::var(\"CAMB_API_KEY\")?;\nclient.get(url).header(\"x-api-key\", key)", "", 0},
		{"swift", "let taskID = \"{KEY}\"\nrequest.setValue(ProcessInfo.processInfo.environment[\"CAMB_API_KEY\"], forHTTPHeaderField: \"x-api-key\")", "", 0},
		{"dart", "const taskId = '{KEY}';\nfinal r = await http.get(uri, headers: {'x-api-key': const String.fromEnvironment('CAMB_API_KEY')});", "", 0},
		{"shell", "TASK_ID={KEY}\ncurl -H \"x-api-key: $CAMB_API_KEY\" \"https://client.camb.ai/apis/tts/$TASK_ID\"", "", 0},
		{"curl-other-vendor", "curl https://api.anthropic.com/v1/messages -H \"x-api-key: {KEY}\" -H \"anthropic-version: 2023-06-01\"", "", 0},
		{"http-file", "GET https://client.camb.ai/apis/tts/{KEY}\nx-api-key: {{token}}\n", "", 0},
		{"dotenv", "CAMB_API_KEY=${CAMB_API_KEY}\nCAMB_LAST_TASK_ID={KEY}\n", "", 0},
		{"yaml", "camb:\n  api_key: ${CAMB_API_KEY}\n  last_task: {KEY}\n", "", 0},
		{"json", "{\"camb\": {\"apiKey\": \"${CAMB_API_KEY}\", \"taskId\": \"{KEY}\"}}", "", 0},
		{"toml", "[camb]\napi_key = \"env:CAMB_API_KEY\"\nrun_id = \"{KEY}\"\n", "", 0},
		{"terraform", "variable \"deployment_id\" {\n  default = \"{KEY}\"\n}\nresource \"x\" \"y\" {\n  camb_api_key = var.camb_api_key\n}", "", 0},
		{"docker-compose", "services:\n  app:\n    environment:\n      - CAMB_API_KEY=${CAMB_API_KEY}\n      - REQUEST_ID={KEY}\n", "", 0},
		{"workflow", "env:\n  CAMB_API_KEY: ${{ secrets.CAMB_API_KEY }}\n  RUN_ID: {KEY}\n", "", 0},
		{"notebook", "     \"text\": [\n      \"{'task_id': '{KEY}', 'status': 'SUCCESS'}\\n\"\n     ]", "", 0},
		{"postman", "{\"key\": \"x-api-key\", \"value\": \"{{cambApiKey}}\"},\n{\"key\": \"task_id\", \"value\": \"{KEY}\"}", "", 0},
		{"lockfile", "\"node_modules/x\": {\"resolved\": \"https://npm.example.com/x/-/{KEY}.tgz\", \"_id\": \"{KEY}\"}", "", 0},
		{"csproj", "<ProjectGuid>{{KEY}}</ProjectGuid>", "", 0},
	})
}
