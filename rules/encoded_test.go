package rules

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// An encRow is a table case for encoded keys: text with {B64} (the
// standard base64 of the key), {B64N} (of the key and a newline, as
// `echo K | base64` writes it), {B64U} (URL-safe, unpadded, of the key
// and a newline), {AUTH} (base64 of "camb:" and the key), {AUTHU} (of
// "deploy:" and the key) or {KEY}; the
// rule, confidence and encoding of the one match it must give ("" rule
// for none). The match must span the encoded value (or the plain key) and
// carry the key.
type encRow struct {
	name, text, want string
	conf             Confidence
	enc              Encoding
}

// b64Forms returns the encodings of key a row can hold, by placeholder.
func b64Forms(key string) map[string]string {
	return map[string]string{
		"{B64}":   base64.StdEncoding.EncodeToString([]byte(key)),
		"{B64N}":  base64.StdEncoding.EncodeToString([]byte(key + "\n")),
		"{B64U}":  base64.RawURLEncoding.EncodeToString([]byte(key + "\n")),
		"{AUTH}":  base64.StdEncoding.EncodeToString([]byte("camb:" + key)),
		"{AUTHU}": base64.StdEncoding.EncodeToString([]byte("deploy:" + key)),
		"{KEY}":   key,
	}
}

func runEncRows(t *testing.T, rows []encRow) {
	t.Helper()
	set := New()
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			key := fakekey.New("enc-" + r.name)
			text, value := r.text, ""
			for ph, v := range b64Forms(key) {
				if strings.Contains(text, ph) {
					text, value = strings.ReplaceAll(text, ph, v), v
				}
			}
			ms := set.Match([]byte(text))
			if r.want == "" {
				if len(ms) != 0 {
					t.Fatalf("got %d matches, want none\n%s\n%+v", len(ms), text, ms)
				}
				return
			}
			if len(ms) != 1 {
				t.Fatalf("got %d matches, want 1 (%s)\n%s\n%+v", len(ms), r.want, text, ms)
			}
			m := ms[0]
			if m.RuleID != r.want || m.Confidence != r.conf || m.Encoding != r.enc {
				t.Errorf("got %s/%s/%q, want %s/%s/%q\n%s", m.RuleID, m.Confidence, m.Encoding, r.want, r.conf, r.enc, text)
			}
			if want := strings.Index(text, value); m.Start != want || m.End != want+len(value) {
				t.Errorf("span [%d,%d), want [%d,%d)", m.Start, m.End, want, want+len(value))
			}
			if got := m.Key([]byte(text)); got != key {
				t.Errorf("key %q, want %q", got, key)
			}
		})
	}
}

// TestBase64Context is the table of base64-encoded keys.
func TestBase64Context(t *testing.T) {
	runEncRows(t, []encRow{
		{"k8s-secret-camb", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: camb-credentials\n  namespace: tts\ntype: Opaque\ndata:\n  api-key: {B64N}\n", dt, High, EncBase64},
		{"k8s-secret-camb-any-field", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cambai\ntype: Opaque\ndata:\n  password: {B64}\n", dt, High, EncBase64},
		{"k8s-secret-camb-field", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-env\ndata:\n  CAMB_API_KEY: {B64N}\n  LOG_LEVEL: aW5mbw==\n", vr, High, EncBase64},
		{"k8s-secret-key-field", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: tts-env\ndata:\n  TTS_API_KEY: \"{B64}\"\n", dt, Medium, EncBase64},
		{"k8s-kubectl-order", "apiVersion: v1\ndata:\n  token: {B64N}\nkind: Secret\nmetadata:\n  creationTimestamp: \"2025-04-11T13:31:21Z\"\n  name: camb-tts\ntype: Opaque\n", dt, High, EncBase64},
		{"k8s-multi-doc", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tts\ndata:\n  LOG: debug\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: camb\ndata:\n  secret: {B64}\n", dt, High, EncBase64},
		{"k8s-json", "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Secret\",\n  \"metadata\": {\"name\": \"camb-key\"},\n  \"data\": {\n    \"value\": \"{B64}\"\n  }\n}\n", dt, High, EncBase64},
		{"k8s-url-safe", "kind: Secret\nmetadata:\n  name: camb\ndata:\n  key: {B64U}\n", dt, High, EncBase64},
		{"docker-auths-camb", "{\n  \"auths\": {\n    \"registry.camb.ai\": {\n      \"auth\": \"{AUTH}\"\n    }\n  }\n}\n", dt, High, EncBase64},
		{"docker-auths-other", "{\n\t\"auths\": {\n\t\t\"ghcr.io\": {\n\t\t\t\"auth\": \"{AUTH}\"\n\t\t}\n\t}\n}\n", dt, High, EncBase64},
		{"docker-auths-plain-user", "{\n  \"auths\": {\n    \"https://index.docker.io/v1/\": {\n      \"auth\": \"{AUTHU}\"\n    }\n  }\n}\n", dt, Medium, EncBase64},
		{"dotenv-b64", "# tts\nCAMB_API_KEY_B64={B64N}\n", vr, High, EncBase64},
		{"yaml-camb-block", "camb:\n  api_key: {B64}\n  region: eu\n", cfg, High, EncBase64},
		{"yaml-key-field-camb-file", "# CAMB.AI text to speech\ntts:\n  secret_key: {B64}\n", dt, High, EncBase64},
		{"json-key-field", "{\"service\": \"tts\", \"apiKey\": \"{B64N}\"}", dt, Medium, EncBase64},
		{"py-header-b64", "CAMB_KEY_B64 = \"{B64}\"\nheaders = {\"x-api-key\": base64.b64decode(CAMB_KEY_B64).decode()}\n", vr, High, EncBase64},

		{"neg-k8s-no-camb-password", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: {B64}\n", "", 0, Plain},
		{"neg-k8s-configmap-id", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: camb\ndata:\n  run-id: {B64}\n", "", 0, Plain},
		{"neg-task-id-b64", "camb:\n  task_id_b64: {B64}\n", "", 0, Plain},
		{"neg-no-gate", "package blob\n\nvar data = \"{B64}\"\n", "", 0, Plain},
		{"neg-c-family-source", "// Copyright 2024 Example\n\npackage tts\n\nconst apiKey = \"{B64}\"\n", "", 0, Plain},
		{"neg-allow", "api_key: {B64}  # cambscan:allow\n", "", 0, Plain},
		{"neg-longer-run", "api_key: {B64}QUJD\n", "", 0, Plain},
		{"neg-docker-identitytoken", "{\"auths\": {\"ghcr.io\": {\"identitytoken\": \"{B64}x\"}}}", "", 0, Plain},
	})
	// Values that decode to no key: a placeholder UUID, two UUIDs, a UUID
	// and more.
	set := New()
	for _, v := range []string{
		"00000000-0000-4000-8000-000000000000",
		fakekey.New("a") + fakekey.New("b"),
		fakekey.New("c") + "xyz",
		strings.ToUpper(fakekey.New("d"))[:35] + "g",
	} {
		text := "kind: Secret\nmetadata:\n  name: camb\ndata:\n  api_key: " + base64.StdEncoding.EncodeToString([]byte(v)) + "\n"
		if ms := set.Match([]byte(text)); len(ms) != 0 {
			t.Errorf("%q: %+v", text, ms)
		}
	}
}

// TestEscapedContext is the table of keys in percent-encoded and
// HTML-escaped contexts.
func TestEscapedContext(t *testing.T) {
	runEncRows(t, []encRow{
		{"url-header-log", "10.0.0.7 - - [01/May/2024] \"GET /proxy?url=https%3A%2F%2Fclient.camb.ai%2Fapis%2Flist-voices&h=x-api-key%3A%20{KEY} HTTP/1.1\" 200\n", hdr, High, EncURL},
		{"url-header-plus", "trace: curl%20-H%20x-api-key%3A+{KEY}%20https%3A%2F%2Fapi.example.org\n", hdr, Medium, EncURL},
		{"url-json-body", "POST body=%7B%22provider%22%3A%22camb%22%2C%22api_key%22%3A%22{KEY}%22%7D\n", cfg, High, EncURL},
		{"url-env-assign", "GET /deploy?app=tts&env=CAMB_API_KEY%3D{KEY}&region=eu\n", vr, High, EncURL},
		{"url-shell", "cmd=export%20CAMB_API_KEY%3D{KEY}\n", vr, High, EncURL},
		{"html-quot", "<pre><code>headers = {&quot;x-api-key&quot;: &quot;{KEY}&quot;}</code></pre>\n", hdr, Medium, EncHTML},
		{"html-decimal", "<code>{&#34;x-api-key&#34;: &#34;{KEY}&#34;, &#34;url&#34;: &#34;https://client.camb.ai&#34;}</code>", hdr, High, EncHTML},
		{"html-hex", "<td>{&#x22;x-api-key&#x22;:&#x22;{KEY}&#x22;}</td>", hdr, Medium, EncHTML},
		{"html-appsettings", "<pre>&lt;add key=&quot;CambApiKey&quot; value=&quot;{KEY}&quot; /&gt;</pre>", vr, High, EncHTML},
		{"html-camb-var", "<p>Set <code>CAMB_API_KEY=&quot;{KEY}&quot;</code></p>", vr, High, EncHTML},

		{"neg-url-task-id", "GET /status?q=task_id%3D{KEY}\n", "", 0, Plain},
		{"neg-url-path", "url=https%3A%2F%2Fclient.camb.ai%2Fapis%2Ftts%2F{KEY}\n", "", 0, Plain},
		{"neg-url-anthropic", "url=https%3A%2F%2Fapi.anthropic.com%2Fv1%2Fmessages&h=x-api-key%3A%20{KEY}\n", "", 0, Plain},
		{"neg-url-query-value", "GET /v1?run=1&id%3D{KEY}\n", "", 0, Plain},
		{"neg-html-run-id", "<code>{&quot;run_id&quot;: &quot;{KEY}&quot;}</code>", "", 0, Plain},
		{"neg-html-amp-query", "<a href=\"/tts?a=1&amp;task_id={KEY}\">status</a>", "", 0, Plain},
		{"neg-html-other-header", "<code>{&quot;x-rapidapi-key&quot;: &quot;{KEY}&quot;}</code>", "", 0, Plain},
	})
}
