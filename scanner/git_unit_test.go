package scanner

import (
	"bytes"
	"testing"
)

func TestPackApplyDelta(t *testing.T) {
	base := []byte("0123456789abcdef")
	// base size 16, result size 10: copy 4 bytes from offset 2, insert
	// "XYZ", copy 3 bytes from offset 12.
	delta := []byte{16, 10, 0x91, 2, 4, 3, 'X', 'Y', 'Z', 0x91, 12, 3}
	got, err := packApplyDelta(base, delta)
	if err != nil || string(got) != "2345XYZcde" {
		t.Fatalf("packApplyDelta = %q, %v", got, err)
	}
	for _, bad := range [][]byte{
		{15, 10, 0x91, 2, 4},  // wrong base size
		{16, 10, 0x91, 14, 4}, // copy past the base
		{16, 3, 5, 'a', 'b'},  // insert past the delta
		{16, 2, 0},            // reserved opcode
		{16, 4, 0x91, 0, 2},   // result too short
		{16, 1, 0x91, 0, 2},   // result too long
		{0x80},                // truncated header
	} {
		if _, err := packApplyDelta(base, bad); err == nil {
			t.Errorf("delta %v accepted", bad)
		}
	}
}

func FuzzPackApplyDelta(f *testing.F) {
	f.Add([]byte("0123456789abcdef"), []byte{16, 10, 0x91, 2, 4, 3, 'X', 'Y', 'Z', 0x91, 12, 3})
	f.Add([]byte{}, []byte{0, 0x80, 0x80, 0x80, 0x80, 1})
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		out, err := packApplyDelta(base, delta)
		if err == nil {
			if _, size, _, _ := packDeltaSizes(delta); int64(len(out)) != size {
				t.Fatalf("result %d bytes, header says %d", len(out), size)
			}
		}
	})
}

func FuzzTreeEntries(f *testing.F) {
	f.Add([]byte("100644 a.py\x00" + string(bytes.Repeat([]byte{1}, 20)) + "40000 dir\x00" + string(bytes.Repeat([]byte{2}, 20))))
	f.Add([]byte("100644 x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		err := eachTreeEntry(data, func(e *gitTreeEntry) {
			n++
			if bytes.IndexByte(e.name, 0) >= 0 {
				t.Fatalf("name with NUL: %q", e.name)
			}
		})
		if err == nil && len(data) > 0 && n == 0 {
			t.Fatal("no entries and no error")
		}
	})
}

func TestParseGitSignature(t *testing.T) {
	name, email, when := parseGitSignature([]byte("Ada Lovelace <ada@example.com> 1700000000 -0130"))
	if name != "Ada Lovelace" || email != "ada@example.com" || when.Unix() != 1700000000 {
		t.Fatalf("= %q %q %v", name, email, when)
	}
	if _, off := when.Zone(); off != -(3600 + 1800) {
		t.Errorf("zone offset %d", off)
	}
	if n, e, w := parseGitSignature([]byte("broken")); n != "broken" || e != "" || !w.IsZero() {
		t.Errorf("broken signature = %q %q %v", n, e, w)
	}
}

// TestGitTotal checks that the progress total is the number of blobs
// the scan then reads.
func TestGitTotal(t *testing.T) {
	repo := generated(t)
	src := NewGitSource(repo.Dir, GitOptions{})
	n, bytes := src.(Totaler).Total()
	res, err := Run(t.Context(), []Source{src}, Options{})
	src.(interface{ Close() error }).Close()
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 || bytes == 0 || n != res.Stats.Files+res.Stats.Skipped {
		t.Errorf("Total() = %d, %d; scanned %d, skipped %d", n, bytes, res.Stats.Files, res.Stats.Skipped)
	}
}
