package staged

import (
	"strings"
	"testing"
)

// TestStagedMerge covers a merge whose conflict is resolved and staged: what
// the merged branch committed is not new, what the resolution writes is.
func TestStagedMerge(t *testing.T) {
	r := newStRepo(t)
	r.write("conf.py", stLines("base = 1", "x = 0"))
	r.write("shared.py", stLines("s"))
	r.commitAll("base")
	r.git("checkout", "-q", "-b", "topic")
	r.write("topic.py", stLines(k("topic"))) // a key committed on the branch
	r.write("conf.py", stLines("base = 1", "x = 2"))
	r.write("shared.py", stLines("s", k("topic-shared")))
	r.commitAll("topic")
	r.git("checkout", "-q", "main")
	r.write("conf.py", stLines("base = 1", "x = 3"))
	r.write("shared.py", stLines("s", "main line"))
	r.commitAll("main")

	if out, ok := r.gitMayFail("merge", "-q", "topic"); ok {
		t.Fatalf("merge had no conflict:\n%s", out)
	}
	// Unresolved: the conflicted paths are skipped with a warning.
	res := stScan(t, r.dir, Options{})
	wantFindings(t, res, nil, "topic", "topic-shared")
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "2 paths have an unresolved merge conflict") ||
		!strings.Contains(res.Warnings[0], "conf.py") {
		t.Errorf("warnings = %q, want one about the 2 unresolved paths", res.Warnings)
	}
	skipped := map[string]string{}
	for _, s := range res.Skipped {
		skipped[s.Path] = s.Reason()
	}
	if !strings.Contains(skipped["conf.py"], "unresolved merge conflict") || !strings.Contains(skipped["shared.py"], "unresolved merge conflict") {
		t.Errorf("skipped = %v, want conf.py and shared.py as unresolved", res.Skipped)
	}

	// Resolved: topic.py comes from the branch unchanged and is not read;
	// shared.py keeps both sides (the branch's key is not new), and the
	// resolution of conf.py adds a key of its own.
	r.write("conf.py", stLines("base = 1", "x = 4", k("resolution")))
	r.write("shared.py", stLines("s", "main line", k("topic-shared")))
	// A copy of a file that only the merged branch has adds nothing either.
	r.write("copy-of-topic.py", stLines(k("topic")))
	r.git("add", "conf.py", "shared.py", "copy-of-topic.py")
	res = stScan(t, r.dir, Options{})
	wantFindings(t, res, []string{"conf.py:3 resolution"}, "topic", "topic-shared", "resolution")
	if len(res.Warnings) != 0 {
		t.Errorf("warnings after resolution: %q", res.Warnings)
	}
	if res.Stats.Files != 3 {
		t.Errorf("read %d blobs, want 3 (conf.py, shared.py, copy-of-topic.py; topic.py is the branch's blob)", res.Stats.Files)
	}
}
