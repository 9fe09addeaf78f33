package staged

import (
	"archive/zip"
	"bytes"
	"testing"
)

// TestStagedArchive: a key in a member of a staged archive is found at its
// line inside the member, and a copy of a committed archive adds nothing.
func TestStagedArchive(t *testing.T) {
	jar := func(lines string) string {
		var b bytes.Buffer
		w := zip.NewWriter(&b)
		f, _ := w.Create("conf/app.py")
		f.Write([]byte(lines))
		w.Close()
		return b.String()
	}
	r := newStRepo(t)
	r.write("lib/old.jar", jar(stLines("a", k("committed"))))
	r.commitAll("one")
	r.write("lib/app.jar", jar(stLines("x = 1", "y = 2", k("new"))))
	r.write("lib/copy.jar", jar(stLines("a", k("committed"))))
	r.git("add", "-A")
	wantFindings(t, stScan(t, r.dir, Options{}), []string{"lib/app.jar!conf/app.py:3 new"}, "new", "committed")
}
