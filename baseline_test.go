package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/internal/safefile"
	"github.com/cambscan/cambscan/scanner"
)

// runMsg is runIn with the exit error's message appended to stderr, as
// main prints it.
func runMsg(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr, os.Getenv)
	if err != nil {
		stderr.WriteString("cambscan: " + err.Error() + "\n")
	}
	return stdout.String(), stderr.String(), exitCodeOf(err)
}

// baselineFinding is a finding with a fake key, for fingerprints.
func baselineFinding(path, seed string) scanner.Finding {
	var f scanner.Finding
	f.RuleID = "camb-api-key-header"
	f.Path = path
	f.Secret = fakekey.New(seed)
	return f
}

// A baseline written by --write-baseline reads back as the same set, and
// suppress drops exactly its findings and counts them.
func TestBaselineRoundTrip(t *testing.T) {
	name := filepath.Join(t.TempDir(), "base.json")
	known := []scanner.Finding{baselineFinding("a.py", "b1"), baselineFinding("b.py", "b2"), baselineFinding("a.py", "b1")}
	if err := writeBaseline(name, known); err != nil {
		t.Fatal(err)
	}
	b, err := readBaseline(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 2 {
		t.Fatalf("%d fingerprints, want 2", len(b))
	}
	fresh := baselineFinding("c.py", "b3")
	res := &scanner.Result{Findings: []scanner.Finding{known[0], fresh, known[1], known[2]}}
	b.suppress(res)
	if res.Suppressed != 3 || len(res.Findings) != 1 || res.Findings[0].Path != "c.py" {
		t.Fatalf("suppressed %d, kept %+v; want 3 suppressed and c.py kept", res.Suppressed, res.Findings)
	}
}

// decodeBaseline accepts what encoding/json accepted (any field order,
// unknown fields, null fingerprints, field names in any case) and refuses
// what is not a baseline, with a reason.
func TestDecodeBaseline(t *testing.T) {
	probe := baselineFinding("a.py", "dec")
	fp := probe.Fingerprint()
	for _, tt := range []struct {
		name, in string
		n        int    // fingerprints, when valid
		err      string // part of the error, when not
	}{
		{"valid", `{"schema":"cambscan-baseline/v1","fingerprints":["` + fp + `"]}`, 1, ""},
		{"order and extra fields", `{"note":{"a":[1,{"b":null}]},"fingerprints":["` + fp + `","` + fp + `"],"x":[],"schema":"cambscan-baseline/v1"}`, 1, ""},
		{"null fingerprints", `{"schema":"cambscan-baseline/v1","fingerprints":null}`, 0, ""},
		{"no fingerprints", `{"schema":"cambscan-baseline/v1"}`, 0, ""},
		{"field case", `{"Schema":"cambscan-baseline/v1","FINGERPRINTS":["` + fp + `"]}`, 1, ""},
		{"not JSON", `headers = {"x-api-key": "..."}`, 0, "not a cambscan baseline"},
		{"array", `["` + fp + `"]`, 0, "not a cambscan baseline"},
		{"empty", ``, 0, "not a cambscan baseline"},
		{"truncated", `{"schema":"cambscan-baseline/v1","fingerprints":["` + fp + `"`, 0, "not a cambscan baseline"},
		{"trailing data", `{"schema":"cambscan-baseline/v1"} {}`, 0, "not a cambscan baseline"},
		{"wrong schema", `{"schema":"other/v1","fingerprints":[]}`, 0, `schema "other/v1", want "cambscan-baseline/v1"`},
		{"missing schema", `{"fingerprints":[]}`, 0, `schema ""`},
		{"schema not a string", `{"schema":1}`, 0, "not a cambscan baseline"},
		{"fingerprints not an array", `{"schema":"cambscan-baseline/v1","fingerprints":"` + fp + `"}`, 0, "not a cambscan baseline"},
		{"short fingerprint", `{"schema":"cambscan-baseline/v1","fingerprints":["` + fp + `","abc"]}`, 0, "fingerprint 2 is not 64 lowercase hex digits"},
		{"uppercase fingerprint", `{"schema":"cambscan-baseline/v1","fingerprints":["` + strings.ToUpper(fp) + `"]}`, 0, "fingerprint 1 is not"},
		{"non-hex fingerprint", `{"schema":"cambscan-baseline/v1","fingerprints":["` + strings.Repeat("g", 64) + `"]}`, 0, "fingerprint 1 is not"},
		{"number fingerprint", `{"schema":"cambscan-baseline/v1","fingerprints":[12]}`, 0, "fingerprint 1 is not"},
		{"escaped field name", `{"\u0073chema":"cambscan-baseline/v1","fingerprints":["` + fp + `"]}`, 1, ""},
		{"skipped values", " \r\n\t{\"n\":[-0.5e+3,0,1E9,true,false,null,\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\"],\"schema\":\"cambscan-baseline/v1\"} \n", 0, ""},
		{"bad literal", `{"x":nul,"schema":"cambscan-baseline/v1"}`, 0, "not a cambscan baseline"},
		{"bad number", `{"x":01,"schema":"cambscan-baseline/v1"}`, 0, "not a cambscan baseline"},
		{"bad exponent", `{"x":1e,"schema":"cambscan-baseline/v1"}`, 0, "not a cambscan baseline"},
		{"bad escape", `{"x":"\q","schema":"cambscan-baseline/v1"}`, 0, "not a cambscan baseline"},
		{"control byte", "{\"x\":\"\x01\",\"schema\":\"cambscan-baseline/v1\"}", 0, "not a cambscan baseline"},
		{"missing comma", `{"schema":"cambscan-baseline/v1" "fingerprints":[]}`, 0, "not a cambscan baseline"},
		{"trailing comma", `{"schema":"cambscan-baseline/v1","fingerprints":["` + fp + `",]}`, 0, "fingerprint 2 is not"},
		{"too deep", `{"x":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `,"schema":"cambscan-baseline/v1"}`, 0, "nested more than"},
		{"long schema", `{"schema":"` + strings.Repeat("s", 1000) + `"}`, 0, `..."`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeBaseline(strings.NewReader(tt.in), 4)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(b) != tt.n {
				t.Fatalf("%d fingerprints, want %d", len(b), tt.n)
			}
			if tt.n > 0 && !b.has(fp) {
				t.Fatal("the fingerprint is not in the set")
			}
		})
	}
}

// A --baseline larger than its cap is refused from its size alone; a sparse
// file makes one without writing it.
func TestReadBaselineOversize(t *testing.T) {
	name := filepath.Join(t.TempDir(), "huge.json")
	fh, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := fh.Truncate(safefile.BaselineCap + 1); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	_, err = readBaseline(name)
	if err == nil || !strings.Contains(err.Error(), "over the 100 MiB limit for a baseline") {
		t.Fatalf("error %v, want the size limit", err)
	}
}

// A --baseline that is a symlink to /dev/zero is refused without reading it,
// as a usage error (exit 2) that says why; so is a directory.
func TestBaselineNotRegularCLI(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero.json")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Skip(err)
	}
	for _, tt := range []struct{ arg, want string }{
		{zero, "is a device, not a regular file"},
		{dir, "is a directory, not a regular file"},
	} {
		_, stderr, code := runMsg(t, dir, "scan", "--baseline", tt.arg, ".")
		if code != 2 || !strings.Contains(stderr, "--baseline: ") || !strings.Contains(stderr, tt.want) {
			t.Errorf("--baseline %s: exit %d, stderr %q; want 2 and %q", tt.arg, code, stderr, tt.want)
		}
	}
}

// End to end: a baseline suppresses its finding; a malformed fingerprint
// is a usage error.
func TestBaselineCLI(t *testing.T) {
	dir := t.TempDir()
	key := fakekey.New("baseline-cli")
	if err := os.WriteFile(filepath.Join(dir, "a.py"), []byte(`h = {"x-api-key": "`+key+`"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runMsg(t, dir, "scan", "-q", "--write-baseline", "base.json", "a.py"); code != 1 {
		t.Fatalf("write-baseline: exit %d: %s", code, stderr)
	}
	stdout, stderr, code := runMsg(t, dir, "scan", "--baseline", "base.json", "-f", "json", "a.py")
	if code != 0 {
		t.Fatalf("with the baseline: exit %d: %s", code, stderr)
	}
	var doc struct {
		Findings []json.RawMessage `json:"findings"`
		Stats    struct {
			Suppressed int `json:"suppressed"`
		} `json:"stats"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 0 || doc.Stats.Suppressed != 1 {
		t.Fatalf("%d findings, %d suppressed; want 0 and 1", len(doc.Findings), doc.Stats.Suppressed)
	}

	bad := `{"schema":"cambscan-baseline/v1","fingerprints":["not-a-fingerprint"]}`
	if err := os.WriteFile(filepath.Join(dir, "bad.json"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runMsg(t, dir, "scan", "--baseline", "bad.json", "a.py")
	if code != 2 || !strings.Contains(stderr, "bad.json: fingerprint 1 is not 64 lowercase hex digits") {
		t.Fatalf("exit %d, stderr %q; want 2 and the bad fingerprint", code, stderr)
	}
}

// --repos-file goes through the same policy: a /dev/zero symlink and a
// file over the cap are usage errors; comments and blank lines are left
// out of a valid one.
func TestReposFile(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "repos.txt")
	if err := os.WriteFile(list, []byte("# repositories\n\n  a  \nhttps://example.com/b.git\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readReposFile(list)
	if err != nil || strings.Join(got, " ") != "a https://example.com/b.git" {
		t.Fatalf("got %q, %v", got, err)
	}

	huge := filepath.Join(dir, "huge.txt")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, safefile.ListCap+1); err != nil {
		t.Fatal(err)
	}
	if _, err := readReposFile(huge); err == nil || !strings.Contains(err.Error(), "over the 16 MiB limit") {
		t.Fatalf("oversize: %v", err)
	}

	if _, err := os.Stat("/dev/zero"); err == nil {
		zero := filepath.Join(dir, "zero.txt")
		if err := os.Symlink("/dev/zero", zero); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := runMsg(t, dir, "git", "--repos-file", zero)
		if code != 2 || !strings.Contains(stderr, "--repos-file: ") || !strings.Contains(stderr, "is a device") {
			t.Fatalf("exit %d, stderr %q; want 2 and is a device", code, stderr)
		}
		if _, err := readReposFile(zero); !errors.Is(err, safefile.ErrNotRegular) {
			t.Fatalf("error %v, want ErrNotRegular", err)
		}
	}
}

// FuzzDecodeBaseline compares decodeBaseline with encoding/json, which read
// baselines before: whatever it accepts, encoding/json accepts with the same
// schema and fingerprints; and what encoding/json accepts as a valid
// baseline (no escapes inside fingerprints) it accepts too.
func FuzzDecodeBaseline(f *testing.F) {
	probe := baselineFinding("a.py", "fuzz")
	fp := probe.Fingerprint()
	for _, s := range []string{
		`{"schema":"cambscan-baseline/v1","fingerprints":["` + fp + `"]}`,
		`{"x":[1,-2.5e3,{"y":null}],"SCHEMA":"cambscan-baseline/v1","fingerprints":null}`,
		`{"schema":"cambscan-baseline/v1","fingerprints":["\u0061"]}`,
		"{\"schema\":\"cambscan-baseline/v1\"}\n",
		`[]`, `{"schema":1}`, `{"fingerprints":["` + fp + `","` + fp + `"],"schema":"cambscan-baseline/v1"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodeBaseline(bytes.NewReader(data), 1)
		var want baselineFile
		jerr := json.Unmarshal(data, &want)
		if err == nil {
			if jerr != nil || want.Schema != baselineSchema {
				t.Fatalf("accepted what encoding/json refuses: %v, schema %q", jerr, want.Schema)
			}
			var set baseline
			for _, s := range want.Fingerprints {
				var sum [32]byte
				if !decodeFingerprint(&sum, s) {
					t.Fatalf("accepted a bad fingerprint %q", s)
				}
				set = append(set, sum)
			}
			slices.SortFunc(set, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
			if set = slices.Compact(set); !slices.Equal(set, got) {
				t.Fatalf("fingerprints %x, encoding/json has %x", got, set)
			}
			return
		}
		if jerr != nil || want.Schema != baselineSchema || bytes.ContainsRune(data, '\\') {
			return
		}
		for _, s := range want.Fingerprints {
			var sum [32]byte
			if !decodeFingerprint(&sum, s) {
				return
			}
		}
		t.Fatalf("refused a baseline encoding/json reads: %v", err)
	})
}
