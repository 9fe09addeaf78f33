package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// helpOutputs returns every help text cambscan prints, by the command
// line that prints it.
func helpOutputs(t *testing.T) map[string]string {
	t.Helper()
	lines := [][]string{{"help"}, {"--help"}, {"hook", "--help"}, {"completion", "--help"}}
	for _, c := range commands() {
		lines = append(lines, []string{"help", c.name})
		if c.flags != nil {
			lines = append(lines, []string{c.name, "--help"})
		}
	}
	out := map[string]string{}
	for _, args := range lines {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), args, nil, &stdout, &stderr, envOf())
		if code := exitCodeOf(err); code != 0 || stdout.Len() == 0 {
			t.Fatalf("%q: exit %d, %d bytes of help; stderr %s", args, code, stdout.Len(), stderr.String())
		}
		out[strings.Join(args, " ")] = stdout.String()
	}
	return out
}

// TestHelpWidth: no line of any help text is wider than 80 columns.
func TestHelpWidth(t *testing.T) {
	for args, help := range helpOutputs(t) {
		for _, l := range strings.Split(help, "\n") {
			if n := len([]rune(l)); n > helpWidth {
				t.Errorf("cambscan %s: a line of %d columns:\n%s", args, n, l)
			}
		}
		if strings.Contains(help, "[=true|false]") {
			t.Errorf("cambscan %s: switches are shown with [=true|false]", args)
		}
	}
}

func TestWrapText(t *testing.T) {
	got := wrapText("aa bb cc dd ee", 5, "  ")
	if want := "aa bb\n  cc dd\n  ee"; got != want {
		t.Errorf("wrapText = %q, want %q", got, want)
	}
	if got := wrapText("averyveryverylongword x", 5, ""); got != "averyveryverylongword\nx" {
		t.Errorf("a long word: %q", got)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{
		{"scan", "scan", 0}, {"scna", "scan", 1}, {"sacn", "scan", 1}, {"scn", "scan", 1},
		{"scaan", "scan", 1}, {"exlude", "exclude", 1}, {"stagde", "staged", 1},
		{"", "git", 3}, {"hook", "", 4}, {"verfy", "verify", 1}, {"abc", "xyz", 3},
	} {
		if d := editDistance(tt.a, tt.b); d != tt.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, d, tt.d)
		}
	}
}

// TestDidYouMean: mistyped commands, subcommands and flags get the
// closest name in their usage error; far-off words get none.
func TestDidYouMean(t *testing.T) {
	tests := []struct {
		args []string
		want string // "" means no suggestion
	}{
		{[]string{"scna"}, `unknown command "scna"; did you mean 'cambscan scan'?`},
		{[]string{"gti", "."}, "did you mean 'cambscan git'?"},
		{[]string{"stagde"}, "did you mean 'cambscan staged'?"},
		{[]string{"hoook", "install"}, "did you mean 'cambscan hook'?"},
		{[]string{"completoin", "bash"}, "did you mean 'cambscan completion'?"},
		{[]string{"frobnicate"}, ""},
		{[]string{"xy"}, ""},
		{[]string{"scan", "--exlude", "x"}, "unknown flag: --exlude; did you mean --exclude?"},
		{[]string{"scan", "--exlude=x"}, "did you mean --exclude?"},
		{[]string{"git", "--rnage", "a..b"}, "did you mean --range?"},
		{[]string{"scan", "--colour", "never"}, "did you mean --color?"},
		{[]string{"staged", "--quite"}, "did you mean --quiet?"},
		{[]string{"scan", "--no-such-flag"}, ""},
		{[]string{"scan", "--ref", "HEAD"}, ""}, // a git flag: ref is 3 edits from every scan flag
		{[]string{"hook", "instal"}, `did you mean "install"?`},
		{[]string{"hook", "--pre-psuh", "install"}, "did you mean --pre-push?"},
		{[]string{"completion", "fihs"}, `did you mean "fish"?`},
		{[]string{"help", "sacn"}, "did you mean 'cambscan scan'?"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), tt.args, nil, &stdout, &stderr, envOf())
		if code := exitCodeOf(err); code != 2 {
			t.Errorf("%q: exit %d, want 2", tt.args, code)
			continue
		}
		msg := err.Error()
		if tt.want == "" {
			if strings.Contains(msg, "did you mean") {
				t.Errorf("%q: unexpected suggestion in %q", tt.args, msg)
			}
			continue
		}
		if !strings.Contains(msg, tt.want) {
			t.Errorf("%q: message %q lacks %q", tt.args, msg, tt.want)
		}
	}
}

// TestCommandTable: the table that completions and the man page come
// from names the commands of the usage text, and each one runs.
func TestCommandTable(t *testing.T) {
	var table []string
	for _, c := range commands() {
		table = append(table, c.name)
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{c.name, "--help"}, nil, &stdout, &stderr, envOf())
		if err != nil && strings.Contains(err.Error(), "unknown command") {
			t.Errorf("%s is in the table but not dispatched", c.name)
		}
	}
	var usage []string
	for _, m := range regexp.MustCompile(`(?m)^  cambscan ([a-z-]+)`).FindAllStringSubmatch(usageText, -1) {
		usage = append(usage, m[1])
	}
	slices.Sort(table)
	slices.Sort(usage)
	if !slices.Equal(table, usage) {
		t.Errorf("command table %q, usage text %q: add the command to commands() (commands.go)", table, usage)
	}
}

// TestFlagValuesAccepted: every value the completions offer is one the
// command accepts.
func TestFlagValuesAccepted(t *testing.T) {
	dir := t.TempDir()
	for _, c := range commands() {
		if c.flags == nil || !takesFiles(c) {
			continue
		}
		c.flags().VisitAll(func(f *pflag.Flag) {
			for _, v := range flagValues(f.Name) {
				args := []string{c.name, "--" + f.Name, v}
				if v == "live" {
					args = append(args, "--verify", "--verify-url", "http://127.0.0.1:1")
				}
				if c.name != "staged" {
					args = append(args, dir)
				}
				var stdout, stderr bytes.Buffer
				err := run(t.Context(), args, nil, &stdout, &stderr, envOf())
				if err != nil && strings.Contains(err.Error(), "--"+f.Name) {
					t.Errorf("%q: completion offers a value the command refuses: %v", args, err)
				}
			}
		})
	}
}

// TestCompletionScripts: each script names every command and flag, passes
// its shell's syntax check where the shell is installed, and completes
// for real in bash and fish.
func TestCompletionScripts(t *testing.T) {
	dir := t.TempDir()
	for _, shell := range completionShells() {
		var stdout, stderr bytes.Buffer
		if err := run(t.Context(), []string{"completion", shell}, nil, &stdout, &stderr, envOf()); err != nil {
			t.Fatalf("completion %s: %v", shell, err)
		}
		script := stdout.String()
		for _, c := range commands() {
			if !strings.Contains(script, c.name) {
				t.Errorf("%s: command %s missing", shell, c.name)
			}
			for _, f := range compFlags(c) {
				if !regexp.MustCompile(`(^|[^a-z-])-?-?` + regexp.QuoteMeta(f.long) + `\b`).MatchString(script) {
					t.Errorf("%s: flag --%s of %s missing", shell, f.long, c.name)
				}
			}
		}
		file := filepath.Join(dir, "cambscan."+shell)
		if err := os.WriteFile(file, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		check := map[string][]string{"bash": {"bash", "-n", file}, "zsh": {"zsh", "-n", file}, "fish": {"fish", "-n", file}, "powershell": {"pwsh", "-NoProfile", "-Command", "$null = [System.Management.Automation.Language.Parser]::ParseFile('" + file + "', [ref]$null, [ref]$e); if ($e) { $e; exit 1 }"}}[shell]
		if _, err := exec.LookPath(check[0]); err != nil {
			t.Logf("%s not installed: %s script not syntax-checked", check[0], shell)
			continue
		}
		if out, err := exec.Command(check[0], check[1:]...).CombinedOutput(); err != nil {
			t.Errorf("%s rejects the %s script: %v\n%s", check[0], shell, err, out)
		}
	}
	if _, err := exec.LookPath("bash"); err == nil {
		for _, tt := range []struct{ line, want string }{
			{"cambscan sc", "scan"},
			{"cambscan scan --col", "--color"},
			{"cambscan scan --format j", "json jsonl"},
			{"cambscan git --git-backend ", "auto go exec"},
			{"cambscan hook un", "uninstall"},
			{"cambscan completion f", "fish"},
		} {
			words := strings.Fields(tt.line)
			if strings.HasSuffix(tt.line, " ") {
				words = append(words, "")
			}
			var quoted []string
			for _, w := range words {
				quoted = append(quoted, "'"+w+"'")
			}
			sh := "source " + filepath.Join(dir, "cambscan.bash") + "; COMP_WORDS=(" + strings.Join(quoted, " ") + "); COMP_CWORD=" + strconv.Itoa(len(words)-1) + "; _cambscan; echo \"${COMPREPLY[*]}\""
			out, err := exec.Command("bash", "-c", sh).CombinedOutput()
			if got := strings.TrimSpace(string(out)); err != nil || got != tt.want {
				t.Errorf("bash %q: %q (%v), want %q", tt.line, got, err, tt.want)
			}
		}
	}
	if _, err := exec.LookPath("fish"); err == nil {
		out, err := exec.Command("fish", "--no-config", "-c", "source "+filepath.Join(dir, "cambscan.fish")+"; complete -C 'cambscan scan --fail-on '").CombinedOutput()
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			got = append(got, strings.Split(l, "\t")[0])
		}
		if err != nil || !slices.Equal(got, []string{"any", "live", "none"}) {
			t.Errorf("fish: %q (%v), want any live none", out, err)
		}
	}
}

// TestManPage: docs/cambscan.1 is what 'cambscan help man' prints
// (go test -run TestManPage -update rewrites it), it documents every
// command and flag, and man(1) formats it without warnings.
func TestManPage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"help", "man"}, nil, &stdout, &stderr, envOf()); err != nil {
		t.Fatal(err)
	}
	page := stdout.String()
	golden(t, filepath.Join(goldenRoot, "docs", "cambscan.1"), page)
	for _, c := range commands() {
		if !strings.Contains(page, ".SS \"cambscan "+roffText(c.name)) {
			t.Errorf("man page lacks a section for %s", c.name)
		}
		for _, f := range compFlags(c) {
			if f.long != "help" && !strings.Contains(page, `\fB\-\-`+roffText(f.long)+`\fR`) {
				t.Errorf("man page lacks --%s of %s", f.long, c.name)
			}
		}
	}
	if _, err := exec.LookPath("groff"); err != nil {
		t.Log("groff not installed: the man page is not formatted")
		return
	}
	cmd := exec.Command("groff", "-man", "-Tutf8", "-ww", "-z")
	cmd.Stdin = strings.NewReader(page)
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("groff -ww: %v\n%s", err, out)
	}
}
