package redact

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cambscan/cambscan/internal/fakekey"
)

func TestKey(t *testing.T) {
	k := fakekey.New("redact-key")
	if got, want := Key(k), k[:4]+"..."+k[32:]; got != want {
		t.Errorf("Key = %q, want %q", got, want)
	}
	if got := Key("short-secret"); got != "[redacted]" {
		t.Errorf("Key(12 chars) = %q", got)
	}
}

func TestRedactorText(t *testing.T) {
	k1, k2, other := fakekey.New("redact-1"), fakekey.New("redact-2"), fakekey.New("redact-other")
	r := New([]string{k1, strings.ToUpper(k2), "", "x"}, false)
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"app.py", "app.py"},
		{"x.txt", "x.txt"}, // too short to be a key
		{k1 + ".env", Key(k1) + ".env"},
		{"dir/" + strings.ToUpper(k1) + "/x", "dir/" + Key(strings.ToUpper(k1)) + "/x"},
		{k1 + k2, Key(k1) + Key(k2)},
		{k1 + "-" + k2, Key(k1) + "-" + Key(k2)},
		{"a " + k2 + " b " + k1 + " c " + k2, "a " + Key(k2) + " b " + Key(k1) + " c " + Key(k2)},
		// A UUID that is no found key stays.
		{"task-" + other + ".json", "task-" + other + ".json"},
		// Almost a key: one byte short at the end of the text.
		{"x" + k1[:35], "x" + k1[:35]},
		{"https://u:" + k1 + "@host/" + k1, "https://host/" + Key(k1)},
	} {
		if got := r.Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.Contains(strings.ToLower(r.Text(tc.in)), k1) || strings.Contains(strings.ToLower(r.Text(tc.in)), k2) {
			t.Errorf("Text(%q) still holds a key", tc.in)
		}
	}
	if got := r.Secret(k1); got != Key(k1) {
		t.Errorf("Secret = %q", got)
	}

	show := New([]string{k1}, true)
	if got := show.Text("https://tok@h/" + k1); got != "https://h/"+k1 {
		t.Errorf("show: Text = %q", got)
	}
	if got := show.Secret(k1); got != k1 {
		t.Errorf("show: Secret = %q", got)
	}
	var none *Redactor
	if got := none.Text("https://tok@h/" + k1); got != "https://h/"+k1 {
		t.Errorf("nil: Text = %q", got)
	}
	if got := none.Secret(k1); got != Key(k1) {
		t.Errorf("nil: Secret = %q", got)
	}
}

// TestRedactorAnyShape covers keys that are not UUIDs, which take the
// slower per-key search.
func TestRedactorAnyShape(t *testing.T) {
	r := New([]string{"Hunter2-Secret-Value", fakekey.New("any")}, false)
	got := r.Text("a/hunter2-secret-VALUE/b and " + fakekey.New("any"))
	want := "a/hunt...ALUE/b and " + Key(fakekey.New("any"))
	if got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestDropUserinfo(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"/srv/repo.git", "/srv/repo.git"},
		{"https://github.com/org/repo.git", "https://github.com/org/repo.git"},
		{"https://x-access-token:TOKEN@github.com/org/repo.git", "https://github.com/org/repo.git"},
		{"https://TOKEN@github.com/org/repo.git", "https://github.com/org/repo.git"},
		{"http://u:p@127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"ssh://git@github.com/org/repo.git", "ssh://github.com/org/repo.git"},
		{"https://me@example.com:pa:ss@host/r", "https://host/r"},
		{"https://u:p%40w@host/r?x=1#f", "https://host/r?x=1#f"},
		// scp-like addresses keep their user.
		{"git@github.com:org/repo.git", "git@github.com:org/repo.git"},
		// An "@" after the authority is part of the path.
		{"https://host/@scope/pkg", "https://host/@scope/pkg"},
		{"file:///srv/a@b/repo", "file:///srv/a@b/repo"},
		// Inside longer text, quoted or not, twice.
		{`clone "https://u:TOKEN@host/r.git": authentication required`, `clone "https://host/r.git": authentication required`},
		{"clone https://u:TOKEN@host/r.git: repository not found: ", "clone https://host/r.git: repository not found: "},
		{"a https://A@h1 b http://B@h2/x", "a https://h1 b http://h2/x"},
		{"'https://u:p@h'", "'https://h'"},
		// Not a URL.
		{"see ://x@y", "see ://x@y"},
	} {
		if got := DropUserinfo(tc.in); got != tc.want {
			t.Errorf("DropUserinfo(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"app/client.py", "app/client.py"},
		{"web/my file.js", "web/my file.js"},
		{"docs/ünï:code#1.md", "docs/ünï:code#1.md"},
		{"", ""},
		{"a\tb", `"a\tb"`},
		{"a\nb", `"a\nb"`},
		{"\x1b[2Jx", `"\033[2Jx"`},
		{"\x7f", `"\177"`},
		{`say "hi"`, `"say \"hi\""`},
		{"bad\xffutf8", `"bad\377utf8"`},
		{"rtl\u202etxt.exe", `"rtl\342\200\256txt.exe"`},
		{"c1\u009b31m", `"c1\302\23331m"`},
		{"sep\u2028x", `"sep\342\200\250x"`},
	} {
		if got := Quote(tc.in); got != tc.want {
			t.Errorf("Quote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if runtime.GOOS != "windows" {
		if got := Quote(`a\b`); got != `"a\\b"` {
			t.Errorf(`Quote(a\b) = %s`, got)
		}
	}
}

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"binary (NUL byte in the first 8 KB)", "binary (NUL byte in the first 8 KB)"},
		{`open "C:\x": denied`, `open "C:\x": denied`},
		{"remote: \x1b]0;pwned\x07done", `remote: \033]0;pwned\adone`},
		{"line\nscanned 1 file (1 B) in 0s: no CAMB.AI keys found", `line\nscanned 1 file (1 B) in 0s: no CAMB.AI keys found`},
	} {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestQuoteAgreesWithGit compares Quote with the names git ls-files
// prints (core.quotePath off, so that only the ASCII rules are compared:
// git then passes every byte over 127 through, where Quote escapes
// invalid UTF-8 and non-graphic characters).
func TestQuoteAgreesWithGit(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("names with control characters are not allowed on Windows")
	}
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	names := []string{"plain.txt", "with space", "tab\there", "nl\nhere", "esc\x1b[31m", "quote\"d", `back\slash`, "del\x7f", "bell\a", "cr\r", "mix\x01\x1f"}
	dir := t.TempDir()
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) string {
		cmd := exec.Command(git, args...)
		cmd.Dir = dir
		cmd.Env = append(cmd.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run("init", "-q")
	run("add", ".")
	got := strings.Split(strings.TrimSuffix(run("-c", "core.quotePath=false", "ls-files"), "\n"), "\n")
	want := map[string]bool{}
	for _, n := range names {
		want[Quote(n)] = true
	}
	for _, g := range got {
		if !want[g] {
			t.Errorf("git prints %s, which Quote gives for none of the names", g)
		}
	}
	if len(got) != len(names) {
		t.Errorf("git lists %d names, want %d", len(got), len(names))
	}
}

// FuzzQuote: a quoted name is one line of printable UTF-8 that
// strconv.Unquote turns back into the name.
func FuzzQuote(f *testing.F) {
	for _, s := range []string{"a", "a\nb", "\x1b[2J", `"\`, "\xff\xfe", "\u202e", "ü", "\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Quote(s)
		e := Escape(s)
		for _, out := range []string{q, e} {
			if !utf8.ValidString(out) {
				t.Fatalf("%q: invalid UTF-8 in %q", s, out)
			}
			if !plain(out, false) {
				t.Fatalf("%q: %q still needs escaping", s, out)
			}
		}
		if q == s {
			if !plain(s, true) {
				t.Fatalf("%q printed as is", s)
			}
			return
		}
		if !quoteBackslash {
			return
		}
		u, err := strconv.Unquote(q)
		if err != nil || u != s {
			t.Fatalf("Unquote(%s) = %q, %v; want %q", q, u, err, s)
		}
	})
}

// FuzzText: no key survives Text, whatever surrounds it.
func FuzzText(f *testing.F) {
	k := fakekey.New("fuzz-text")
	f.Add("", "")
	f.Add("https://u:p@", ".env")
	f.Add("-4", "-4aaaa")
	f.Add(k[:20], k[10:])
	f.Fuzz(func(t *testing.T, pre, post string) {
		r := New([]string{k}, false)
		for _, s := range []string{pre + k + post, pre + strings.ToUpper(k) + post} {
			if got := r.Text(s); strings.Contains(asciiLower(got), k) {
				t.Fatalf("Text(%q) = %q holds the key", s, got)
			}
		}
	})
}
