package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// TestHistoryNoteIsTheLeak: a notes file that says in words that the next
// line is the team's CAMB key leaks the key before any code uses it. The
// history scan must name the notes file's commit as where the key was
// introduced (issue 12: on a public repository a later commit was
// reported because the note was not read as a key).
func TestHistoryNoteIsTheLeak(t *testing.T) {
	fl := newFleet(t)
	key := fakekey.New("note " + t.Name())
	fl.repo("r", "readme.txt")
	fl.commit("r", "NOTES.md", "# Setup\n\nThe team's CAMB.AI API key (do not share):\n\n"+key+"\n")
	dir := filepath.Join(fl.root, "r")
	leak := strings.TrimSpace(hookGit(t, dir, "rev-parse", "HEAD"))
	fl.commit("r", "tts.py", "from camb.client import CambAI\n\nclient = CambAI(api_key=\""+key+"\")\n")

	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"git", "--format", "json", "--progress", "never", dir}, strings.NewReader(""), &stdout, &stderr, envOf())
	if code := exitCodeOf(err); code != 1 {
		t.Fatalf("exit %d, want 1: %v\n%s", code, err, stderr.String())
	}
	var r struct {
		Findings []struct {
			Rule, Path, Commit string
		} `json:"findings"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("%v\n%s", err, stdout.String())
	}
	var note bool
	for _, f := range r.Findings {
		if f.Path == "NOTES.md" {
			note = true
			if f.Rule != "camb-api-key-note" || f.Commit != leak {
				t.Errorf("NOTES.md: rule %s in %s, want camb-api-key-note in the leaking commit %s", f.Rule, f.Commit, leak)
			}
		}
	}
	if !note || len(r.Findings) != 2 {
		t.Errorf("findings %+v, want the note and the SDK call", r.Findings)
	}
}
