package main

import (
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// parseConfig refuses every bad value with its line, and never echoes a
// fingerprint value (a key pasted there by mistake).
func TestParseConfigErrors(t *testing.T) {
	fp := strings.Repeat("ab", 32)
	key := fakekey.New("pasted")
	for _, tt := range []struct{ name, in, want string }{
		{"unknown top field", "exclude: []\nverify-url: https://x\n", `c.yaml:2: unknown field "verify-url"`},
		{"duplicate field", "fail-on: any\nfail-on: none\n", `c.yaml:2: field "fail-on" given twice`},
		{"fail-on", "\nfail-on: sometimes\n", `c.yaml:2: fail-on must be any, live or none, not "sometimes"`},
		{"min-confidence", "min-confidence: low\n", `c.yaml:1: min-confidence must be medium or high`},
		{"max-file-size", "max-file-size: huge\n", `c.yaml:1: max-file-size: bad size "huge"`},
		{"exclude scalar", "exclude: vendor\n", `c.yaml:1: exclude must be a list`},
		{"exclude glob", "exclude:\n  - ok\n  - \"{a\"\n", `c.yaml:3: exclude "{a"`},
		{"exclude nested", "exclude:\n  - [a]\n", `c.yaml:2: an exclude entry must be a single value`},
		{"not a mapping", "- a\n- b\n", `c.yaml:1: the config must be a mapping`},
		{"syntax", "exclude: [a\nfail-on: any\n", `c.yaml:1: not valid YAML: did not find expected ','`},
		{"syntax line", "a: b\n c: d\n", `c.yaml:2: not valid YAML`},
		{"two documents", "fail-on: any\n---\nfail-on: none\n", `more than one YAML document`},
		{"allow no reason", "allow:\n  - fingerprint: " + fp + "\n", `c.yaml:2: the allow entry for ` + fp + ` needs a reason`},
		{"allow blank reason", "allow:\n  - fingerprint: " + fp + "\n    reason: '  '\n", `needs a reason`},
		{"allow no fingerprint", "allow:\n  - reason: x\n", `c.yaml:2: an allow entry needs a fingerprint`},
		{"allow bad fingerprint", "allow:\n  - reason: x\n    fingerprint: " + key + "\n", `c.yaml:3: fingerprint must be 64 lowercase hex digits`},
		{"allow upper fingerprint", "allow:\n  - fingerprint: " + strings.ToUpper(fp) + "\n    reason: x\n", `c.yaml:2: fingerprint must be 64`},
		{"allow unknown field", "allow:\n  - fingerprint: " + fp + "\n    reason: x\n    owner: me\n", `c.yaml:4: unknown field "owner" in an allow entry`},
		{"allow expires", "allow:\n  - fingerprint: " + fp + "\n    reason: x\n    expires: 31/12/2026\n", `c.yaml:4: expires must be a date YYYY-MM-DD`},
		{"allow not a list", "allow:\n  fingerprint: " + fp + "\n", `c.yaml:2: allow must be a list`},
		{"alias", "a: &x any\nfail-on: *x\n", `c.yaml:1: unknown field "a"`},
		{"alias value", "exclude: &x [a]\nallow: *x\n", `c.yaml:2: allow must be a list`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig("c.yaml", []byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), key) {
				t.Errorf("the error echoes a key: %v", err)
			}
		})
	}
}

// Valid configs parse to their values; empty files and comments are an
// empty config.
func TestParseConfig(t *testing.T) {
	fp := strings.Repeat("0f", 32)
	for _, in := range []string{"", "# nothing yet\n", "---\n", "exclude:\nallow:\n"} {
		c, err := parseConfig("c.yaml", []byte(in))
		if err != nil || len(c.exclude)+len(c.allow) != 0 || c.failOn != "" {
			t.Errorf("%q: %+v, %v; want an empty config", in, c, err)
		}
	}
	c, err := parseConfig("c.yaml", []byte("exclude: [vendor, '**/testdata/**']\nfail-on: none\nmin-confidence: high\nmax-file-size: 5MiB\nallow:\n  - fingerprint: "+fp+"\n    reason: documented example\n    by: alice\n    expires: 2031-01-02\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := allowEntry{fingerprint: fp, reason: "documented example", by: "alice", expires: "2031-01-02", line: 6}
	if len(c.exclude) != 2 || c.exclude[1] != "**/testdata/**" || c.failOn != "none" || c.minConfidence != "high" || c.maxFileSize != "5MiB" || len(c.allow) != 1 || c.allow[0] != want {
		t.Errorf("parsed %+v", c)
	}
}

// An entry is in force through the day it names.
func TestAllowEntryExpired(t *testing.T) {
	now := time.Date(2026, 3, 15, 23, 59, 0, 0, time.Local)
	for _, tt := range []struct {
		expires string
		want    bool
	}{{"", false}, {"2026-03-15", false}, {"2026-03-16", false}, {"2026-03-14", true}, {"2025-12-31", true}} {
		e := allowEntry{expires: tt.expires}
		if got := e.expired(now); got != tt.want {
			t.Errorf("expires %q on 2026-03-15: expired %v, want %v", tt.expires, got, tt.want)
		}
	}
}

// FuzzParseConfig: no input panics, and every error names the file.
func FuzzParseConfig(f *testing.F) {
	f.Add("exclude: [vendor]\nfail-on: any\nallow:\n  - fingerprint: " + strings.Repeat("ab", 32) + "\n    reason: x\n    expires: 2030-01-01\n")
	f.Add("? [a]\n: b\n")
	f.Add("a: &x [*x]\n")
	f.Add("allow:\n  - {fingerprint: 1, reason: !!binary aGk=}\n")
	f.Fuzz(func(t *testing.T, in string) {
		c, err := parseConfig("c.yaml", []byte(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "c.yaml") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, e := range c.allow {
			if e.reason == "" || len(e.fingerprint) != 64 {
				t.Fatalf("accepted allow entry %+v", e)
			}
		}
	})
}
