package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

func envOf(kv ...string) env {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// TestUseColor is the decision table of --color and the environment.
func TestUseColor(t *testing.T) {
	tests := []struct {
		mode string
		tty  bool
		env  []string
		want bool
	}{
		{"auto", true, nil, true},
		{"auto", false, nil, false},
		{"auto", true, []string{"NO_COLOR", "1"}, false},
		{"auto", true, []string{"NO_COLOR", "0"}, false}, // any non-empty value
		{"auto", true, []string{"NO_COLOR", ""}, true},
		{"auto", false, []string{"CLICOLOR_FORCE", "1"}, true},
		{"auto", false, []string{"CLICOLOR_FORCE", "0"}, false},
		{"auto", true, []string{"CLICOLOR_FORCE", "0"}, true},
		{"auto", false, []string{"NO_COLOR", "1", "CLICOLOR_FORCE", "1"}, false},
		{"auto", true, []string{"TERM", "dumb"}, false},
		{"auto", true, []string{"TERM", "xterm-256color"}, true},
		{"auto", false, []string{"TERM", "dumb", "CLICOLOR_FORCE", "yes"}, true},
		{"always", false, []string{"NO_COLOR", "1", "TERM", "dumb"}, true},
		{"never", true, []string{"CLICOLOR_FORCE", "1"}, false},
	}
	for _, tt := range tests {
		if got := useColor(tt.mode, tt.tty, envOf(tt.env...)); got != tt.want {
			t.Errorf("useColor(%s, tty %v, %q) = %v, want %v", tt.mode, tt.tty, tt.env, got, tt.want)
		}
	}
}

// TestColorCLI runs scans with a finding and checks that the text report
// on stdout carries ANSI escapes exactly when it should, that --report
// files never do, and that a bad --color is a usage error.
func TestColorCLI(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.py"), []byte(`h = {"x-api-key": "`+fakekey.New("color")+`"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	txt := filepath.Join(t.TempDir(), "r.txt")
	tests := []struct {
		args []string
		env  []string
		want bool
	}{
		{[]string{"scan", dir}, nil, false}, // stdout is a buffer, not a terminal
		{[]string{"scan", "--color", "always", dir}, nil, true},
		{[]string{"scan", "--color=always", "--report", txt, dir}, []string{"NO_COLOR", "1"}, true},
		{[]string{"scan", dir}, []string{"CLICOLOR_FORCE", "1"}, true},
		{[]string{"scan", dir}, []string{"CLICOLOR_FORCE", "1", "NO_COLOR", "x"}, false},
		{[]string{"scan", "--color", "never", dir}, []string{"CLICOLOR_FORCE", "1"}, false},
		{[]string{"git", "--color", "always", "--progress", "never", dir}, nil, false}, // no git repository: exit 2, no report
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), tt.args, nil, &stdout, &stderr, envOf(tt.env...))
		got := strings.Contains(stdout.String(), "\033[")
		if got != tt.want {
			t.Errorf("%q %q: colour %v, want %v (exit %d)\n%s", tt.args, tt.env, got, tt.want, exitCodeOf(err), stdout.String())
		}
		if tt.want && exitCodeOf(err) != 1 {
			t.Errorf("%q: exit %d, want 1", tt.args, exitCodeOf(err))
		}
	}
	if b, err := os.ReadFile(txt); err != nil || strings.Contains(string(b), "\033") || !strings.Contains(string(b), "a.py:1:") {
		t.Errorf("--report r.txt: %v, %q; want the findings without colour", err, b)
	}
	for _, cmd := range []string{"scan", "git", "staged", "pre-push"} {
		err := run(t.Context(), []string{cmd, "--color", "sometimes"}, nil, &bytes.Buffer{}, &bytes.Buffer{}, envOf())
		if exitCodeOf(err) != 2 || !strings.Contains(err.Error(), "--color must be auto, always or never") {
			t.Errorf("%s --color sometimes: exit %d, %v", cmd, exitCodeOf(err), err)
		}
	}
}

// TestDumbTerminalNoProgress: under TERM=dumb the auto progress line
// (which erases itself with ESC [ K) stays off even on a terminal.
func TestDumbTerminalNoProgress(t *testing.T) {
	c := &config{isTTY: true, flags: scanFlags{progress: "auto", jobs: 1}, getenv: envOf("TERM", "dumb")}
	if scanOptions(c, os.Stderr).Progress != nil {
		t.Error("TERM=dumb: progress line on")
	}
	c.getenv = envOf("TERM", "xterm")
	if scanOptions(c, os.Stderr).Progress == nil {
		t.Error("TERM=xterm on a terminal: progress line off")
	}
	c.getenv, c.flags.progress = envOf("TERM", "dumb"), "always"
	if scanOptions(c, os.Stderr).Progress == nil {
		t.Error("--progress always under TERM=dumb: progress line off")
	}
}
