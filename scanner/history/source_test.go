package history

import (
	"testing"

	"github.com/cambscan/cambscan/scanner"
)

// TestGitTotal checks that the progress total is the number of blobs
// the scan then reads.
func TestGitTotal(t *testing.T) {
	repo := generated(t)
	src := NewSource(repo.Dir, Options{})
	n, bytes := src.(scanner.Totaler).Total()
	res, err := scanner.Run(t.Context(), []scanner.Source{src}, scanner.Options{})
	src.(interface{ Close() error }).Close()
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 || bytes == 0 || n != res.Stats.Files+res.Stats.Skipped {
		t.Errorf("Total() = %d, %d; scanned %d, skipped %d", n, bytes, res.Stats.Files, res.Stats.Skipped)
	}
}
