package rules

import "testing"

func TestSDKContext(t *testing.T) {
	goImport := "import (\n\t\"github.com/camb-ai/cambai-go-sdk/client\"\n\t\"github.com/camb-ai/cambai-go-sdk/option\"\n)\n\n"
	runRows(t, []row{
		// Python
		{"py-one-line", "from camb.client import CambAI\nclient = CambAI(api_key=\"{KEY}\")", sdk, High},
		{"py-async-one-line", "client = AsyncCambAI(api_key='{KEY}')", sdk, High},
		{"py-multi-line", "client = CambAI(\n    api_key=\"{KEY}\",\n)", sdk, High},
		{"py-async-multi-line", "async_client = AsyncCambAI(\n    timeout=60,\n    # the key\n    api_key=\"{KEY}\",\n    max_retries=2,\n)", sdk, High},
		{"py-kwarg-later", "client = CambAI(timeout=30, api_key=\"{KEY}\")", sdk, High},
		{"py-pipecat", "tts = CambTTSService(\n    api_key=\"{KEY}\",\n    voice_id=147320,\n)", sdk, High},
		{"py-livekit", "from livekit.plugins import camb\ntts = camb.TTS(api_key=\"{KEY}\")", sdk, High},
		{"py-tool", "tool = CambTTSTool(api_key=\"{KEY}\")", sdk, High},
		{"py-voice-clone-tool", "tools = [CambVoiceCloneTool(api_key=\"{KEY}\", name=\"clone\")]", sdk, High},
		{"notebook-multi-line", "    \"client = CambAI(\\n\",\n    \"    api_key=\\\"{KEY}\\\"\\n\",\n    \")\"", sdk, High},
		// JavaScript and TypeScript
		{"ts-camb-client", "const client = new CambClient({ apiKey: \"{KEY}\" });", sdk, High},
		{"ts-camb-client-multi", "const client = new CambClient({\n  apiKey: '{KEY}',\n  environment: CambEnvironment.Production,\n});", sdk, High},
		{"js-camb-client-positional", "const camb = new CambClient(\"{KEY}\");", sdk, High},
		// JVM, .NET, others
		{"java-builder", "CambApiClient client = CambApiClient.builder().apiKey(\"{KEY}\").build();", sdk, High},
		{"java-builder-multi", "CambApiClient client = CambApiClient\n    .builder()\n    .apiKey(\"{KEY}\")\n    .build();", sdk, High},
		{"kotlin-named", "val client = CambClient(apiKey = \"{KEY}\")", sdk, High},
		{"csharp-named", "var client = new CambAIClient(apiKey: \"{KEY}\");", sdk, High},
		{"csharp-positional", "var client = new CambAIClient(\"{KEY}\");", sdk, High},
		{"csharp-initializer", "var client = new CambAIClient { ApiKey = \"{KEY}\" };", sdk, High},
		{"dart-named", "final camb = CambClient(apiKey: '{KEY}');", sdk, High},
		{"php-array", "$client = new CambClient(['api_key' => '{KEY}']);", sdk, High},
		{"ruby-new", "client = Camb::Client.new(api_key: \"{KEY}\")", sdk, High},
		{"rust-new", "let client = CambClient::new(\"{KEY}\");", sdk, High},
		{"go-option", goImport + "c := client.NewClient(option.WithAPIKey(\"{KEY}\"))", sdk, High},
		{"go-option-multi", goImport + "c := client.NewClient(\n\toption.WithAPIKey(\n\t\t\"{KEY}\",\n\t),\n)", sdk, High},

		// Hard negatives
		{"neg-getenv", "client = CambAI(api_key=os.getenv(\"CAMB_API_KEY\"))", "", 0},
		{"neg-environ", "client = CambAI(api_key=os.environ[\"CAMB_API_KEY\"])", "", 0},
		{"neg-placeholder", "client = CambAI(api_key=\"YOUR_CAMB_API_KEY\")", "", 0},
		{"neg-process-env", "const client = new CambClient({ apiKey: process.env.CAMB_API_KEY });", "", 0},
		{"neg-baseten", "client = CambAI(tts_provider=\"baseten\", provider_params={\"api_key\": \"{KEY}\"})", "", 0},
		{"neg-baseten-multi", "client_baseten = CambAI(\n    tts_provider=\"baseten\",\n    provider_params={\n        \"api_key\": \"{KEY}\",\n        \"mars_url\": \"https://model.api.baseten.co/predict\"\n    }\n)", "", 0},
		{"neg-go-other-sdk", "import \"github.com/openai/openai-go/option\"\n\nc := openai.NewClient(option.WithAPIKey(\"{KEY}\"))", "", 0},
		{"neg-openai", "client = OpenAI(api_key=\"{KEY}\")", "", 0},
		{"neg-task-id", "status = client.dub.get_dubbing_status(task_id=\"{KEY}\")", "", 0},
		{"neg-run-id", "info = client.dub.get_dubbed_run_info(run_id=\"{KEY}\")", "", 0},
		{"neg-camb-task-positional", "client.get_camb_status(\"{KEY}\")", "", 0},
		{"neg-zero", "client = CambAI(api_key=\"00000000-0000-4000-8000-000000000000\")", "", 0},
	})
}
