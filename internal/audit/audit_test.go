package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/cache"
)

var t0 = time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)

// keySHA is the SHA-256 of a made-up key name (the package never sees keys).
func keySHA(name string) string {
	s := sha256.Sum256([]byte(name))
	return hex.EncodeToString(s[:])
}

// fixture writes a cache of repos repositories; key i of keys is in the
// repositories j with j % (i+1) == 0, at two paths each. Keys 0 is live,
// 1 revoked, 2 unknown, the others never checked.
func fixture(t *testing.T, repos, keys int) *cache.Cache {
	t.Helper()
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for j := range repos {
		target := fmt.Sprintf("https://git.example/org/repo%03d", j)
		rec := &cache.Record{Target: target, Scanned: t0, Findings: map[string]*cache.Seenings{}}
		for i := range keys {
			if j%(i+1) != 0 {
				continue
			}
			for _, p := range []string{"config.env", "deploy/<script>.sh"} {
				rec.Findings[fmt.Sprint(i, j, p)] = &cache.Seenings{
					Rule: "camb-api-key", Path: p, SecretSHA256: keySHA(fmt.Sprint("key", i)), Secret: fmt.Sprintf("k%03d...%04d", i, i),
					Commit:    strings.Repeat(fmt.Sprint(j%10), 40),
					FirstSeen: t0.Add(time.Duration(j) * time.Hour), LastSeen: t0.Add(time.Duration(100+j) * time.Hour),
				}
			}
		}
		if err := c.WriteRecord(target, rec); err != nil {
			t.Fatal(err)
		}
	}
	for i, st := range []string{"live", "revoked", "unknown"} {
		if i >= keys {
			break
		}
		if err := c.PutLiveness(keySHA(fmt.Sprint("key", i)), cache.Liveness{Status: st, Reason: "because <" + st + ">", CheckedAt: t0.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// jsonReport is the JSON report as the tests read it.
type jsonReport struct {
	Schema  string  `json:"schema"`
	Summary Summary `json:"summary"`
	Keys    []struct {
		Key
		Places []Location `json:"locations"`
	} `json:"keys"`
}

func report(t *testing.T, c *cache.Cache, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	opts.Now = t0
	if _, err := Write(context.Background(), c, &b, opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestJSONReport(t *testing.T) {
	c := fixture(t, 12, 5)
	var r jsonReport
	out := report(t, c, Options{Format: "json"})
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	s := r.Summary
	if s.Repositories != 12 || s.WithKeys != 12 || s.Keys != 5 {
		t.Errorf("summary %+v", s)
	}
	// key i is in ceil(12/(i+1)) repositories, two places each.
	wantLocs := 0
	for i := range 5 {
		wantLocs += 2 * ((12 + i) / (i + 1))
	}
	if s.Locations != wantLocs {
		t.Errorf("locations %d, want %d", s.Locations, wantLocs)
	}
	if s.ByStatus["live"] != 1 || s.ByStatus["revoked"] != 1 || s.ByStatus["unknown"] != 1 || s.ByStatus["unchecked"] != 2 {
		t.Errorf("by status %v", s.ByStatus)
	}
	var order []string
	for _, k := range r.Keys {
		order = append(order, k.Status)
	}
	if got := strings.Join(order, " "); got != "live unknown unchecked unchecked revoked" {
		t.Errorf("key order %q, want live first, revoked last", got)
	}
	live := r.Keys[0]
	if live.SecretSHA256 != keySHA("key0") || live.Repositories != 12 || len(live.Places) != 24 || live.Locations != 24 {
		t.Errorf("live key: %s... in %d repositories, %d places (%d listed)", live.SecretSHA256[:8], live.Repositories, live.Locations, len(live.Places))
	}
	if !live.FirstSeen.Equal(t0) || !live.LastSeen.Equal(t0.Add(111*time.Hour)) || !live.CheckedAt.Equal(t0) || live.Reason != "because <live>" {
		t.Errorf("live key: first %v last %v checked %v reason %q", live.FirstSeen, live.LastSeen, live.CheckedAt, live.Reason)
	}
	for i := 1; i < len(live.Places); i++ {
		a, b := live.Places[i-1], live.Places[i]
		if a.Target > b.Target || a.Target == b.Target && a.Path >= b.Path {
			t.Fatalf("places not sorted: %v before %v", a, b)
		}
	}
	if r.Keys[2].CheckedAt != (time.Time{}) || r.Keys[2].Status != "unchecked" {
		t.Errorf("an unchecked key has a check time: %+v", r.Keys[2].Key)
	}
}

// TestSpilledSortMatches: a report sorted through spilled runs merged two
// at a time (several merge passes) is byte for byte the in-memory one.
func TestSpilledSortMatches(t *testing.T) {
	c := fixture(t, 30, 7)
	for _, f := range []string{"text", "json", "html"} {
		mem := report(t, c, Options{Format: f})
		spilled := report(t, c, Options{Format: f, MaxRows: 3, fanIn: 2})
		if !bytes.Equal(mem, spilled) {
			t.Errorf("%s: the spilled sort differs from the in-memory one", f)
		}
	}
}

func TestSorterBounded(t *testing.T) {
	ctx := context.Background()
	s := &sorter{dir: t.TempDir(), maxRows: 4, fanIn: 3}
	const n = 101
	for i := range n {
		// A scrambled order over a few ranks and keys.
		j := (i * 37) % n
		if err := s.add(row{Rank: j % 4, SHA: keySHA(fmt.Sprint(j % 9)), Target: fmt.Sprint("t", j)}); err != nil {
			t.Fatal(err)
		}
		if len(s.buf) >= s.maxRows {
			t.Fatalf("%d rows held, max %d", len(s.buf), s.maxRows)
		}
	}
	if err := s.finish(ctx); err != nil {
		t.Fatal(err)
	}
	if len(s.runs) > s.fanIn {
		t.Fatalf("%d runs left after finish, fan-in %d", len(s.runs), s.fanIn)
	}
	for pass := range 2 {
		var prev *row
		got := 0
		err := s.each(ctx, func(r *row) error {
			if prev != nil && compareRows(prev, r) > 0 {
				return fmt.Errorf("out of order: %+v before %+v", *prev, *r)
			}
			cp := *r
			prev = &cp
			got++
			return nil
		})
		if err != nil || got != n {
			t.Fatalf("pass %d: %d rows, %v; want %d in order", pass, got, err, n)
		}
	}
}

func TestHTMLEscapedSelfContained(t *testing.T) {
	c := fixture(t, 3, 3)
	page := string(report(t, c, Options{Format: "html", Tool: "cambscan", Version: "1.0<b>"}))
	for _, bad := range []string{"<script>.sh", "because <live>", "1.0<b>"} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q unescaped", bad)
		}
	}
	for _, want := range []string{"deploy/&lt;script&gt;.sh", "because &lt;live&gt;", `id="summary"`, `<table id="keys"`, "<style>", "window.cambscanSort"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, ext := range []string{"src=", "href=", "url(", "@import", "<link", "<iframe", "<img"} {
		if strings.Contains(page, ext) {
			t.Errorf("page refers to an external asset (%q)", ext)
		}
	}
	if n := strings.Count(page, `<tbody class="key"`); n != 3 {
		t.Errorf("%d key groups, want 3", n)
	}
}

func TestTextReport(t *testing.T) {
	c := fixture(t, 2, 2)
	got := string(report(t, c, Options{Format: "text"}))
	want := `cambscan audit report, 2025-05-01T00:00:00Z: 2 keys in 6 places of 2 repositories (2 repositories in the cache): 1 live, 0 unknown, 0 unchecked, 1 revoked

live      k000...0000  sha256:` + keySHA("key0")[:12] + `  checked 2025-05-01T00:00:00Z (because <live>)
          first seen 2025-05-01T00:00:00Z, last seen 2025-05-05T05:00:00Z, 2 repositories, 4 places
  https://git.example/org/repo000  config.env  commit 000000000000  first seen 2025-05-01T00:00:00Z, last seen 2025-05-05T04:00:00Z
  https://git.example/org/repo000  deploy/<script>.sh  commit 000000000000  first seen 2025-05-01T00:00:00Z, last seen 2025-05-05T04:00:00Z
  https://git.example/org/repo001  config.env  commit 111111111111  first seen 2025-05-01T01:00:00Z, last seen 2025-05-05T05:00:00Z
  https://git.example/org/repo001  deploy/<script>.sh  commit 111111111111  first seen 2025-05-01T01:00:00Z, last seen 2025-05-05T05:00:00Z

revoked   k001...0001  sha256:` + keySHA("key1")[:12] + `  checked 2025-05-01T00:01:00Z (because <revoked>)
          first seen 2025-05-01T00:00:00Z, last seen 2025-05-05T04:00:00Z, 1 repository, 2 places
  https://git.example/org/repo000  config.env  commit 000000000000  first seen 2025-05-01T00:00:00Z, last seen 2025-05-05T04:00:00Z
  https://git.example/org/repo000  deploy/<script>.sh  commit 000000000000  first seen 2025-05-01T00:00:00Z, last seen 2025-05-05T04:00:00Z
`
	if got != want {
		t.Errorf("text report:\n%s\nwant:\n%s", got, want)
	}
}

func TestEmptyCache(t *testing.T) {
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var r jsonReport
	if err := json.Unmarshal(report(t, c, Options{Format: "json"}), &r); err != nil {
		t.Fatal(err)
	}
	if r.Schema != "cambscan-audit/v1" || r.Summary.Keys != 0 || len(r.Keys) != 0 {
		t.Errorf("empty report %+v", r)
	}
	if page := string(report(t, c, Options{Format: "html"})); !strings.Contains(page, `id="empty"`) {
		t.Error("an empty HTML report does not say so")
	}
}
