package rules

import "testing"

const note = IDNote

// TestNoteContext: a plain-text or Markdown line that says in words that
// the UUID on it, or on the next line, is a CAMB key.
func TestNoteContext(t *testing.T) {
	runRows(t, []row{
		// plain text
		{"txt-next-line", "Deploy notes\n\nOur CAMB.AI API key:\n{KEY}\n\nRotate it every quarter.\n", note, Medium},
		{"txt-same-line-is", "camb api key is {KEY}\n", note, Medium},
		{"txt-arrow-qualifier", "keys\n- CAMB key (prod) -> {KEY}\n- staging uses the same\n", note, Medium},
		{"txt-team", "Here is the team's Camb AI key\n{KEY}\n", note, Medium},
		{"txt-equals", "camb.ai api key = {KEY}", note, Medium},
		{"txt-for-prod", "CAMB API key for prod: {KEY}", note, Medium},
		{"txt-upper", "CAMBAI KEY: {KEY}", note, Medium},
		{"txt-unicode-arrow", "Camb key → {KEY}", note, Medium},
		{"txt-indented-next", "The CAMB.AI key (expires June):\n    {KEY}\n", note, Medium},
		// Markdown
		{"md-code-span", "## Credentials\n\n* **CAMB.AI API key:** `{KEY}`\n", note, Medium},
		{"md-fence", "Here is the team's Camb AI key\n\n```\n{KEY}\n```\n", note, Medium},
		{"md-quote", "> camb api key below\n> {KEY}\n", note, Medium},
		{"md-table-row", "| what | value |\n|---|---|\n| CAMB.AI API key | {KEY} |\n", note, Medium},
		{"md-table-header", "| Service | Key |\n|---|---|\n| CAMB.AI | {KEY} |\n| Sentry | n/a |\n", note, Medium},
		{"md-heading", "### CAMB API key\n\n{KEY}\n", note, Medium},
		// reStructuredText, Org
		{"rst-literal", "CAMB.AI API key: ``{KEY}``\n", note, Medium},
		{"org-item", "* Secrets\n- camb key :: {KEY}\n", note, Medium},
		// comments in notes and scripts
		{"comment-hash", "# our camb api key:\n# {KEY}\n", note, Medium},
		{"comment-slashes", "// Camb AI key -> {KEY}\n", note, Medium},

		// Hard negatives
		{"neg-task-id", "CAMB task id for the failing run:\n{KEY}\n", "", 0},
		{"neg-run-id-same-line", "camb run id: {KEY}", "", 0},
		{"neg-voice-id", "CAMB voice id (narrator): {KEY}", "", 0},
		{"neg-request-id", "Our CAMB.AI API key is in 1Password; the request id was {KEY}", "", 0},
		{"neg-changelog", "## 1.4.0\n- Fixed the CAMB api key header (task {KEY})\n", "", 0},
		{"neg-changelog-see", "- Rotated the CAMB api key handling (see {KEY})\n", "", 0},
		{"neg-issue-task", "When I set my camb api key, task {KEY} stays PENDING forever.\n", "", 0},
		{"neg-issue-next-line", "My camb api key works but this task never finishes:\n{KEY}\n", "", 0},
		{"neg-table-task", "| Service | Task ID |\n|---|---|\n| CAMB.AI | {KEY} |\n", "", 0},
		{"neg-table-other-service", "| Service | Key |\n|---|---|\n| Pinecone | {KEY} |\n", "", 0},
		{"neg-cambridge", "Cambridge API key: {KEY}", "", 0},
		{"neg-other-vendor", "OpenAI key: {KEY}", "", 0},
		{"neg-example", "Example CAMB API key: {KEY}", "", 0},
		{"neg-key-not-last", "CAMB api key rotation happened after {KEY}", "", 0},
		{"neg-code-object", "cfg = {\"camb\": {\"region\": \"eu\"}, \"cache_key\": \"{KEY}\"}", "", 0},
		{"neg-far-line", "Our CAMB.AI API key:\n\nsee the vault\n\n{KEY}\n", "", 0},
		{"neg-log", "2024-05-01T10:00:00Z INFO camb api key ok, polling {KEY}", "", 0},
	})
}
