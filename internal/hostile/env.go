package hostile

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// An Env is the workspace of one case: a directory, the keys the case
// planted, and what to stop when it ends.
type Env struct {
	ID   string
	Dir  string // the case's temporary directory
	keys []string
	// secrets are other strings that must never be printed (URL
	// credentials).
	secrets []string
	cleanup []func()
	keep    bool
	bigRepo string
}

func newEnv(id string, o Options) (*Env, error) {
	dir, err := os.MkdirTemp(o.TmpDir, "cambscan-hostile-"+id+"-")
	if err != nil {
		return nil, err
	}
	// Resolve symlinks (macOS /var -> /private/var) so paths compare.
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	e := &Env{ID: id, Dir: dir, keep: o.Keep, bigRepo: o.BigRepo}
	if err := os.Mkdir(e.Path("home"), 0o755); err != nil {
		return nil, err
	}
	if err := os.Mkdir(e.Path("tmp"), 0o755); err != nil {
		return nil, err
	}
	return e, nil
}

// close stops the case's servers and removes its directory.
func (e *Env) close() {
	for i := len(e.cleanup) - 1; i >= 0; i-- {
		e.cleanup[i]()
	}
	if !e.keep {
		// A case may leave read-only directories (git objects) or a
		// directory owned by another uid; both are ours to remove.
		filepath.WalkDir(e.Dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
		os.RemoveAll(e.Dir)
	}
}

// Defer runs f when the case ends.
func (e *Env) Defer(f func()) { e.cleanup = append(e.cleanup, f) }

// Path joins elem to the case's directory.
func (e *Env) Path(elem ...string) string {
	return filepath.Join(append([]string{e.Dir}, elem...)...)
}

// Key returns a fake key for name and remembers it: no output of the case
// may contain it.
func (e *Env) Key(name string) string {
	k := fakekey.New("hostile/" + e.ID + "/" + name)
	e.keys = append(e.keys, k)
	return k
}

// Keys returns n fake keys and remembers them.
func (e *Env) Keys(name string, n int) []string {
	ks := fakekey.N("hostile/"+e.ID+"/"+name, n)
	e.keys = append(e.keys, ks...)
	return ks
}

// Secret remembers s as a string no output may contain.
func (e *Env) Secret(s string) { e.secrets = append(e.secrets, s) }

// Redacted is how cambscan prints a key: the first and last four
// characters with "..." between.
func Redacted(key string) string { return key[:4] + "..." + key[len(key)-4:] }

// KeyFile is a Python file that hardcodes key in a CAMB context.
func KeyFile(key string) string {
	return "import cambai\nclient = cambai.CambAI(api_key=\"" + key + "\")\n"
}

// EnvLine is a .env line that hardcodes key.
func EnvLine(key string) string { return "CAMB_API_KEY=" + key + "\n" }

// Write creates the file rel under the case's directory with its parents.
func (e *Env) Write(rel, content string) string {
	p := e.Path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		panic(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		panic(err)
	}
	return p
}

// gitEnv is the environment of git commands run by the harness: no user or
// system configuration, fixed identity and dates.
func (e *Env) gitEnv() []string {
	return append(cleanEnv(e),
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Hostile Harness", "GIT_AUTHOR_EMAIL=harness@example.com",
		"GIT_COMMITTER_NAME=Hostile Harness", "GIT_COMMITTER_EMAIL=harness@example.com",
		"GIT_AUTHOR_DATE=1700000000 +0000", "GIT_COMMITTER_DATE=1700000000 +0000",
	)
}

// cleanEnv is the environment of every child: only what a program needs,
// HOME and TMPDIR inside the case's directory.
func cleanEnv(e *Env) []string {
	env := []string{
		"HOME=" + e.Path("home"),
		"TMPDIR=" + e.Path("tmp"),
		"LANG=C", "LC_ALL=C", "TERM=dumb",
	}
	for _, k := range []string{"PATH", "SYSTEMROOT", "GOCOVERDIR"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// Git runs git in dir (relative to the case's directory) and returns its
// trimmed standard output.
func (e *Env) Git(dir string, args ...string) (string, error) {
	return e.GitIn(dir, "", args...)
}

// GitIn is Git with stdin.
func (e *Env) GitIn(dir, stdin string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = e.Path(dir)
	cmd.Env = e.gitEnv()
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return strings.TrimSpace(out.String()), nil
}

// needGit returns ErrNA when git is not installed.
func needGit() error {
	if _, err := exec.LookPath("git"); err != nil {
		return needs("git")
	}
	return nil
}

// needUnix returns ErrNA on Windows, where FIFOs, /dev/zero and signals
// to other processes do not exist.
func needUnix() error {
	if runtime.GOOS == "windows" {
		return needs("a unix system")
	}
	return nil
}

// Repo creates a work tree repository at rel with files and one commit,
// and returns its path. Files are content by path.
func (e *Env) Repo(rel string, files map[string]string) (string, error) {
	if err := needGit(); err != nil {
		return "", err
	}
	dir := e.Path(rel)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if _, err := e.Git(rel, "init", "-q", "-b", "main"); err != nil {
		return "", err
	}
	for p, c := range files {
		e.Write(filepath.Join(rel, p), c)
	}
	if len(files) > 0 {
		if _, err := e.Git(rel, "add", "-A"); err != nil {
			return "", err
		}
		if _, err := e.Git(rel, "commit", "-q", "-m", "files"); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// leaks returns why r's output breaks the promise of issue 10 point 6, or
// "": a generated key or a secret in stdout, stderr or a report, or a raw
// control byte on stdout or stderr.
func (e *Env) leaks(inv *Invocation, r *Result) string {
	show := false
	for _, a := range inv.Args {
		if a == "--show-secrets" {
			show = true
		}
	}
	type out struct {
		name string
		data []byte
	}
	outs := []out{{"stdout", r.Stdout}, {"stderr", r.Stderr}}
	for _, rep := range inv.Reports {
		if b, err := os.ReadFile(rep); err == nil {
			outs = append(outs, out{filepath.Base(rep), b})
		}
	}
	for _, o := range outs {
		if !show && e.printsKey(o.data) {
			return fmt.Sprintf("a whole key is printed on %s", o.name)
		}
		for _, s := range e.secrets {
			if bytes.Contains(o.data, []byte(s)) {
				return fmt.Sprintf("the secret %q is printed on %s", s, o.name)
			}
		}
	}
	if !inv.AllowControl {
		for _, o := range outs[:2] {
			if i := controlByte(o.data); i >= 0 {
				return fmt.Sprintf("raw control byte %#02x on %s", o.data[i], o.name)
			}
		}
	}
	return ""
}

// uuidRE matches a key in any case.
var uuidRE = regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`)

// printsKey reports whether b holds one of the case's keys, in any case.
// One pass over b with a set: a case may plant 200 000 keys.
func (e *Env) printsKey(b []byte) bool {
	if len(e.keys) == 0 {
		return false
	}
	set := make(map[string]bool, len(e.keys))
	for _, k := range e.keys {
		set[k] = true
	}
	for _, m := range uuidRE.FindAll(b, -1) {
		if set[strings.ToLower(string(m))] {
			return true
		}
	}
	return false
}

// controlByte returns the index of the first byte of b below 0x20 (other
// than tab, newline and carriage return) or DEL, or -1.
func controlByte(b []byte) int {
	for i, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			return i
		}
	}
	return -1
}
