package cache

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestNameDropsUserinfo(t *testing.T) {
	secret := "ghp_" + strings.Repeat("x", 36)
	for _, url := range []string{
		"https://x-access-token:" + secret + "@github.com/org/repo.git",
		"https://" + secret + "@github.com/org/repo.git",
		"https://user:" + secret + "@github.com:8443/org/repo.git",
	} {
		n := Name(url)
		if strings.Contains(n, secret) || strings.Contains(n, "x-access-token") || strings.Contains(n, "user") {
			t.Errorf("Name(%q) = %q holds the userinfo", StripUserinfo(url), n)
		}
		if got := StripUserinfo(url); strings.Contains(got, secret) || strings.Contains(got, "@") {
			t.Errorf("StripUserinfo kept the userinfo: %q", got)
		}
	}
	// Two URLs that differ only in their userinfo share a mirror.
	if a, b := Name("https://tok1@github.com/o/r.git"), Name("https://tok2@github.com/o/r.git"); a != b {
		t.Errorf("userinfo changes the name: %q vs %q", a, b)
	}
	if a, b := Name("https://tok1@github.com/o/r.git"), Name("https://github.com/o/r.git"); a != b {
		t.Errorf("userinfo changes the name: %q vs %q", a, b)
	}
	// An @ in the path is not userinfo.
	if got := StripUserinfo("https://host/o/r@v1"); got != "https://host/o/r@v1" {
		t.Errorf("StripUserinfo(path with @) = %q", got)
	}
}

func TestNameStable(t *testing.T) {
	// The name is part of the cache's on-disk layout: a change strands
	// every existing mirror (they would all be cloned again). The hash is
	// the first 32 hex digits (128 bits) of
	// sha256("https://gitlab.example.com/..."): with 48 bits, the owner of
	// a repository name could find a second name sharing its mirror.
	const url = "https://gitlab.example.com/group/sub/project.git"
	if got, want := Name(url), "gitlab.example.com_group_sub_project-905f101086bef361d8f5efd48c083ac5"; got != want {
		t.Errorf("Name(%q) = %q, want %q (the layout changed: existing caches would be cloned again)", url, got, want)
	}
	for range 3 {
		if Name(url) != Name(url) {
			t.Fatal("Name is not deterministic")
		}
	}
}

func TestNameDistinct(t *testing.T) {
	urls := []string{
		"https://github.com/org/repo.git",
		"https://github.com/org/repo",
		"https://github.com/Org/repo.git",
		"https://github.com/org/repo2.git",
		"https://github.com/org_repo.git",
		"https://github.com/org/repo.git/",
		"http://github.com/org/repo.git",
		"git@github.com:org/repo.git",
		"ssh://git@github.com/org/repo.git",
		"https://gitlab.com/org/repo.git",
		"file:///srv/git/org/repo.git",
		"/srv/git/org/repo.git",
		"https://github.com/org/" + strings.Repeat("a", 200) + "1",
		"https://github.com/org/" + strings.Repeat("a", 200) + "2",
	}
	seen := map[string]string{}
	for _, u := range urls {
		n := Name(u)
		if prev, ok := seen[n]; ok {
			t.Errorf("%q and %q share the name %q", prev, u, n)
		}
		seen[n] = u
	}
}

// TestNameSafeOnWindows checks every name is one path element that
// Windows accepts: only [A-Za-z0-9._-], no leading or trailing dot, not a
// reserved device name, short.
func TestNameSafeOnWindows(t *testing.T) {
	reserved := map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true, "COM1": true, "LPT1": true}
	for _, u := range []string{
		"https://host/CON", "https://host/nul.git", "file:///C:/Users/me/repo", `C:\Users\me\repo`,
		`\\server\share\repo.git`, "https://host/a b/c?d=e#f", "https://host/../../etc/passwd",
		"https://host/ünïcödé/репо", "https://host/x:y*z|w<v>\"u", "https://host/trailing.", "...", "", "/",
		"https://host/" + strings.Repeat("seg/", 100),
	} {
		n := Name(u)
		if n == "" || len(n) > maxNameLen+1+1+32 {
			t.Errorf("Name(%q) = %q: length %d", u, n, len(n))
		}
		for _, c := range []byte(n) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
				t.Errorf("Name(%q) = %q holds %q", u, n, c)
			}
		}
		if strings.HasPrefix(n, ".") || strings.HasSuffix(n, ".") || strings.HasSuffix(n, " ") {
			t.Errorf("Name(%q) = %q starts or ends badly for Windows", u, n)
		}
		base := strings.ToUpper(strings.SplitN(n, ".", 2)[0])
		if reserved[base] {
			t.Errorf("Name(%q) = %q is a reserved device name", u, n)
		}
		if filepath.Base(n) != n {
			t.Errorf("Name(%q) = %q is not one path element", u, n)
		}
	}
}

func TestOpenModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no unix modes")
	}
	dir := filepath.Join(t.TempDir(), "c")
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Seen("rules-1")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Add(t.Context(), []ID{{1}, {2}}); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteRecord("https://tok@host/o/r.git", &Record{Findings: map[string]*Seenings{}}); err != nil {
		t.Fatal(err)
	}
	l, err := c.LockRepo(t.Context(), "https://host/o/r.git")
	if err != nil {
		t.Fatal(err)
	}
	l.Unlock()
	n := 0
	err = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		n++
		want := os.FileMode(0o600)
		if fi.IsDir() {
			want = 0o700
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, fi.Mode().Perm(), want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// dir, mirrors, locks, blobs, blobs/rules-1, records, a segment, a
	// record, a lock.
	if n != 9 {
		t.Errorf("walked %d entries, want 9", n)
	}
}

func TestRecordRoundTrip(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	const target = "https://user:hunter2tok@host/o/r.git"
	if r := c.ReadRecord(target); r.Target != "https://host/o/r.git" || len(r.Findings) != 0 {
		t.Fatalf("record of a new repository: %+v", r)
	}
	first := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	rec := &Record{
		Target: StripUserinfo(target), Scanned: first.Add(time.Hour),
		Findings: map[string]*Seenings{
			"fp1": {Rule: "camb-api-key", Path: "a/b.env", SecretSHA256: strings.Repeat("ab", 32), Commit: strings.Repeat("c", 40), Blob: strings.Repeat("d", 40), FirstSeen: first, LastSeen: first.Add(time.Hour)},
			"fp2": {Rule: "camb-api-key", Path: "x.go", SecretSHA256: strings.Repeat("01", 32), FirstSeen: first, LastSeen: first},
		},
	}
	if err := c.WriteRecord(target, rec); err != nil {
		t.Fatal(err)
	}
	got := c.ReadRecord(target)
	if got.Target != rec.Target || !got.Scanned.Equal(rec.Scanned) || len(got.Findings) != 2 {
		t.Fatalf("read back %+v", got)
	}
	for k, w := range rec.Findings {
		g := got.Findings[k]
		if g == nil || g.Rule != w.Rule || g.Path != w.Path || g.SecretSHA256 != w.SecretSHA256 || g.Commit != w.Commit ||
			g.Blob != w.Blob || !g.FirstSeen.Equal(w.FirstSeen) || !g.LastSeen.Equal(w.LastSeen) {
			t.Errorf("finding %s: read back %+v, want %+v", k, g, w)
		}
	}
	raw, err := os.ReadFile(c.recordPath(target))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "hunter2tok") {
		t.Error("the record file holds the URL's userinfo")
	}
	var n int
	noDamage := func(name string, err error) { t.Errorf("record %s reported damaged: %v", name, err) }
	if err := c.Records(func(r *Record) error { n++; return nil }, noDamage); err != nil || n != 1 {
		t.Errorf("Records: %d records, %v", n, err)
	}

	// A damaged record is read as an empty one (it only dates findings),
	// and Records passes it to its damaged callback instead of fn.
	if err := os.WriteFile(c.recordPath(target), raw[:len(raw)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	if r := c.ReadRecord(target); len(r.Findings) != 0 || r.Target != rec.Target {
		t.Errorf("damaged record read as %+v", r)
	}
	n = 0
	var damaged []string
	if err := c.Records(func(r *Record) error { n++; return nil }, func(name string, err error) { damaged = append(damaged, name) }); err != nil || n != 0 || len(damaged) != 1 {
		t.Errorf("Records over a damaged record: %d records, damaged %v, %v", n, damaged, err)
	}
}

func TestPrune(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	keep, drop := "https://host/o/keep.git", "https://host/o/drop.git"
	for _, u := range []string{keep, drop} {
		if err := os.MkdirAll(filepath.Join(c.MirrorDir(u), "objects"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := c.WriteRecord(u, &Record{Findings: map[string]*Seenings{}}); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := c.Prune(t.Context(), []string{"https://tok@host/o/keep.git"})
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 1 || removed[0] != Name(drop) {
		t.Errorf("removed %v, want %s", removed, Name(drop))
	}
	if _, err := os.Stat(c.MirrorDir(keep)); err != nil {
		t.Errorf("kept mirror gone: %v", err)
	}
	if _, err := os.Stat(c.MirrorDir(drop)); !os.IsNotExist(err) {
		t.Errorf("dropped mirror still there: %v", err)
	}
	if _, err := os.Stat(c.recordPath(drop)); !os.IsNotExist(err) {
		t.Errorf("dropped record still there: %v", err)
	}
}
