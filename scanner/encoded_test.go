package scanner

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/rules"
)

// TestEncodedFinding checks that a base64-encoded key becomes a finding
// whose Secret is the decoded key (so fingerprints, baselines and
// verification see the key) and whose position is the encoded value's.
func TestEncodedFinding(t *testing.T) {
	key := fakekey.New("scanner-encoded")
	enc := base64.StdEncoding.EncodeToString([]byte(key + "\n"))
	text := []byte("apiVersion: v1\nkind: Secret\nmetadata:\n  name: camb-credentials\ntype: Opaque\ndata:\n  api-key: " + enc + "\n")
	fs, over := matchText(&Options{Rules: rules.New()}, text, Origin{Kind: KindFile, Target: "t", Path: "k8s/secret.yaml"})
	if over != nil || len(fs) != 1 {
		t.Fatalf("%d findings, skip %v; want 1", len(fs), over)
	}
	f := fs[0]
	if f.Secret != key || f.Encoding != "base64" || f.RuleID != rules.IDData {
		t.Fatalf("finding %s %q, encoding %q; want the decoded key, base64", f.RuleID, f.Secret, f.Encoding)
	}
	if f.Line != 7 || f.Column != 12 || f.EndLine != 7 || f.EndColumn != 12+len(enc) {
		t.Errorf("position %d:%d-%d:%d, want 7:12-7:%d", f.Line, f.Column, f.EndLine, f.EndColumn, 12+len(enc))
	}
	sum := sha256.Sum256([]byte(key))
	if f.SecretSHA256() != hex.EncodeToString(sum[:]) {
		t.Error("SecretSHA256 is not of the decoded key")
	}
	plain := Finding{RuleID: f.RuleID, Secret: key, Origin: f.Origin}
	if f.Fingerprint() != plain.Fingerprint() {
		t.Error("the fingerprint depends on how the key was written")
	}

	// A key in a percent-encoded context keeps its own span.
	text = []byte("GET /v1/tts?h=x-api-key%3A%20" + key + " HTTP/1.1 client.camb.ai\n")
	fs, _ = matchText(&Options{Rules: rules.New()}, text, Origin{Kind: KindFile, Path: "access.log"})
	if len(fs) != 1 || fs[0].Secret != key || fs[0].Encoding != "url" || fs[0].Column != strings.Index(string(text), key)+1 {
		t.Fatalf("url-encoded context: %+v", fs)
	}
}
