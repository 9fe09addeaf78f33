package git

import "testing"

func TestApplyDelta(t *testing.T) {
	base := []byte("0123456789abcdef")
	// base size 16, result size 10: copy 4 bytes from offset 2, insert
	// "XYZ", copy 3 bytes from offset 12.
	delta := []byte{16, 10, 0x91, 2, 4, 3, 'X', 'Y', 'Z', 0x91, 12, 3}
	got, err := applyDelta(base, delta)
	if err != nil || string(got) != "2345XYZcde" {
		t.Fatalf("applyDelta = %q, %v", got, err)
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
		if _, err := applyDelta(base, bad); err == nil {
			t.Errorf("delta %v accepted", bad)
		}
	}
}

func FuzzPackApplyDelta(f *testing.F) {
	f.Add([]byte("0123456789abcdef"), []byte{16, 10, 0x91, 2, 4, 3, 'X', 'Y', 'Z', 0x91, 12, 3})
	f.Add([]byte{}, []byte{0, 0x80, 0x80, 0x80, 0x80, 1})
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		out, err := applyDelta(base, delta)
		if err == nil {
			if _, size, _, _ := deltaSizes(delta); int64(len(out)) != size {
				t.Fatalf("result %d bytes, header says %d", len(out), size)
			}
		}
	})
}
