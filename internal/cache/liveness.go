package cache

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// A Liveness is the last liveness probe of one key that the cache keeps,
// named by the key's SHA-256: never the key. It mirrors verify.Result
// (package cache stays below the packages that do network I/O).
type Liveness struct {
	Status     string    `json:"status"`
	HTTPStatus int       `json:"http_status,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	CheckedAt  time.Time `json:"checked_at"`
}

// maxLivenessSize bounds a liveness file read back (they are about 150
// bytes).
const maxLivenessSize = 64 << 10

// livenessPath is the file of the key whose SHA-256 is sha (64 lower-case
// hex digits), or "" when sha is not one.
func (c *Cache) livenessPath(sha string) string {
	if len(sha) != 64 {
		return ""
	}
	if _, err := hex.DecodeString(sha); err != nil {
		return ""
	}
	for i := 0; i < len(sha); i++ {
		if sha[i] >= 'A' && sha[i] <= 'F' {
			return ""
		}
	}
	return filepath.Join(c.dir, "verify", sha+".json")
}

// Liveness returns the kept probe of the key whose SHA-256 is sha, and
// whether there is one that can be read.
func (c *Cache) Liveness(sha string) (Liveness, bool) {
	p := c.livenessPath(sha)
	if p == "" {
		return Liveness{}, false
	}
	f, err := os.Open(p)
	if err != nil {
		return Liveness{}, false
	}
	defer f.Close()
	var l Liveness
	if err := json.NewDecoder(io.LimitReader(f, maxLivenessSize)).Decode(&l); err != nil || l.Status == "" || l.CheckedAt.IsZero() {
		return Liveness{}, false
	}
	return l, true
}

// PutLiveness keeps l as the probe of the key whose SHA-256 is sha,
// replacing the file atomically (0600). Two runs that probe one key at
// once both write; the last rename wins, and either result is a real
// probe.
func (c *Cache) PutLiveness(sha string, l Liveness) error {
	p := c.livenessPath(sha)
	if p == "" {
		return fmt.Errorf("cache liveness: %q is not a hex SHA-256", sha)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("cache liveness: %w", err)
	}
	err := writeAtomic(p, func(w io.Writer) error { return json.NewEncoder(w).Encode(l) })
	if err != nil {
		return fmt.Errorf("cache liveness: %w", err)
	}
	return nil
}
