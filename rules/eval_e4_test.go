package rules

import "testing"

// Tables for the classes that E3's blind evaluation left (issue 12; see
// testdata/eval/e3/RESULT.md): generic key names in XML settings whose
// sibling entries bind CAMB, notes with trailing words, a setter's value
// glued to its short option, an HTML-escaped request to another host, and
// a CSV/TSV key column named secret, token or credential.

func TestEvalE4XMLSiblings(t *testing.T) {
	runRows(t, []row{
		// .NET appSettings, dotted prefixes and plain names
		{"appsettings-dotted", "<configuration>\n  <appSettings>\n    <add key=\"Speech.Provider\" value=\"camb\" />\n    <add key=\"Speech.Endpoint\" value=\"https://client.camb.ai/apis/tts-stream\" />\n    <add key=\"Speech.ApiKey\" value=\"{KEY}\" />\n    <add key=\"Speech.CorrelationId\" value=\"0\" />\n  </appSettings>\n</configuration>\n", IDConfig, High},
		{"appsettings-plain", "<appSettings>\n  <add key=\"ApiKey\" value=\"{KEY}\" />\n  <add key=\"BaseUrl\" value=\"https://client.camb.ai/apis\" />\n</appSettings>\n", IDConfig, High},
		{"appsettings-value-first", "<appSettings>\n  <add value=\"camb.ai\" key=\"TtsProvider\"/>\n  <add value=\"{KEY}\" key=\"TtsApiKey\"/>\n</appSettings>\n", IDConfig, High},
		// applicationSettings / Settings.settings and .resx
		{"application-settings", "<applicationSettings>\n  <Voice.Properties.Settings>\n    <setting name=\"Provider\" serializeAs=\"String\">\n      <value>camb</value>\n    </setting>\n    <setting name=\"ApiKey\" serializeAs=\"String\">\n      <value>{KEY}</value>\n    </setting>\n  </Voice.Properties.Settings>\n</applicationSettings>\n", IDConfig, High},
		{"resx-data", "<root>\n  <data name=\"TtsEndpoint\" xml:space=\"preserve\">\n    <value>https://client.camb.ai/apis</value>\n  </data>\n  <data name=\"TtsApiKey\" xml:space=\"preserve\">\n    <value>{KEY}</value>\n  </data>\n</root>\n", IDConfig, High},
		// Maven and Spring
		{"maven-properties", "<project>\n  <properties>\n    <java.version>17</java.version>\n    <tts.base-url>https://client.camb.ai/apis</tts.base-url>\n    <tts.api-key>{KEY}</tts.api-key>\n  </properties>\n</project>\n", IDConfig, High},
		{"spring-bean-properties", "<bean id=\"tts\" class=\"com.acme.voice.TtsClient\">\n  <property name=\"baseUrl\" value=\"https://client.camb.ai/apis\"/>\n  <property name=\"apiKey\" value=\"{KEY}\"/>\n</bean>\n", IDConfig, High},

		// Hard negatives
		{"neg-no-camb-sibling", "<!-- camb.ai migration pending -->\n<appSettings>\n  <add key=\"Speech.Provider\" value=\"azure\" />\n  <add key=\"Speech.ApiKey\" value=\"{KEY}\" />\n</appSettings>\n", "", 0},
		{"neg-other-vendor-name", "<appSettings>\n  <add key=\"Speech.Provider\" value=\"camb\" />\n  <add key=\"OpenAI.ApiKey\" value=\"{KEY}\" />\n</appSettings>\n", "", 0},
		{"neg-id-name", "<appSettings>\n  <add key=\"Speech.Provider\" value=\"camb\" />\n  <add key=\"Speech.CorrelationId\" value=\"{KEY}\" />\n</appSettings>\n", "", 0},
		{"neg-other-block", "<configuration>\n  <camb>\n    <add key=\"Provider\" value=\"camb\" />\n  </camb>\n  <pinecone>\n    <add key=\"ApiKey\" value=\"{KEY}\" />\n  </pinecone>\n</configuration>\n", "", 0},
		{"neg-sibling-is-key", "<appSettings>\n  <add key=\"CambApiKey\" value=\"%CAMB_API_KEY%\" />\n  <add key=\"StorageKey\" value=\"{KEY}\" />\n</appSettings>\n", "", 0},
		{"neg-maven-task", "<properties>\n  <tts.base-url>https://client.camb.ai/apis</tts.base-url>\n  <tts.task-key>{KEY}</tts.task-key>\n</properties>\n", "", 0},
	})
}

func TestEvalE4NotesTrailing(t *testing.T) {
	runRows(t, []row{
		{"next-line-trailing", "Things you will need:\n- VPN profile (ask IT)\n- the next line is our camb key, do not share it outside the team\n{KEY}\n", note, Medium},
		{"below-qualifier-comma", "camb key below (prod, rotate monthly):\n{KEY}\n", note, Medium},
		{"trailing-semicolon", "# CAMB.AI API key; keep it out of git\n# {KEY}\n", note, Medium},
		{"trailing-dash", "Our camb api key - rotate every quarter\n\n{KEY}\n", note, Medium},

		{"neg-trailing-task", "- the next line is our camb key, the task below is the demo\n{KEY}\n", "", 0},
		{"neg-trailing-code", "camb key, see cfg[\"x\"] for the rest\n{KEY}\n", "", 0},
		{"neg-trailing-long", "our camb key, which we rotate every month after the security review that the platform team runs\n{KEY}\n", "", 0},
		{"neg-trailing-same-line", "camb key, do not share {KEY}\n", "", 0},
		{"neg-key-word-mid", "Set the camb key first, then poll this one:\n{KEY}\n", "", 0},
	})
}

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

func TestEvalE4EscapedTarget(t *testing.T) {
	runRows(t, []row{
		{"html-fetch-camb", "<code>fetch(&#39;https:&#x2F;&#x2F;client.camb.ai&#x2F;apis&#x2F;tts&#39;, {headers: {&#39;x-api-key&#39;: &#39;{KEY}&#39;}})</code>\n", hdr, High},
		{"url-encoded-camb", "trace: curl%20-H%20%22x-api-key%3A%20{KEY}%22%20https%3A%2F%2Fclient.camb.ai%2Fapis\n", hdr, High},
		{"html-curl-camb", "<p>Upload the camb.ai audio:</p>\n<pre>curl -H &quot;x-api-key: {KEY}&quot; https:&#x2F;&#x2F;client.camb.ai&#x2F;apis&#x2F;tts</pre>\n", hdr, High},

		{"neg-html-curl-other-host", "<p>Upload the camb.ai audio to the archive:</p>\n<pre>curl -H &quot;x-api-key: {KEY}&quot; https:&#x2F;&#x2F;archive.acme-media.io&#x2F;api&#x2F;upload</pre>\n", "", 0},
		{"neg-html-fetch-other-host", "<!-- camb.ai --><code>fetch(&quot;https:&#x2F;&#x2F;api.acme-media.io&#x2F;v1&quot;, {headers: {&quot;x-api-key&quot;: &quot;{KEY}&quot;}})</code>\n", "", 0},
		{"neg-url-encoded-other-host", "camb.ai trace: curl%20-H%20%22x-api-key%3A%20{KEY}%22%20https%3A%2F%2Fapi.acme-media.io%2Fv1\n", "", 0},
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
