package cache

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestLiveness(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sha := strings.Repeat("ab", 32)
	if _, ok := c.Liveness(sha); ok {
		t.Fatal("a liveness before any was kept")
	}
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	want := Liveness{Status: "live", HTTPStatus: 200, Reason: "key accepted", CheckedAt: at}
	if err := c.PutLiveness(sha, want); err != nil {
		t.Fatal(err)
	}
	got, ok := c.Liveness(sha)
	if !ok || got != want {
		t.Fatalf("Liveness = %+v, %v; want %+v", got, ok, want)
	}
	fi, err := os.Stat(filepath.Join(c.Dir(), "verify", sha+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("liveness file mode %v, want 0600", fi.Mode().Perm())
	}
	for _, bad := range []string{"", "ab", strings.Repeat("AB", 32), strings.Repeat("zz", 32), "../" + sha[3:]} {
		if err := c.PutLiveness(bad, want); err == nil {
			t.Errorf("PutLiveness(%q) accepted a name that is not a lower-case hex SHA-256", bad)
		}
		if _, ok := c.Liveness(bad); ok {
			t.Errorf("Liveness(%q) found something", bad)
		}
	}
	// A damaged file is no result.
	if err := os.WriteFile(filepath.Join(c.Dir(), "verify", sha+".json"), []byte("{\"status\":"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Liveness(sha); ok {
		t.Error("a damaged liveness file was read as a result")
	}
}
