package rules

import "testing"

// TestEvalE2 holds the classes that the E2 evaluation corpus (configs and
// data, testdata/eval/e2) found missing or wrongly reported: a generic key
// in a YAML map nested below a block that binds CAMB (provider: camb.ai),
// notes that call the key a token, a Markdown table row whose other cell
// is a CAMB variable, and generic key names on lines or commands that
// name another vendor.
func TestEvalE2(t *testing.T) {
	runRows(t, []row{
		// a generic key list or map one block below provider: camb-ai
		{"yaml-provider-camb-ai-keys", "tts:\n  provider: camb-ai\n  keys:\n    - \"{KEY}\"\n  fallback: none\n", cfg, High},
		{"yaml-provider-nested-token", "tts:\n  provider: camb.ai\n  credentials:\n    token: \"{KEY}\"\n  timeoutSeconds: 30\n", cfg, High},
		{"yaml-base-url-nested-api-key", "voice:\n  base_url: https://client.camb.ai/apis\n  auth:\n    api_key: {KEY}\n", cfg, High},
		// notes
		{"note-token-arrow", "TTS setup (dev laptop)\ncamb.ai token -> {KEY}\nvoice id 20303\n", note, Medium},
		// a Markdown table row whose first cell is a CAMB-named variable
		{"md-env-table", "| Name | Example | Description |\n|------|---------|-------------|\n| `CAMB_API_KEY` | `{KEY}` | API key for camb.ai |\n", note, Medium},
		{"md-env-table-plain", "| Variable | Value |\n| --- | --- |\n| CAMB_AI_KEY | {KEY} |\n", note, Medium},

		// hard negatives: another vendor named on the key's own line or command
		{"neg-kubectl-other-vendor", "smoke:\n  script:\n    - kubectl create secret generic pinecone --from-literal=api-key={KEY} --dry-run=client -o yaml | kubectl apply -f -\n    - curl -fsS \"https://client.camb.ai/apis/tts/$CAMB_TASK_ID\" -H \"x-api-key: $CAMB_API_KEY\"\n", "", 0},
		{"neg-note-other-vendor", "RapidAPI x-api-key: 0c1f\nHeroku API key: {KEY}\n(camb key: see the vault)\n", "", 0},
		{"neg-note-vendor-key", "Our Heroku API key is {KEY}; the camb key is in the vault.\n", "", 0},
		{"neg-md-env-table-id", "| Name | Example |\n| --- | --- |\n| `CAMB_TASK_ID` | `{KEY}` |\n", "", 0},
		{"neg-note-new-task", "rotated the camb key, the new task is {KEY}\n", "", 0},
		{"neg-yaml-provider-camb-ids", "tts:\n  provider: camb-ai\n  task_ids:\n    - {KEY}\n", "", 0},
		{"neg-yaml-nested-other-vendor", "tts:\n  provider: camb.ai\nsearch:\n  credentials:\n    token: {KEY}\n", "", 0},
	})
}
