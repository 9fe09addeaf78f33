package rules

import "testing"

// Tables for the classes that E3's blind evaluation left (issue 12; see
// testdata/eval/e3/RESULT.md): generic key names in XML settings whose
// sibling entries bind CAMB, notes with trailing words, a setter's value
// glued to its short option, an HTML-escaped request to another host, and
// a CSV/TSV key column named secret, token or credential.

func TestEvalE4GluedOptions(t *testing.T) {
	runRows(t, []row{
		{"gh-b-glued-quoted", "gh secret set CAMB_API_KEY -e staging -b'{KEY}'", vr, High},
		{"gh-b-glued-bare", "gh secret set CAMB_API_KEY -b{KEY}", vr, High},
		{"gh-b-glued-double", "gh secret set CAMB_API_KEY --repo acme/bot -b\"{KEY}\"", vr, High},
		{"gh-body-eq-quoted", "gh secret set CAMB_API_KEY --body='{KEY}'", vr, High},

		{"neg-gh-glued-task", "gh secret set CAMB_TASK_ID -b'{KEY}'", "", 0},
		{"neg-glued-not-value-flag", "gh secret set CAMB_API_KEY --body \"$K\" -R'{KEY}'", "", 0},
		{"neg-glued-no-setter", "grep -e'{KEY}' camb.log", "", 0},
		{"neg-glued-bare-no-setter", "camb-cli upload -b{KEY} --provider camb", "", 0},
		{"neg-glued-bare-code", "CAMB_API_KEY = x -b{KEY}", "", 0},
	})
}

func TestEvalE4SecretColumns(t *testing.T) {
	runRows(t, []row{
		{"tsv-secret", "vendor\tpurpose\tsecret\ncamb\ttts\t{KEY}\n", dt, High},
		{"csv-token", "provider,env,token\nopenai,prod,none\ncamb.ai,prod,{KEY}\n", dt, High},
		{"csv-credential", "service,credential,owner\ncamb,{KEY},voice-team\n", dt, High},
		{"csv-credentials-quoted", "\"provider\",\"credentials\"\n\"CAMB.AI\",\"{KEY}\"\n", dt, High},
		{"sql-secret", "INSERT INTO vendor_secrets (vendor, secret) VALUES ('camb', '{KEY}');\n", dt, High},

		{"neg-secret-other-vendor", "vendor\tpurpose\tsecret\nelevenlabs\ttts\t{KEY}\n", "", 0},
		{"neg-webhook-secret", "vendor,webhook_secret\ncamb,{KEY}\n", "", 0},
		{"neg-secret-key-in-job-column", "job,vendor,secret\n{KEY},camb,none\n", "", 0},
		{"neg-secret-purpose-ids", "vendor,purpose,secret\ncamb,task id,{KEY}\n", "", 0},
		{"neg-secret-id-col", "vendor,secret_id\ncamb,{KEY}\n", "", 0},
	})
}
