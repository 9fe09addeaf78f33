package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// The corpus under testdata/corpus holds realistic files: pos/ files
// carry fake keys (from fakekey) and hard negatives (UUIDs that are not
// keys, without the fake marker); neg/ files must give no match at all.
//
// Files are written with placeholders, {KEYn} for a key, {UUIDn} for a
// UUID that is not a key and {GUIDn} for an upper-case one, and
//
//	go test ./rules -run TestCorpus -update
//
// fills them in from seeds derived from the file name, so that the
// values are reproducible.
var update = flag.Bool("update", false, "fill the {KEYn}, {UUIDn} and {GUIDn} placeholders of testdata/corpus")

const corpusDir = "../testdata/corpus"

// negUUID returns a random-looking UUIDv4 derived from seed that does not
// carry the fake-key marker: a stand-in for task ids and other UUIDs
// that are not keys.
func negUUID(seed string) string {
	sum := sha256.Sum256([]byte("cambscan-not-a-key:" + seed))
	h := hex.EncodeToString(sum[:])
	last := h[18:30]
	if strings.HasPrefix(last, fakekey.Marker) {
		last = "0" + last[1:]
	}
	return fmt.Sprintf("%s-%s-4%s-%c%s-%s", h[0:8], h[8:12], h[12:15], "89ab"[sum[31]&3], h[15:18], last)
}

var placeholderRE = regexp.MustCompile(`\{(KEY|UUID|GUID)(\d+)\}`)

// fillCorpus replaces the placeholders of the corpus file name.
func fillCorpus(name string, data []byte) []byte {
	return placeholderRE.ReplaceAllFunc(data, func(m []byte) []byte {
		sub := placeholderRE.FindSubmatch(m)
		seed := fmt.Sprintf("corpus-%s-%s", name, sub[2])
		switch string(sub[1]) {
		case "KEY":
			return []byte(fakekey.New(seed))
		case "UUID":
			return []byte(negUUID(seed))
		}
		return []byte(strings.ToUpper(negUUID(seed)))
	})
}

var uuidRE = regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`)

// fakeKeys returns the distinct fake keys written in text.
func fakeKeys(text []byte) []string {
	seen := map[string]bool{}
	for _, u := range uuidRE.FindAll(text, -1) {
		if fakekey.IsFake(string(u)) {
			seen[string(u)] = true
		}
	}
	return sortedKeys(seen)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// matchedKeys returns the distinct keys that set finds in text.
func matchedKeys(set *Set, text []byte) []string {
	seen := map[string]bool{}
	for _, m := range set.Match(text) {
		seen[string(text[m.Start:m.End])] = true
	}
	return sortedKeys(seen)
}

// corpus reads (and with -update fills) every file of testdata/corpus/dir.
func corpus(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(corpusDir, dir))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range ents {
		p := filepath.Join(corpusDir, dir, e.Name())
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if filled := fillCorpus(e.Name(), data); *update && !bytes.Equal(filled, data) {
			if err := os.WriteFile(p, filled, 0o644); err != nil {
				t.Fatal(err)
			}
			data = filled
		}
		if placeholderRE.Match(data) {
			t.Errorf("%s: placeholders left; run go test ./rules -run TestCorpus -update", p)
		}
		files[e.Name()] = data
	}
	return files
}

// checkReproducible checks that every fake key in a corpus file is the
// one its seed gives, so -update would rewrite nothing.
func checkReproducible(t *testing.T, name string, data []byte) {
	t.Helper()
	valid := map[string]bool{}
	for n := 1; n <= 50; n++ {
		valid[fakekey.New(fmt.Sprintf("corpus-%s-%d", name, n))] = true
	}
	for _, k := range fakeKeys(data) {
		if !valid[k] {
			t.Errorf("%s: fake key %s is not from the seed corpus-%s-<n>", name, k, name)
		}
	}
}

func TestCorpus(t *testing.T) {
	set := New()
	pos, neg := corpus(t, "pos"), corpus(t, "neg")
	if len(pos) < 30 || len(neg) < 15 {
		t.Errorf("corpus has %d pos and %d neg files, want at least 30 and 15", len(pos), len(neg))
	}
	for name, data := range pos {
		checkReproducible(t, name, data)
		text, skip := Text(data)
		if skip != "" {
			t.Errorf("pos/%s: skipped: %s", name, skip)
			continue
		}
		want := fakeKeys(text)
		if len(want) == 0 {
			t.Errorf("pos/%s: holds no fake key", name)
		}
		if got := matchedKeys(set, text); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("pos/%s: matched keys\n  %v\nwant the file's fake keys\n  %v", name, got, want)
		}
	}
	for name, data := range neg {
		text, _ := Text(data)
		for _, m := range set.Match(text) {
			line, col := Position(text, m.Start)
			t.Errorf("neg/%s:%d:%d: %s match, want none", name, line, col, m.RuleID)
		}
	}
}

// TestCorpusEncodings checks that CRLF line ends, a UTF-8 BOM and UTF-16
// (LE and BE, with a BOM) give the same keys at the same lines and
// columns as the plain file.
func TestCorpusEncodings(t *testing.T) {
	set := New()
	for name, data := range corpus(t, "pos") {
		want := positions(set, data)
		crlf := bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
		variants := map[string][]byte{
			"crlf":     crlf,
			"bom":      append([]byte("\xef\xbb\xbf"), data...),
			"utf16le":  utf16Encode(data, binary.LittleEndian, true),
			"utf16be":  utf16Encode(data, binary.BigEndian, true),
			"crlf+bom": append([]byte("\xef\xbb\xbf"), crlf...),
		}
		for v, raw := range variants {
			text, skip := Text(raw)
			if skip != "" {
				t.Errorf("%s (%s): skipped: %s", name, v, skip)
				continue
			}
			if got := positions(set, text); got != want {
				t.Errorf("%s (%s): matches\n%s\nwant\n%s", name, v, got, want)
			}
		}
	}
}

// positions lists the keys set finds in text with their line and column.
func positions(set *Set, text []byte) string {
	var b strings.Builder
	for _, m := range set.Match(text) {
		line, col := Position(text, m.Start)
		fmt.Fprintf(&b, "%d:%d %s %s\n", line, col, m.RuleID, text[m.Start:m.End])
	}
	return b.String()
}

// utf16Encode encodes UTF-8 text as UTF-16, with a byte order mark when
// bom is set.
func utf16Encode(text []byte, order binary.AppendByteOrder, bom bool) []byte {
	units := utf16.Encode([]rune(string(text)))
	out := make([]byte, 0, 2+2*len(units))
	if bom {
		out = order.AppendUint16(out, 0xFEFF)
	}
	for _, u := range units {
		out = order.AppendUint16(out, u)
	}
	return out
}
