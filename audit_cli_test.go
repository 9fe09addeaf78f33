package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// auditFleet scans a fleet with --cache-dir and --verify against a fake
// CAMB API and returns the cache: live is in a, b and a's fork (three
// repositories), dead in b only, never in a run with --verify is a third
// key found later without a probe. It returns the commit that introduced
// live in a.
func auditFleet(t *testing.T) (cacheDir string, keys []string, introduced string) {
	t.Helper()
	fl := newFleet(t)
	keys = fakekey.N("audit "+t.Name(), 3)
	live, dead, later := keys[0], keys[1], keys[2]
	a := fl.repo("a", "readme.txt")
	fl.commit("a", "config.env", "CAMB_API_KEY="+live+"\n")
	introduced = strings.TrimSpace(hookGit(t, filepath.Join(fl.root, "a"), "rev-parse", "HEAD"))
	b := fl.repo("b", "one.txt")
	fl.commit("b", "deploy&prod.env", "CAMB_API_KEY="+live+"\nOLD_CAMB_API_KEY="+dead+"\n")
	hookGit(t, fl.root, "clone", "-q", filepath.Join(fl.root, "a"), filepath.Join(fl.root, "fork"))
	fork := "file://" + filepath.ToSlash(filepath.Join(fl.root, "fork"))
	clean := fl.repo("clean", "nothing.txt")
	_, srv := newCambFake(t, 0, live)
	cacheDir = t.TempDir()
	cacheScan(t, cacheDir, []string{"--verify", "--verify-url", srv.URL + "/apis"}, a, b, fork, clean)
	// A later run without --verify finds a new key: never checked.
	fl.commit("clean", "new.env", "CAMB_API_KEY="+later+"\n")
	cacheScan(t, cacheDir, nil, clean)
	return cacheDir, keys, introduced
}

// auditCLI runs `cambscan audit ARGS...` in-process.
func auditCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), append([]string{"audit"}, args...), strings.NewReader(""), &stdout, &stderr, envOf())
	if err != nil {
		stderr.WriteString(err.Error())
	}
	return stdout.String(), stderr.String(), exitCodeOf(err)
}

type auditJSON struct {
	Schema  string `json:"schema"`
	Summary struct {
		Repositories int            `json:"repositories"`
		WithKeys     int            `json:"repositories_with_keys"`
		Keys         int            `json:"keys"`
		Locations    int            `json:"locations"`
		ByStatus     map[string]int `json:"by_status"`
	} `json:"summary"`
	Keys []struct {
		Secret       string    `json:"secret"`
		SHA          string    `json:"secret_sha256"`
		Status       string    `json:"status"`
		CheckedAt    time.Time `json:"checked_at"`
		Repositories int       `json:"repositories"`
		Locations    []struct {
			Target string `json:"target"`
			Path   string `json:"path"`
			Commit string `json:"commit"`
		} `json:"locations"`
	} `json:"keys"`
}

func TestAuditReport(t *testing.T) {
	cacheDir, keys, introduced := auditFleet(t)
	out, stderr, code := auditCLI(t, "report", "--cache-dir", cacheDir, "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r auditJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	s := r.Summary
	if s.Repositories != 4 || s.WithKeys != 4 || s.Keys != 3 || s.Locations != 5 {
		t.Errorf("summary %+v, want 4 repositories, all with keys, 3 keys in 5 places", s)
	}
	if s.ByStatus["live"] != 1 || s.ByStatus["revoked"] != 1 || s.ByStatus["unchecked"] != 1 {
		t.Errorf("by status %v", s.ByStatus)
	}
	var order []string
	for _, k := range r.Keys {
		order = append(order, k.Status)
	}
	if strings.Join(order, " ") != "live unchecked revoked" {
		t.Fatalf("keys in order %v, want live, unchecked, revoked", order)
	}
	live := r.Keys[0]
	if live.SHA != sha(keys[0]) || live.Secret != keys[0][:4]+"..."+keys[0][32:] || live.Repositories != 3 || len(live.Locations) != 3 || live.CheckedAt.IsZero() {
		t.Errorf("live key: %s... %s in %d repositories, %d places, checked %v", live.SHA[:8], live.Secret, live.Repositories, len(live.Locations), live.CheckedAt)
	}
	var sawA bool
	for _, l := range live.Locations {
		if strings.HasSuffix(l.Target, "/a") {
			sawA = true
			if l.Path != "config.env" || l.Commit != introduced {
				t.Errorf("live key in a: %s at %s, want config.env at the introducing commit %s", l.Path, l.Commit, introduced)
			}
		}
	}
	if !sawA {
		t.Error("the live key's places miss repository a")
	}
	if r.Keys[1].Status != "unchecked" || !r.Keys[1].CheckedAt.IsZero() {
		t.Errorf("the key found without --verify: %s, checked %v", r.Keys[1].Status, r.Keys[1].CheckedAt)
	}

	text, _, code := auditCLI(t, "report", "--cache-dir", cacheDir)
	if code != 0 || !strings.HasPrefix(text, "cambscan audit report, ") || !strings.Contains(text, "3 keys in 5 places of 4 repositories") {
		t.Errorf("text report (exit %d):\n%s", code, text)
	}
	page := filepath.Join(t.TempDir(), "audit.html")
	if _, stderr, code := auditCLI(t, "report", "--cache-dir", cacheDir, "-f", "html", "-o", page); code != 0 {
		t.Fatalf("html: exit %d: %s", code, stderr)
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "deploy&amp;prod.env") {
		t.Error("the HTML page does not escape a path")
	}
	assertNoKeys(t, keys, out, text, string(html))
	assertNoKeyInCache(t, cacheDir, keys...)
}

func TestAuditReportUsage(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{}, "unknown subcommand"},
		{[]string{"reprot"}, `"report"`},
		{[]string{"report"}, "--cache-dir is required"},
		{[]string{"report", "--cache-dir", filepath.Join(dir, "missing")}, "not a directory"},
		{[]string{"report", "--cache-dir", dir, "-f", "sarif"}, "text, json or html"},
		{[]string{"report", "--cache-dir", dir, "extra"}, "no arguments"},
		{[]string{"report", "--cache-dir", dir, "-o", filepath.Join(dir, "no", "such", "r.html")}, "does not exist"},
	} {
		_, stderr, code := auditCLI(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("audit %v: exit %d, %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if out, _, code := auditCLI(t, "report", "--help"); code != 0 || !strings.Contains(out, "Usage: cambscan audit report") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

// TestAuditJSONSchema checks real output against docs/cambscan-audit.schema.json.
func TestAuditJSONSchema(t *testing.T) {
	tool := jsonschemaCheck(t)
	schema := filepath.Join(goldenRoot, "docs", "cambscan-audit.schema.json")
	cacheDir, _, _ := auditFleet(t)
	out := filepath.Join(t.TempDir(), "audit.json")
	if _, stderr, code := auditCLI(t, "report", "--cache-dir", cacheDir, "-f", "json", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	empty := filepath.Join(t.TempDir(), "empty.json")
	if _, stderr, code := auditCLI(t, "report", "--cache-dir", t.TempDir(), "-f", "json", "-o", empty); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if ok, msg := validate(t, tool, schema, out, empty); !ok {
		t.Fatalf("the audit report does not match its schema:\n%s", msg)
	}
	// The schema must be able to fail.
	bad := filepath.Join(t.TempDir(), "bad.json")
	data, _ := os.ReadFile(out)
	if err := os.WriteFile(bad, bytes.Replace(data, []byte(`"status":"live"`), []byte(`"status":"alive"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if ok, _ := validate(t, tool, schema, bad); ok {
		t.Error("a report with an unknown status passed the schema")
	}
}

// chromium returns the headless browser, or ends the test: skipped
// locally, failed in CI (CI=true or CAMBSCAN_REQUIRE_CHROMIUM=1), where
// .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" || os.Getenv("CAMBSCAN_REQUIRE_CHROMIUM") != "" {
		t.Fatal("chromium is not installed: the HTML audit report cannot be checked (apt-get install chromium)")
	}
	t.Skip("chromium is not installed: apt-get install chromium to check the HTML audit report (CI fails without it)")
	return ""
}

// headless runs chromium headless with args and a fresh profile.
func headless(t *testing.T, browser string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	all := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
		"--user-data-dir=" + t.TempDir()}, args...)
	cmd := exec.CommandContext(ctx, browser, all...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.Bytes()
}

// TestAuditHTMLInChromium renders the HTML report in headless Chromium:
// a screenshot of the window's size that is not one colour, the table and
// the summary in the DOM after load, and the sort working from the
// address (#sort=) and from clicks on a header.
func TestAuditHTMLInChromium(t *testing.T) {
	browser := chromium(t)
	cacheDir, _, _ := auditFleet(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "audit.html")
	if _, stderr, code := auditCLI(t, "report", "--cache-dir", cacheDir, "-f", "html", "-o", page); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	url := "file://" + filepath.ToSlash(page)

	shot := filepath.Join(dir, "audit.png")
	headless(t, browser, "--screenshot="+shot, "--window-size=1280,900", "--hide-scrollbars", url)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 900 {
		t.Errorf("screenshot %dx%d, want 1280x900", b.Dx(), b.Dy())
	}
	if n := colours(img, 64); n < 8 {
		t.Errorf("the screenshot has %d colours: a blank page?", n)
	}
	// The red of a live key's badge (#b3261e) is on the page.
	if !hasColour(img, 0xb3, 0x26, 0x1e) {
		t.Error("no live badge colour in the screenshot")
	}

	dom := string(headless(t, browser, "--dump-dom", url))
	for _, want := range []string{`<table id="keys"`, `id="summary"`, `<tbody class="key"`} {
		if !strings.Contains(dom, want) {
			t.Errorf("the DOM after load lacks %s", want)
		}
	}
	if got := keyOrder(dom, "rank"); !slicesEqualInt(got, []int{0, 2, 3}) {
		t.Errorf("keys by rank after load %v, want live, unchecked, revoked", got)
	}
	sorted := string(headless(t, browser, "--dump-dom", url+"#sort=repos-desc"))
	if !strings.Contains(sorted, `data-sorted="repos-desc"`) {
		t.Error("#sort=repos-desc did not sort the table")
	}
	if got := keyOrder(sorted, "repos"); !slicesEqualInt(got, []int{3, 1, 1}) {
		t.Errorf("keys by repositories after #sort=repos-desc %v, want 3 1 1", got)
	}
	// Clicks: a copy of the page with a script that clicks the Places
	// header twice (ascending, then descending) and the Status one once.
	clicked := filepath.Join(dir, "clicked.html")
	data, _ := os.ReadFile(page)
	hook := `<script>(function(){var q=function(c){return document.querySelector('th[data-col="'+c+'"]')};q("locs").click();q("locs").click();})();</script></body>`
	if err := os.WriteFile(clicked, bytes.Replace(data, []byte("</body>"), []byte(hook), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	dom = string(headless(t, browser, "--dump-dom", "file://"+filepath.ToSlash(clicked)))
	if !strings.Contains(dom, `data-col="locs" aria-sort="descending"`) || !strings.Contains(dom, `data-sorted="locs-desc"`) {
		t.Error("two clicks on Places did not sort it descending")
	}
	if got := keyOrder(dom, "locs"); !slicesEqualInt(got, []int{3, 1, 1}) {
		t.Errorf("keys by places after two clicks %v, want 3 1 1", got)
	}
}

// keyOrder returns the data-COL attribute of each key's tbody in DOM order.
func keyOrder(dom, col string) []int {
	var out []int
	re := regexp.MustCompile(`<tbody class="key"[^>]*\sdata-` + col + `="(\d+)"`)
	for _, m := range re.FindAllStringSubmatch(dom, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, n)
	}
	return out
}

func slicesEqualInt(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// colours counts the distinct colours of img, up to max.
func colours(img image.Image, max int) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			if len(seen) >= max {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// hasColour reports whether a pixel of img is within 6 of r, g, b.
func hasColour(img image.Image, r, g, b uint32) bool {
	near := func(a, c uint32) bool { return a+6 >= c && a <= c+6 }
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr>>8, r) && near(pg>>8, g) && near(pb>>8, b) {
				return true
			}
		}
	}
	return false
}

// TestAuditReportDamagedRecord: a record that cannot be read is not left
// out silently: the report of the others is written, and the command names
// the record and exits 2.
func TestAuditReportDamagedRecord(t *testing.T) {
	cacheDir, _, _ := auditFleet(t)
	names, err := filepath.Glob(filepath.Join(cacheDir, "records", "*"))
	if err != nil || len(names) != 4 {
		t.Fatalf("records %v (%v), want 4", names, err)
	}
	if err := os.WriteFile(names[0], []byte(`{"target": "x", "findi`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := auditCLI(t, "report", "--cache-dir", cacheDir, "-f", "json")
	if code != 2 || !strings.Contains(stderr, "1 cache record(s) could not be read") || !strings.Contains(stderr, filepath.Base(names[0])) {
		t.Errorf("exit %d, stderr %q; want 2 naming %s", code, stderr, filepath.Base(names[0]))
	}
	var r auditJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r.Summary.Repositories != 3 {
		t.Errorf("report of %d repositories, want the 3 readable ones", r.Summary.Repositories)
	}
}
