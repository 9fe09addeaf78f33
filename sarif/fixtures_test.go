package sarif

import (
	"fmt"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/verify"
)

// testRules returns the rules of package rules with fixed descriptions,
// so the golden files do not change when the rule texts are edited; ids,
// names, precision and phrases are the real ones.
func testRules() []rules.Rule {
	short := map[string]string{
		rules.IDHeader:   "CAMB.AI API key in an x-api-key header",
		rules.IDSDK:      "CAMB.AI API key passed to a CAMB.AI client",
		rules.IDVariable: "CAMB.AI API key in a CAMB-named variable",
		rules.IDIndirect: "CAMB.AI API key bound to a name used as a key",
		rules.IDConfig:   "CAMB.AI API key in a CAMB.AI configuration block",
	}
	rs := rules.All()
	for i := range rs {
		rs[i].Short = short[rs[i].ID]
		rs[i].Full = "Test description of the " + rs[i].Context + " rule."
	}
	return rs
}

const testRoot = "/work/repo"

var checked = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func finding(rule, ctx string, conf rules.Confidence, key string, o scanner.Origin, line, col int) scanner.Finding {
	return scanner.Finding{
		RuleID: rule, Context: ctx, Confidence: conf, Secret: key, Origin: o,
		Line: line, Column: col, EndLine: line, EndColumn: col + len(key),
	}
}

func live() *verify.Result {
	return &verify.Result{Status: verify.Live, HTTPStatus: 200, CheckedAt: checked}
}

func revoked() *verify.Result {
	return &verify.Result{Status: verify.Revoked, HTTPStatus: 401, CheckedAt: checked}
}

// treeResult is a file scan of testRoot plus one root outside it.
func treeResult() *scanner.Result {
	file := func(target, path string) scanner.Origin {
		return scanner.Origin{Kind: scanner.KindFile, Target: target, Path: path}
	}
	fs := []scanner.Finding{
		finding(rules.IDHeader, "header", rules.High, fakekey.New("tree-1"), file(".", "src/app.py"), 12, 20),
		finding(rules.IDHeader, "header", rules.Medium, fakekey.New("tree-2"), file(".", "web/my file.js"), 3, 15),
		finding(rules.IDVariable, "variable", rules.High, fakekey.New("tree-3"), file(".", "docs/ünï:code#1.md"), 7, 16),
		finding(rules.IDConfig, "config", rules.High, fakekey.New("tree-4"), file(testRoot+"/config", testRoot+"/config/camb.yaml"), 4, 12),
		finding(rules.IDSDK, "sdk", rules.High, fakekey.New("tree-5"), file("/outside/other", "/outside/other/svc/x.env"), 1, 16),
		// The same key twice in one file: one fingerprint, two line hashes.
		finding(rules.IDHeader, "header", rules.High, fakekey.New("tree-1"), file(".", "src/app.py"), 40, 24),
	}
	fs[0].Verification = live()
	fs[1].Verification = revoked()
	fs[2].Verification = &verify.Result{Status: verify.Unknown, HTTPStatus: 503, Reason: "HTTP 503 from the probe", CheckedAt: checked}
	fs[5].Verification = live()
	return &scanner.Result{
		Targets:  []string{".", testRoot + "/config", "/outside/other"},
		Findings: fs,
		Skipped: []scanner.Skip{
			{Target: ".", Path: "assets/logo.png", Class: scanner.SkipBinary},
			{Target: ".", Path: "data/dump.sql", Class: scanner.SkipTooLarge, Size: 20971520, Limit: 10485760},
			{Target: ".", Path: "secret dir", Class: scanner.SkipUnreadableDir, Detail: "permission denied"},
		},
		Stats:      scanner.Stats{Files: 120, Bytes: 456789, Skipped: 3},
		Suppressed: 2,
	}
}

// historyResult is a git scan of the checkout and of one remote
// repository, with a dangling blob and a shallow-clone warning.
func historyResult() *scanner.Result {
	hist := func(target, path, commit string, reachable bool) scanner.Origin {
		return scanner.Origin{
			Kind: scanner.KindHistory, Target: target, Path: path,
			Blob:   fmt.Sprintf("%040x", len(path)+len(commit)),
			Commit: commit, Author: "Ada Lovelace", Email: "ada@example.com",
			Date:      time.Date(2025, 11, 2, 10, 0, 0, 0, time.FixedZone("CET", 3600)),
			Reachable: reachable,
		}
	}
	fs := []scanner.Finding{
		finding(rules.IDSDK, "sdk", rules.High, fakekey.New("hist-1"), hist(".", "app/main.py", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", true), 8, 22),
		finding(rules.IDVariable, "variable", rules.High, fakekey.New("hist-2"), hist(".", "old/deleted.env", "b1b2c3d4e5f60718293a4b5c6d7e8f9012345678", true), 1, 14),
		finding(rules.IDIndirect, "indirect", rules.High, fakekey.New("hist-3"), hist(".", "", "", false), 2, 9),
		finding(rules.IDHeader, "header", rules.Medium, fakekey.New("hist-4"), hist("https://bot:ghp_token@github.com/org/other.git", "x.py", "c1b2c3d4e5f60718293a4b5c6d7e8f9012345678", true), 5, 30),
	}
	fs[0].Occurrences = 3
	fs[0].Verification = live()
	fs[1].Occurrences = 1
	fs[1].Verification = revoked()
	fs[2].Blob = "0123456789abcdef0123456789abcdef01234567"
	fs[2].Author, fs[2].Email, fs[2].Date = "", "", time.Time{}
	fs[3].Occurrences = 2
	return &scanner.Result{
		Targets:  []string{".", "https://bot:ghp_token@github.com/org/other.git"},
		Findings: fs,
		Warnings: []string{"shallow clone: history before the graft is not scanned; check out with fetch-depth: 0"},
		Stats:    scanner.Stats{Files: 3000, Bytes: 12345678},
	}
}

// manyResult has n findings spread over n/10 files.
func manyResult(n int) *scanner.Result {
	keys := fakekey.N("many", n)
	fs := make([]scanner.Finding, n)
	for i := range fs {
		o := scanner.Origin{Kind: scanner.KindFile, Target: ".", Path: fmt.Sprintf("pkg%03d/file%03d.py", i/100, i%100/10)}
		fs[i] = finding(rules.IDHeader, "header", rules.High, keys[i], o, i%10*3+1, 20)
	}
	return &scanner.Result{Targets: []string{"."}, Findings: fs, Stats: scanner.Stats{Files: n / 10}}
}
