package sarif

import (
	"bytes"
	"flag"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.sarif")

func treeOpts() Options {
	return Options{ToolVersion: "1.2.3", SrcRoot: testRoot, WorkDir: testRoot, AutomationID: "cambscan/scan/", Rules: testRules()}
}

func historyOpts() Options {
	return Options{ToolVersion: "1.2.3", SrcRoot: testRoot, WorkDir: testRoot, AutomationID: "cambscan/git/", Rules: testRules()}
}

func write(t *testing.T, res *scanner.Result, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, res, opts); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		res  *scanner.Result
		opts Options
	}{
		{"tree", treeResult(), treeOpts()},
		{"history", historyResult(), historyOpts()},
		{"empty", &scanner.Result{Targets: []string{"."}}, treeOpts()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := write(t, tc.res, tc.opts)
			golden := filepath.Join("..", "testdata", "golden", tc.name+".sarif")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if d := cmp.Diff(string(want), string(got)); d != "" {
				t.Errorf("%s differs from the golden file (-want +got):\n%s", golden, d)
			}
		})
	}
}

// TestNoKeyBytes checks that no key, in any case or without its dashes,
// and no plain SHA-256 of a key appears in the log.
func TestNoKeyBytes(t *testing.T) {
	for name, res := range map[string]*scanner.Result{"tree": treeResult(), "history": historyResult()} {
		out := strings.ToLower(string(write(t, res, treeOpts())))
		for _, f := range res.Findings {
			k := strings.ToLower(f.Secret)
			for _, bad := range []string{k, strings.ReplaceAll(k, "-", ""), f.SecretSHA256()} {
				if strings.Contains(out, bad) {
					t.Errorf("%s: output contains %q (key %s...)", name, bad, k[:4])
				}
			}
		}
	}
}

// TestKeyInPathRedacted: a file named after its key must not leak it
// through the URI.
func TestKeyInPathRedacted(t *testing.T) {
	res := treeResult()
	f := &res.Findings[0]
	f.Path = "keys/" + strings.ToUpper(f.Secret) + ".txt"
	res.Skipped = append(res.Skipped, scanner.Skip{Target: ".", Path: "x/" + f.Secret, Class: scanner.SkipUnreadablePath, Detail: f.Secret})
	out := strings.ToLower(string(write(t, res, treeOpts())))
	if strings.Contains(out, strings.ToLower(f.Secret)) {
		t.Fatalf("key leaked through a path or skip reason")
	}
	if !strings.Contains(out, "keys/"+f.Secret[:4]+"...") {
		t.Errorf("redacted path not found in output")
	}
}

// TestCredentialsDropped: a token in a clone URL appears nowhere in the
// log, also where a warning or a skip reason quotes the URL.
func TestCredentialsDropped(t *testing.T) {
	res := historyResult()
	const url = "https://bot:ghp_token@github.com/org/other.git"
	res.Warnings = append(res.Warnings, "clone "+url+": remote hung up")
	res.Skipped = append(res.Skipped, scanner.Skip{Target: url, Class: scanner.SkipFailed, Detail: "clone " + url + ": authentication required"})
	out := string(write(t, res, historyOpts()))
	if strings.Contains(out, "ghp_token") || strings.Contains(out, "bot:") {
		t.Fatalf("a credential is in the log:\n%s", out)
	}
	for _, want := range []string{"clone https://github.com/org/other.git: remote hung up.", "Could not scan https://github.com/org/other.git: clone https://github.com/org/other.git: authentication required."} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for name, mk := range map[string]func() *scanner.Result{"tree": treeResult, "history": historyResult} {
		a := write(t, mk(), historyOpts())
		if b := write(t, mk(), historyOpts()); !bytes.Equal(a, b) {
			t.Fatalf("%s: two writes differ", name)
		}
		rng := rand.New(rand.NewSource(1))
		for i := 0; i < 20; i++ {
			res := mk()
			rng.Shuffle(len(res.Findings), func(i, j int) { res.Findings[i], res.Findings[j] = res.Findings[j], res.Findings[i] })
			rng.Shuffle(len(res.Skipped), func(i, j int) { res.Skipped[i], res.Skipped[j] = res.Skipped[j], res.Skipped[i] })
			if b := write(t, res, historyOpts()); !bytes.Equal(a, b) {
				t.Fatalf("%s: output depends on input order (shuffle %d):\n%s", name, i, cmp.Diff(string(a), string(b)))
			}
		}
	}
}

// TestRoundTrip reads the log back with go-sarif and checks what GitHub
// relies on.
func TestRoundTrip(t *testing.T) {
	res := treeResult()
	log, err := gosarif.FromBytes(write(t, res, treeOpts()))
	if err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind = %v", run.ColumnKind)
	}
	if run.AutomationDetails == nil || *run.AutomationDetails.ID != "cambscan/scan/" {
		t.Errorf("automationDetails = %+v", run.AutomationDetails)
	}
	if got := *run.OriginalUriBaseIDs[srcRootID].URI; got != "file:///work/repo/" {
		t.Errorf("%%SRCROOT%% = %s", got)
	}
	if n := len(run.Tool.Driver.Rules); n != len(testRules()) {
		t.Errorf("%d rules, want %d", n, len(testRules()))
	}
	for _, r := range run.Tool.Driver.Rules {
		tags, _ := r.Properties["tags"].([]any)
		if len(tags) < 2 || tags[0] != "security" || tags[1] != "secret" {
			t.Errorf("rule %s tags %v", r.ID, tags)
		}
		if r.Help == nil || r.Help.Text == nil || r.Help.Markdown == nil || !strings.Contains(*r.Help.Markdown, "CAMB.AI Studio") {
			t.Errorf("rule %s: help lacks rotation text", r.ID)
		}
	}
	if len(run.Results) != len(res.Findings) {
		t.Fatalf("%d results, want %d", len(run.Results), len(res.Findings))
	}
	fps := map[string]bool{}
	for _, f := range res.Findings {
		fps[f.Fingerprint()] = true
	}
	var prev string
	hashes := map[string]bool{}
	for i, r := range run.Results {
		fp, _ := r.PartialFingerprints[FingerprintKey].(string)
		if !fps[fp] {
			t.Errorf("result %d: fingerprint %q is no finding's", i, fp)
		}
		lh, _ := r.PartialFingerprints["primaryLocationLineHash"].(string)
		if !strings.HasPrefix(lh, fp[:16]+":") || hashes[lh] {
			t.Errorf("result %d: primaryLocationLineHash %q (fingerprint %s)", i, lh, fp)
		}
		hashes[lh] = true
		if *r.RuleID != run.Tool.Driver.Rules[*r.RuleIndex].ID {
			t.Errorf("result %d: ruleIndex %d does not name %s", i, *r.RuleIndex, *r.RuleID)
		}
		loc := r.Locations[0].PhysicalLocation
		key := *loc.ArtifactLocation.URIBaseId + " " + *loc.ArtifactLocation.URI
		if key < prev {
			t.Errorf("results not sorted: %q after %q", key, prev)
		}
		prev = key
		if strings.Contains(*loc.ArtifactLocation.URI, " ") || strings.HasPrefix(*loc.ArtifactLocation.URI, "/") {
			t.Errorf("uri %q is not a relative percent-encoded reference", *loc.ArtifactLocation.URI)
		}
		if loc.Region == nil || *loc.Region.StartLine < 1 || *loc.Region.EndColumn <= *loc.Region.StartColumn {
			t.Errorf("result %d: bad region %+v", i, loc.Region)
		}
	}
	// Live keys rank above the rest; revoked ones are notes.
	for _, r := range run.Results {
		switch r.Properties["liveness"] {
		case "live":
			if *r.Level != "error" || *r.Rank != 98 {
				t.Errorf("live: level %s rank %v", *r.Level, *r.Rank)
			}
		case "revoked":
			if *r.Level != "note" || *r.Rank != 40 {
				t.Errorf("revoked: level %s rank %v", *r.Level, *r.Rank)
			}
		}
	}
	inv := run.Invocations[0]
	if !*inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != len(res.Skipped) {
		t.Errorf("invocation: success %v, %d notifications", *inv.ExecutionSuccessful, len(inv.ToolExecutionNotifications))
	}
}

func TestGrade(t *testing.T) {
	for _, tc := range []struct {
		f     scanner.Finding
		level string
		rank  float32
		live  string
	}{
		{scanner.Finding{Confidence: rules.High, Verification: live()}, "error", 98, "live"},
		{scanner.Finding{Confidence: rules.Medium, Verification: live()}, "error", 98, "live"},
		{scanner.Finding{Confidence: rules.High}, "error", 80, "unchecked"},
		{scanner.Finding{Confidence: rules.Medium}, "error", 70, "unchecked"},
		{scanner.Finding{Confidence: rules.High, Verification: revoked()}, "note", 40, "revoked"},
	} {
		g := gradeOf(&tc.f)
		if g.level != tc.level || g.rank != tc.rank || g.liveness != tc.live {
			t.Errorf("%+v: got %+v", tc.f.Verification, g)
		}
	}
}

func TestSkipNotificationsCapped(t *testing.T) {
	res := &scanner.Result{Warnings: []string{"w2", "w1"}}
	for i := 0; i < maxSkipNotes+5; i++ {
		res.Skipped = append(res.Skipped, scanner.Skip{Target: ".", Path: "f", Class: scanner.SkipBinary})
	}
	ns := notifications(res, newScrubber(nil))
	if len(ns) != 2+maxSkipNotes+1 {
		t.Fatalf("%d notifications", len(ns))
	}
	if *ns[0].Message.Text != "w1." || ns[0].Level != "warning" {
		t.Errorf("first notification %q %s", *ns[0].Message.Text, ns[0].Level)
	}
	if last := *ns[len(ns)-1].Message.Text; !strings.HasPrefix(last, "5 more inputs") {
		t.Errorf("last notification %q", last)
	}
}

// TestRulesFromPackage uses the real rule list: every rule id of package
// rules that a finding uses gets a complete descriptor.
func TestRulesFromPackage(t *testing.T) {
	ids := []string{rules.IDHeader, rules.IDSDK, rules.IDVariable, rules.IDIndirect, rules.IDConfig, rules.IDNote}
	res := &scanner.Result{}
	for _, id := range ids {
		res.Findings = append(res.Findings, scanner.Finding{RuleID: id, Confidence: rules.High, Secret: "x", Line: 1, Column: 1, EndLine: 1, EndColumn: 2, Origin: scanner.Origin{Kind: scanner.KindFile, Path: "a"}})
	}
	log, err := gosarif.FromBytes(write(t, res, Options{SrcRoot: testRoot}))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*gosarif.ReportingDescriptor{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		got[r.ID] = r
	}
	for _, id := range ids {
		r := got[id]
		if r == nil {
			t.Errorf("no rule %s", id)
			continue
		}
		if r.Name == nil || *r.Name == "" || r.ShortDescription.Text == nil || *r.ShortDescription.Text == "" ||
			r.FullDescription == nil || *r.FullDescription.Text == "" || r.Properties["security-severity"] != ruleSeverity {
			t.Errorf("rule %s is incomplete: %+v", id, r)
		}
	}
}

// TestMaxResults: over the cap, the most severe results stay, in sort
// order, with the same line hashes as without the cap, and a warning
// counts the rest.
func TestMaxResults(t *testing.T) {
	res := manyResult(20)
	for _, i := range []int{17, 3, 11} {
		res.Findings[i].Verification = live()
	}
	opts := treeOpts()
	opts.MaxResults = -1
	all, err := gosarif.FromBytes(write(t, res, opts))
	if err != nil {
		t.Fatal(err)
	}
	hash := map[string]any{}
	for _, r := range all.Runs[0].Results {
		hash[r.PartialFingerprints[FingerprintKey].(string)] = r.PartialFingerprints["primaryLocationLineHash"]
	}
	opts.MaxResults = 5
	log, err := gosarif.FromBytes(write(t, res, opts))
	if err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 5 {
		t.Fatalf("%d results, want 5", len(run.Results))
	}
	lives := 0
	var prev string
	for _, r := range run.Results {
		if r.Properties["liveness"] == "live" {
			lives++
		}
		fp := r.PartialFingerprints[FingerprintKey].(string)
		if hash[fp] != r.PartialFingerprints["primaryLocationLineHash"] {
			t.Errorf("line hash of %s changed under the cap", fp[:8])
		}
		uri := *r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if uri < prev {
			t.Errorf("kept results not in sort order")
		}
		prev = uri
	}
	if lives != 3 {
		t.Errorf("%d live results kept, want all 3", lives)
	}
	n := run.Invocations[0].ToolExecutionNotifications[0]
	if n.Level != "warning" || !strings.HasPrefix(*n.Message.Text, "15 of 20 findings are left out of this log") {
		t.Errorf("first notification %s %q", n.Level, *n.Message.Text)
	}
	if st := run.Properties["stats"].(map[string]any); st["omitted"] != float64(15) || st["findings"] != float64(20) {
		t.Errorf("stats %v", st)
	}
}
