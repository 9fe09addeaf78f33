package scanner_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/cambscan/cambscan/scanner"
)

// TestSkipTexts pins the reason and summary label of every skip class:
// reports show them, and they are the texts the sources built themselves
// before skips were typed.
func TestSkipTexts(t *testing.T) {
	corrupt := scanner.Skip{Class: scanner.SkipCorrupt, Detail: "corrupt object: zlib: invalid header"}
	for _, c := range []struct {
		skip          scanner.Skip
		reason, label string
	}{
		{scanner.Skip{Class: scanner.SkipTooLarge, Size: 20, Limit: 10}, "larger than --max-file-size (20 > 10 bytes)", "too large"},
		{scanner.Skip{Class: scanner.SkipTooLarge, Limit: 10}, "larger than --max-file-size (more than 10 bytes)", "too large"},
		{scanner.Skip{Class: scanner.SkipTooLarge, Size: 20, Limit: 10, DeltaBase: true}, "larger than --max-file-size (20 > 10 bytes); too large to read as a delta base", "too large"},
		{scanner.Skip{Class: scanner.SkipTooLarge, Size: 20, Limit: 10, DeltaBase: true, Detail: "20 bytes"}, "larger than --max-file-size (20 > 10 bytes) (20 bytes); too large to read as a delta base", "too large"},
		{scanner.Skip{Class: scanner.SkipBinary}, "binary", "binary"},
		{scanner.Skip{Class: scanner.SkipUndecodable, Detail: "undecodable UTF-16 (odd length)"}, "undecodable UTF-16 (odd length)", "undecodable UTF-16"},
		{scanner.Skip{Class: scanner.SkipNotRegular}, "not a regular file", "not a regular file"},
		{scanner.Skip{Class: scanner.SkipSymlink}, "symbolic link (not followed)", "symbolic link"},
		{scanner.Skip{Class: scanner.SkipLinkOutside}, "symbolic link to a path outside the scanned root, not followed", "symbolic link to a path outside the scanned root, not followed"},
		{scanner.Skip{Class: scanner.SkipLinkBroken}, "broken symbolic link or link loop", "broken symbolic link or link loop"},
		{scanner.Skip{Class: scanner.SkipUnreadable, Detail: "permission denied"}, "permission denied", "permission denied"},
		{scanner.Skip{Class: scanner.SkipUnreadablePath, Detail: "no such file or directory"}, "unreadable: no such file or directory", "unreadable"},
		{scanner.Skip{Class: scanner.SkipUnreadableDir, Detail: "permission denied"}, "unreadable directory: permission denied", "unreadable directory"},
		{scanner.Skip{Class: scanner.SkipUnreadableBlob, Detail: "missing object ab"}, "staged blob unreadable: missing object ab", "staged blob unreadable"},
		{scanner.Skip{Class: scanner.SkipUnreadableObject, Detail: "read: EIO"}, "unreadable object: read: EIO", "unreadable object"},
		{scanner.Skip{Class: scanner.SkipUnreadablePack, Detail: "truncated index"}, "unreadable pack: truncated index", "unreadable pack"},
		{corrupt, "corrupt object: zlib: invalid header", "corrupt object"},
		{scanner.Skip{Class: scanner.SkipMissing}, "missing object (not in this clone; cambscan never fetches)", "missing object"},
		{scanner.Skip{Class: scanner.SkipMissing, Detail: "missing object 0123"}, "missing object 0123", "missing object"},
		{scanner.Skip{Class: scanner.SkipDeltaBase, Base: &corrupt}, "delta base skipped: corrupt object: zlib: invalid header", "delta base skipped"},
		{scanner.Skip{Class: scanner.SkipConflict}, "unresolved merge conflict (resolve it and git add the file)", "unresolved merge conflict"},
		{scanner.Skip{Class: scanner.SkipSparse}, "sparse-index directory entry that differs from HEAD (run git sparse-checkout disable to scan it)", "sparse-index directory entry that differs from HEAD"},
		{scanner.Skip{Class: scanner.SkipCancelled}, "scan cancelled", "scan cancelled"},
		{scanner.Skip{Class: scanner.SkipFailed, Detail: "scan nope: no such file or directory"}, "scan nope: no such file or directory", "scan nope"},
	} {
		if got := c.skip.Reason(); got != c.reason {
			t.Errorf("class %d: Reason = %q, want %q", c.skip.Class, got, c.reason)
		}
		if got := c.skip.Label(); got != c.label {
			t.Errorf("class %d: Label = %q, want %q", c.skip.Class, got, c.label)
		}
	}
}

// TestSkipJSON checks the wire form of a skip: target, path and the
// reason text, with HTML characters escaped as the encoder escapes them.
func TestSkipJSON(t *testing.T) {
	s := scanner.Skip{Target: "t", Path: "a<b>&c", Class: scanner.SkipUnreadable, Detail: "<&>"}
	b, err := json.Marshal(s)
	want := `{"target":"t","path":"a\u003cb\u003e\u0026c","reason":"\u003c\u0026\u003e"}`
	if err != nil || string(b) != want {
		t.Errorf("json = %s, %v; want %s", b, err, want)
	}
}

func TestTooLargeError(t *testing.T) {
	var err error = &scanner.TooLargeError{Size: 5, Limit: 3}
	if !errors.Is(err, scanner.ErrTooLarge) || err.Error() != "larger than --max-file-size (5 > 3 bytes)" {
		t.Errorf("err = %v", err)
	}
}
