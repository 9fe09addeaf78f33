package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/cambscan/cambscan/internal/safefile"
	"github.com/cambscan/cambscan/scanner"
)

// A baselineFile is the on-disk baseline: fingerprints only, never keys.
type baselineFile struct {
	Schema       string   `json:"schema"`
	Fingerprints []string `json:"fingerprints"`
}

const baselineSchema = "cambscan-baseline/v1"

// A baseline is the set of fingerprints of --baseline, each kept as the 32
// bytes of its SHA-256, sorted: 32 bytes an entry, about half the size of
// the file, where a map of strings took three times the file.
type baseline [][32]byte

// has reports whether the fingerprint fp (64 hex digits) is in b.
func (b baseline) has(fp string) bool {
	var sum [32]byte
	if !decodeFingerprint(&sum, fp) {
		return false
	}
	_, ok := slices.BinarySearchFunc(b, sum, func(e, t [32]byte) int { return bytes.Compare(e[:], t[:]) })
	return ok
}

// suppress removes the findings in b from res and counts them in
// res.Suppressed. The engine has already dropped findings below
// --min-confidence, so only those that would be reported are counted.
func (b baseline) suppress(res *scanner.Result) {
	if len(b) == 0 {
		return
	}
	kept := res.Findings[:0]
	for i := range res.Findings {
		if b.has(res.Findings[i].Fingerprint()) {
			res.Suppressed++
			continue
		}
		kept = append(kept, res.Findings[i])
	}
	clear(res.Findings[len(kept):])
	res.Findings = kept
}

// minFingerprintBytes is the least a fingerprint takes in the file: 64
// digits, two quotes and a comma.
const minFingerprintBytes = 67

// readBaseline reads a --baseline file through safefile: a regular file
// (a FIFO or a device is refused without blocking) of at most
// safefile.BaselineCap bytes, decoded as a stream so that memory is the set,
// not the file.
func readBaseline(name string) (baseline, error) {
	fh, st, err := safefile.Open(name, safefile.Options{})
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	if st.Size() > safefile.BaselineCap {
		return nil, fmt.Errorf("%s: %d bytes, over the %d MiB limit for a baseline", name, st.Size(), safefile.BaselineCap>>20)
	}
	r := safefile.LimitReader(fh, name, safefile.BaselineCap)
	b, err := decodeBaseline(r, int(st.Size()/minFingerprintBytes)+1)
	var tooLarge *safefile.Error
	if errors.As(err, &tooLarge) {
		return nil, tooLarge // it names the file already
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b, nil
}

// decodeBaseline decodes {"schema": ..., "fingerprints": [...]} from a
// stream, with room for capHint fingerprints. Like encoding/json it matches
// field names without regard to case and skips unknown fields; unlike it,
// it refuses a fingerprint that is not 64 lowercase hex digits (one that
// --write-baseline cannot have written and that never matched anything).
func decodeBaseline(r io.Reader, capHint int) (baseline, error) {
	s := &jsonStream{r: bufio.NewReaderSize(r, 64<<10)}
	if err := s.expect('{'); err != nil {
		return nil, err
	}
	var schema string
	var set baseline
	err := s.members(func(key string) error {
		c, err := s.nonSpace()
		if err != nil {
			return err
		}
		switch {
		case strings.EqualFold(key, "schema"):
			switch c {
			case '"':
				schema, err = s.str(maxKept)
			case 'n':
				schema, err = "", s.literal("null")
			default:
				err = s.errorf("schema is not a string")
			}
			return err
		case strings.EqualFold(key, "fingerprints"):
			if set == nil {
				set = make(baseline, 0, capHint)
			}
			set, err = s.fingerprints(c, set[:0])
			return err
		}
		return s.skip(1, c)
	})
	if err != nil {
		return nil, err
	}
	if err := s.end(); err != nil {
		return nil, err
	}
	if schema != baselineSchema {
		return nil, fmt.Errorf("schema %q, want %q", schema, baselineSchema)
	}
	slices.SortFunc(set, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
	return slices.Compact(set), nil
}

// fingerprints decodes the value of "fingerprints", whose first byte is c:
// null or an array of fingerprints, appended to set.
func (s *jsonStream) fingerprints(c byte, set baseline) (baseline, error) {
	if c == 'n' {
		return set, s.literal("null")
	}
	if c != '[' {
		return nil, s.errorf("fingerprints is not an array")
	}
	n := 0
	err := s.elements(func(c byte) error {
		n++
		var sum [32]byte
		if c != '"' || !s.fingerprint(&sum) {
			return fmt.Errorf("fingerprint %d is not 64 lowercase hex digits (a SHA-256 as --write-baseline writes it)", n)
		}
		set = append(set, sum)
		return nil
	})
	return set, err
}

// isLowerHex reports whether b is all lowercase hex digits.
func isLowerHex(b []byte) bool {
	for _, c := range b {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// decodeFingerprint decodes 64 lowercase hex digits into sum.
func decodeFingerprint(sum *[32]byte, fp string) bool {
	if len(fp) != 64 || !isLowerHex([]byte(fp)) {
		return false
	}
	hex.Decode(sum[:], []byte(fp))
	return true
}

func writeBaseline(name string, fs []scanner.Finding) error {
	seen := map[string]bool{}
	b := baselineFile{Schema: baselineSchema, Fingerprints: []string{}}
	for i := range fs {
		fp := fs[i].Fingerprint()
		if !seen[fp] {
			seen[fp] = true
			b.Fingerprints = append(b.Fingerprints, fp)
		}
	}
	sort.Strings(b.Fingerprints)
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(data, '\n'), 0o644)
}
