package sarif

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/cambscan/cambscan/scanner"
)

// TestWriteValidatorSamples writes the four logs the shared validators
// check (a tree scan, a history scan, an empty scan and 10 000 findings)
// and checks GitHub's hard limits on them. With CAMBSCAN_SARIF_OUT=DIR the
// files are kept in DIR for validate-sarif.sh:
//
//	CAMBSCAN_SARIF_OUT=$tmp go test ./sarif -run TestWriteValidatorSamples
//	../shared/tools/validate-sarif.sh $tmp/*.sarif
func TestWriteValidatorSamples(t *testing.T) {
	dir := os.Getenv("CAMBSCAN_SARIF_OUT")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Real rule metadata here (nil Rules), as cambscan writes it.
	real := func(o Options) Options { o.Rules = nil; return o }
	for _, tc := range []struct {
		name    string
		res     *scanner.Result
		opts    Options
		results int
	}{
		{"tree", treeResult(), real(treeOpts()), 6},
		{"history", historyResult(), real(historyOpts()), 4},
		{"empty", &scanner.Result{Targets: []string{"."}}, real(treeOpts()), 0},
		{"10000-findings", manyResult(10000), real(treeOpts()), DefaultMaxResults},
	} {
		data := write(t, tc.res, tc.opts)
		if err := os.WriteFile(filepath.Join(dir, tc.name+".sarif"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		log, err := gosarif.FromBytes(data)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		run := log.Runs[0]
		if len(run.Results) != tc.results {
			t.Errorf("%s: %d results, want %d", tc.name, len(run.Results), tc.results)
		}
		// GitHub's limits: 25 000 results per run, 20 tags per rule,
		// 10 MB gzipped.
		for _, r := range run.Tool.Driver.Rules {
			if tags, _ := r.Properties["tags"].([]any); len(tags) > 20 {
				t.Errorf("%s: rule %s has %d tags", tc.name, r.ID, len(tags))
			}
		}
		for i, r := range run.Results {
			if r.PartialFingerprints[FingerprintKey] == nil || r.PartialFingerprints["primaryLocationLineHash"] == nil {
				t.Fatalf("%s: result %d lacks partialFingerprints", tc.name, i)
			}
		}
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(data)
		zw.Close()
		if gz.Len() > 10<<20 {
			t.Errorf("%s: %d bytes gzipped, over GitHub's 10 MB", tc.name, gz.Len())
		}
		t.Logf("%s: %d results, %d bytes, %d gzipped", tc.name, len(run.Results), len(data), gz.Len())
	}
}
