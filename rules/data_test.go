package rules

import "testing"

const dt = IDData

// TestDataContext is the table of data rows, lists and IaC resources
// (camb-api-key-data): examples in the formats where such data lives, and
// hard negatives beside them (task, run and voice ids, job tables, request
// id logs, other providers' keys).
func TestDataContext(t *testing.T) {
	runRows(t, []row{
		// JSON and YAML lists and maps under a CAMB-named key.
		{"json-providers-list", "{\n  \"providers\": {\n    \"openai\": [],\n    \"camb\": [\"{KEY}\"]\n  }\n}\n", dt, High},
		{"json-camb-keys-map", "{\n  \"camb\": {\n    \"keys\": [\n      \"{KEY}\"\n    ]\n  }\n}\n", IDConfig, High},
		{"yaml-camb-keys-list", "tts:\n  camb:\n    keys:\n      - {KEY}\n    region: us\n", IDConfig, High},
		{"yaml-camb-api-keys-map", "camb_api_keys:\n  production: {KEY}\n", dt, High},
		{"yaml-flow-list", "providers: {camb: [{KEY}]}\n", dt, High},
		{"yaml-tokens-under-camb", "camb:\n  tokens:\n    - \"{KEY}\"\n", dt, High},
		{"toml-inline", "[providers]\ncamb = [\"{KEY}\"]\n", dt, High},
		{"helm-values", "secrets:\n  camb:\n    apiKeys:\n      - {KEY}\n", IDConfig, High},
		// SQL seed rows.
		{"sql-insert", "INSERT INTO api_keys (provider, key) VALUES ('camb', '{KEY}');\n", dt, High},
		{"sql-multi-row", "-- seed\nINSERT INTO provider_keys (provider, label, api_key)\nVALUES\n  ('openai', 'main', 'sk-none'),\n  ('camb.ai', 'main', '{KEY}');\n", dt, High},
		{"sql-quoted-cols", "insert into \"api_keys\" (\"provider\", \"api_key\", \"created_at\") values ('CAMB', '{KEY}', now());\n", dt, High},
		{"sql-settings", "INSERT INTO provider_settings (provider, name, value) VALUES\n  ('camb', 'base_url', 'https://client.camb.ai/apis'),\n  ('camb', 'api_key', '{KEY}');\n", dt, High},
		{"sql-no-collist", "INSERT INTO camb_api_keys VALUES ('camb', '{KEY}');\n", dt, High},
		// CSV and TSV rows.
		{"csv-header", "provider,api_key,owner\nopenai,sk-none,ops\ncamb,{KEY},ops\n", dt, High},
		{"csv-quoted", "\"provider\",\"key\"\n\"camb.ai\",\"{KEY}\"\n", dt, High},
		{"csv-no-header", "camb,{KEY},prod\n", dt, High},
		{"csv-settings", "provider,name,value\ncamb,region,eu\ncamb,api_key,{KEY}\n", dt, High},
		{"tsv-header", "service\tkey\tenv\ncamb\t{KEY}\tprod\n", dt, High},
		// Infrastructure as code.
		{"tf-secret-version", "resource \"aws_secretsmanager_secret\" \"camb_api_key\" {\n  name = \"camb/api-key\"\n}\n\nresource \"aws_secretsmanager_secret_version\" \"camb_api_key\" {\n  secret_id     = aws_secretsmanager_secret.camb_api_key.id\n  secret_string = \"{KEY}\"\n}\n", dt, High},
		{"tf-ssm", "resource \"aws_ssm_parameter\" \"camb\" {\n  name  = \"/prod/tts/key\"\n  type  = \"SecureString\"\n  value = \"{KEY}\"\n}\n", dt, High},
		// tf-vault, tf-k8s-secret and cfn-json-parameter were config and
		// variable keys before the data context and keep those ids.
		{"tf-vault", "resource \"vault_generic_secret\" \"camb\" {\n  path = \"secret/tts\"\n\n  data_json = jsonencode({\n    api_key = \"{KEY}\"\n  })\n}\n", IDConfig, High},
		{"tf-k8s-secret", "resource \"kubernetes_secret\" \"camb\" {\n  metadata {\n    name = \"tts\"\n  }\n  data = {\n    api_key = \"{KEY}\"\n  }\n}\n", IDConfig, High},
		{"tf-k8s-b64encode", "resource \"kubernetes_secret\" \"camb_credentials\" {\n  data = {\n    token = base64encode(\"{KEY}\")\n  }\n}\n", dt, High},
		{"pulumi-ts", "import * as aws from \"@pulumi/aws\";\n\nconst cambKey = new aws.ssm.Parameter(\"camb-api-key\", {\n    type: \"SecureString\",\n    value: \"{KEY}\",\n});\n", dt, High},
		{"pulumi-py", "import pulumi_aws as aws\n\nparam = aws.ssm.Parameter(\"camb-api-key\",\n    type=\"SecureString\",\n    value=\"{KEY}\")\n", dt, High},
		{"cdk-ts", "new secretsmanager.Secret(this, 'CambApiKey', {\n  secretStringValue: SecretValue.unsafePlainText('{KEY}'),\n});\n", dt, High},
		{"cdk-cfn-parameter", "new CfnParameter(this, 'CambApiKey', { type: 'String', noEcho: true, default: '{KEY}' });\n", IDVariable, High},
		{"cfn-yaml-parameter", "Parameters:\n  CambApiKey:\n    Type: String\n    NoEcho: true\n    Default: {KEY}\n", dt, High},
		{"cfn-yaml-secret", "Resources:\n  CambSecret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      SecretString: \"{KEY}\"\n", dt, High},
		{"cfn-json-parameter", "{\n  \"Parameters\": {\n    \"CambApiKey\": {\n      \"Type\": \"String\",\n      \"Default\": \"{KEY}\"\n    }\n  }\n}\n", IDVariable, High},

		// Hard negatives.
		{"neg-yaml-task-ids", "camb:\n  task_ids:\n    - {KEY}\n", "", 0},
		{"neg-yaml-voices", "camb:\n  voices:\n    - {KEY}\n", "", 0},
		{"neg-json-run-ids", "{\"camb\": {\"run_ids\": [\"{KEY}\"]}}", "", 0},
		{"neg-yaml-other-provider", "openai:\n  keys:\n    - {KEY}\n", "", 0},
		{"neg-sql-tasks", "INSERT INTO tts_tasks (provider, task_id, status) VALUES ('camb', '{KEY}', 'done');\n", "", 0},
		{"neg-sql-jobs", "INSERT INTO jobs (id, provider, created_at) VALUES ('{KEY}', 'camb', now());\n", "", 0},
		{"neg-sql-other-provider", "INSERT INTO api_keys (provider, key) VALUES ('openai', '{KEY}');\n", "", 0},
		{"neg-sql-settings-voice", "INSERT INTO provider_settings (provider, name, value) VALUES ('camb', 'default_voice', '{KEY}');\n", "", 0},
		{"neg-sql-voice", "INSERT INTO voices (provider, voice_uuid) VALUES ('camb', '{KEY}');\n", "", 0},
		{"neg-csv-request-ids", "request_id,provider,status,latency_ms\n{KEY},camb,200,812\n", "", 0},
		{"neg-csv-run-col", "provider,run,started\ncamb,{KEY},2024-05-01T10:00:00Z\n", "", 0},
		{"neg-csv-other-vendor", "provider,api_key\nopenai,{KEY}\n", "", 0},
		{"neg-tf-other", "resource \"aws_ssm_parameter\" \"openai_key\" {\n  name  = \"/prod/openai\"\n  value = \"{KEY}\"\n}\n", "", 0},
		{"neg-tf-task", "resource \"aws_ssm_parameter\" \"camb_task_id\" {\n  value = \"{KEY}\"\n}\n", "", 0},
		{"neg-pulumi-other", "const p = new aws.ssm.Parameter(\"stripe-key\", {\n  value: \"{KEY}\",\n});\n", "", 0},
		{"neg-py-func", "def camb_tts(text):\n    payload = {\"value\": \"{KEY}\"}\n", "", 0},
		{"neg-go-func", "func cambRequest() {\n\tm := map[string]string{\"value\": \"{KEY}\"}\n\t_ = m\n}\n", "", 0},
		{"neg-provider-params", "camb:\n  provider_params:\n    keys:\n      - {KEY}\n", "", 0},
		{"neg-call-args", "client.tts.create(\"camb\", \"{KEY}\")\n", "", 0},
		{"neg-prose", "We moved from camb to another provider, {KEY} was the old task.\n", "", 0},
		{"neg-no-camb", "provider,api_key\nacme,{KEY}\n", "", 0},
	})
}
