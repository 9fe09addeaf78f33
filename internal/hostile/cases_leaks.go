package hostile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
)

// Leaks: point 6 of the issue. Every case also gets the harness's own
// checks (no whole key, no secret, no raw control byte on stdout or
// stderr), which are the point here.

// forged is a line that a file name tries to slip into the output.
const forged = "scanned 0 files (0 B) in 0s: no CAMB.AI keys found"

// token is the credential of the clone URLs.
const token = "ghs_hostileHarnessToken0123456789"

// credURL is a clone URL that carries token, as CI passes it.
func credURL(base, path string) string {
	return strings.Replace(base, "http://", "http://x-access-token:"+token+"@", 1) + path
}

// servedRepo makes a bare repository with key at app.py under srv/ and
// serves it; it returns the base URL.
func servedRepo(e *Env, files map[string]string) (string, error) {
	if _, err := e.Repo("src", files); err != nil {
		return "", err
	}
	if _, err := e.Git("", "clone", "-q", "--bare", "src", "srv/r.git"); err != nil {
		return "", err
	}
	return e.GitHTTP(e.Path("srv"))
}

// JSONLines checks that stdout is JSON Lines with a finding of each key.
func JSONLines(keys ...string) func(*Result) error {
	return func(r *Result) error {
		seen := map[string]bool{}
		sc := bufio.NewScanner(bytes.NewReader(r.Stdout))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var f Finding
			if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
				return fmt.Errorf("stdout is not JSON Lines: %v", err)
			}
			seen[f.Secret] = true
		}
		for _, k := range keys {
			if !seen[Redacted(k)] {
				return fmt.Errorf("key %s not reported", Redacted(k))
			}
		}
		return nil
	}
}

// SARIFResults checks that stdout is a SARIF log with at least n results.
func SARIFResults(n int) func(*Result) error {
	return func(r *Result) error {
		var log struct {
			Runs []struct {
				Results []json.RawMessage `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(r.Stdout, &log); err != nil || len(log.Runs) == 0 {
			return fmt.Errorf("stdout is not a SARIF log: %v", err)
		}
		if got := len(log.Runs[0].Results); got < n {
			return fmt.Errorf("SARIF has %d results, want %d", got, n)
		}
		return nil
	}
}

// noForgedLine checks that no line of stdout or stderr is the forged one.
func noForgedLine(r *Result) error {
	for _, out := range [][]byte{r.Stdout, r.Stderr} {
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(line, forged) {
				return fmt.Errorf("a file name forged the line %q", forged)
			}
		}
	}
	return nil
}

// hostileNames are file names with control bytes: a terminal title and
// screen clear, and a newline that forges a summary line.
var hostileNames = []string{
	"\x1b]0;pwned\x07\x1b[2J\x1b[Hclear.env",
	"x\n" + forged + "\n.env",
}

func leakCases() []Case {
	keyName := func(id, format string, check func(k string) func(*Result) error) Case {
		return Case{
			ID: id, Point: "6", What: "a file named after its key, -f " + format,
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				e.Write("d/"+k+".env", EnvLine(k))
				return &Invocation{Args: []string{"scan", "-f", format, e.Path("d")}, WantExit: []int{1}, Check: check(k)}, nil
			},
		}
	}
	creds := func(id, format string, check func(k string) func(*Result) error) Case {
		return Case{
			ID: id, Point: "6", What: "a token in the clone URL, -f " + format,
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				base, err := servedRepo(e, map[string]string{"app.py": KeyFile(k)})
				if err != nil {
					return nil, err
				}
				e.Secret(token)
				e.Secret("x-access-token")
				return &Invocation{Args: []string{"git", "-f", format, credURL(base, "/r.git")}, WantExit: []int{1}, Check: check(k)}, nil
			},
		}
	}
	names := func(id, format string, check func(e *Env, keys []string) func(*Result) error) Case {
		return Case{
			ID: id, Point: "6", What: "file names with ESC, BEL and newline, -f " + format,
			Setup: func(e *Env) (*Invocation, error) {
				if runtime.GOOS == "windows" {
					return nil, needs("file names with control characters")
				}
				keys := e.Keys("k", len(hostileNames))
				for i, n := range hostileNames {
					e.Write("d/"+n, EnvLine(keys[i]))
				}
				return &Invocation{Args: []string{"scan", "-f", format, "."}, Dir: e.Path("d"), WantExit: []int{1},
					Check: check(e, keys)}, nil
			},
		}
	}
	return []Case{
		keyName("6a-key-in-path-text", "text", func(k string) func(*Result) error { return TextFinding(k) }),
		keyName("6b-key-in-path-json", "json", func(k string) func(*Result) error {
			return JSONFindings(HasSuffix(".env"), []string{k})
		}),
		keyName("6c-key-in-path-jsonl", "jsonl", func(k string) func(*Result) error { return JSONLines(k) }),
		keyName("6d-key-in-path-sarif", "sarif", func(string) func(*Result) error { return SARIFResults(1) }),
		{
			ID: "6e-url-token-on-error", Point: "6", What: "a token in a clone URL that fails (stderr)",
			Setup: func(e *Env) (*Invocation, error) {
				base, err := e.Serve(Answer(500, "text/plain", "no", 0))
				if err != nil {
					return nil, err
				}
				e.Secret(token)
				return &Invocation{Args: []string{"git", credURL(base, "/r.git")}, WantExit: []int{2}, Check: NonEmptyStderr}, nil
			},
		},
		creds("6f-url-token-json", "json", func(k string) func(*Result) error {
			return JSONFindings(Is("app.py"), []string{k})
		}),
		creds("6g-url-token-sarif", "sarif", func(string) func(*Result) error { return SARIFResults(1) }),
		names("6h-control-names-text", "text", func(_ *Env, keys []string) func(*Result) error {
			return All(TextFinding(keys...), noForgedLine)
		}),
		names("6i-control-names-json", "json", func(_ *Env, keys []string) func(*Result) error {
			// JSON keeps the exact bytes, escaped.
			return func(r *Result) error {
				rep, err := ParseReport(r.Stdout)
				if err != nil {
					return err
				}
				for i, n := range hostileNames {
					if !rep.Has(keys[i], Is(n)) {
						return fmt.Errorf("no finding of key %d at the exact name %q (findings at %q)", i, n, rep.Paths())
					}
				}
				return nil
			}
		}),
		{
			ID: "6j-control-names-git", Point: "6", What: "git: a tree entry named with ESC and newline",
			Setup: func(e *Env) (*Invocation, error) {
				keys := e.Keys("k", len(hostileNames))
				if _, err := e.Repo("r", map[string]string{"README": "hello\n"}); err != nil {
					return nil, err
				}
				for i, n := range hostileNames {
					blob, err := e.GitIn("r", EnvLine(keys[i]), "hash-object", "-w", "--stdin")
					if err != nil {
						return nil, err
					}
					if _, err := e.GitIn("r", "100644 "+blob+" 0\t"+n+"\x00", "update-index", "--add", "-z", "--index-info"); err != nil {
						return nil, err
					}
				}
				if _, err := e.Git("r", "commit", "-q", "-m", "names"); err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"git", e.Path("r")}, WantExit: []int{1},
					Check: All(TextFinding(keys...), noForgedLine)}, nil
			},
		},
	}
}
