package git

import (
	"bytes"
	"testing"
)

func FuzzTreeEntries(f *testing.F) {
	f.Add([]byte("100644 a.py\x00" + string(bytes.Repeat([]byte{1}, 20)) + "40000 dir\x00" + string(bytes.Repeat([]byte{2}, 20))))
	f.Add([]byte("100644 x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		err := EachTreeEntry(data, func(e *TreeEntry) {
			n++
			if bytes.IndexByte(e.Name, 0) >= 0 {
				t.Fatalf("name with NUL: %q", e.Name)
			}
		})
		if err == nil && len(data) > 0 && n == 0 {
			t.Fatal("no entries and no error")
		}
	})
}

func TestParseSignature(t *testing.T) {
	name, email, when := ParseSignature([]byte("Ada Lovelace <ada@example.com> 1700000000 -0130"))
	if name != "Ada Lovelace" || email != "ada@example.com" || when.Unix() != 1700000000 {
		t.Fatalf("= %q %q %v", name, email, when)
	}
	if _, off := when.Zone(); off != -(3600 + 1800) {
		t.Errorf("zone offset %d", off)
	}
	if n, e, w := ParseSignature([]byte("broken")); n != "broken" || e != "" || !w.IsZero() {
		t.Errorf("broken signature = %q %q %v", n, e, w)
	}
}
