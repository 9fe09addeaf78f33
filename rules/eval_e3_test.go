package rules

import "testing"

// Tables for the shapes that E3's blind evaluation corpus (issue 12;
// testdata/eval/e3) found missing: a CAMB-named token (CAMB_TOKEN,
// attr.ib under camb_token), the elements after the first of a Python
// tuple under a CAMB name, and a Go map literal under a CAMB-named
// variable.

func TestEvalE3CambTokens(t *testing.T) {
	runRows(t, []row{
		{"py-const", "CAMB_TOKEN = \"{KEY}\"", vr, High},
		{"attrs-default", "@attr.s(auto_attribs=True)\nclass Job:\n    camb_token: str = attr.ib(default=\"{KEY}\", repr=False)", vr, High},
		{"env", "CAMB_ACCESS_TOKEN={KEY}", vr, High},
		{"camel", "const cambToken = '{KEY}';", vr, High},
		{"yaml", "cambai_tokens:\n  - {KEY}", vr, High},

		{"neg-task-token", "CAMB_TASK_TOKEN = \"{KEY}\"", "", 0},
		{"neg-other-vendor-token", "CARTESIA_TOKEN = \"{KEY}\"", "", 0},
		{"neg-cambrian-token", "CAMBRIAN_TOKEN = \"{KEY}\"", "", 0},
		{"neg-token-id", "camb_token_id = \"{KEY}\"", "", 0},
	})
}

func TestEvalE3Tuples(t *testing.T) {
	runRows(t, []row{
		{"tuple-second", "CAMB_FALLBACK_KEYS = (\n    os.getenv(\"B\"),\n    \"{KEY}\",\n)", vr, High},
		{"tuple-one-line-second", "CAMB_KEYS = (os.getenv(\"B\"), \"{KEY}\")", vr, High},
		{"tuple-third", "CAMB_KEYS = (\n    os.environ.get(\"A\"),\n    os.getenv(\"B\"),\n    \"{KEY}\",\n)", vr, High},

		{"neg-tuple-ids", "CAMB_TASK_IDS = (\n    os.getenv(\"B\"),\n    \"{KEY}\",\n)", "", 0},
		{"neg-tuple-other-name", "SAMPLES = (\n    os.getenv(\"B\"),\n    \"{KEY}\",\n)\n# camb.ai", "", 0},
		{"neg-call-args", "cambKey = make(os.getenv(\"B\"), \"{KEY}\")", "", 0},
	})
}

func TestEvalE3GoMaps(t *testing.T) {
	runRows(t, []row{
		{"map-tabs", "package p\n\nvar cambKeys = map[string]string{\n\t\"prod\":\t\"{KEY}\",\n}", IDData, High},
		{"map-spaces", "package p\n\nvar cambKeys = map[string]string{\n    \"dev\": \"{KEY}\",\n}", IDData, High},
		{"map-short-decl", "func f() {\n\tcambAPIKeys := map[string]string{\"eu\": \"{KEY}\"}\n\t_ = cambAPIKeys\n}", IDData, High},

		{"neg-map-tasks", "package p\n\nvar cambTasks = map[string]string{\n\t\"prod\": \"{KEY}\",\n}", "", 0},
		{"neg-map-other-name", "package p\n\n// camb.ai\nvar voices = map[string]string{\n\t\"prod\": \"{KEY}\",\n}", "", 0},
		{"neg-map-id-values", "package p\n\nvar cambKeys = map[string]string{\n\t\"task_id\": \"{KEY}\",\n}", "", 0},
	})
}
