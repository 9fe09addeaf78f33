package hostile

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The smaller points: point 8 of the issue.

// verificationNot checks that no finding has verification status s.
func verificationNot(s string) func(*Report) error {
	return func(rep *Report) error {
		for _, f := range rep.Findings {
			if f.Verification == nil {
				return fmt.Errorf("finding without verification")
			}
			if f.Verification.Status == s {
				return fmt.Errorf("verification status %q (%s)", s, f.Verification.Reason)
			}
		}
		return nil
	}
}

func smallCases() []Case {
	return []Case{
		{
			ID: "8a-clone-memory", Point: "8", What: "URL clone of a ~34 MB pack: RSS under 2x the pack",
			Timeout: 2 * time.Minute,
			Setup: func(e *Env) (*Invocation, error) {
				keys, err := historyRepo(e, "srv/r.git")
				if err != nil {
					return nil, err
				}
				size, err := packSize(e, "srv/r.git")
				if err != nil {
					return nil, err
				}
				base, err := e.GitHTTP(e.Path("srv"))
				if err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"git", "-f", "json", base + "/r.git"}, WantExit: []int{1},
					MaxRSS: 2 * size, Check: JSONFindings(Any, keys)}, nil
			},
		},
		{
			ID: "8b-clone-silent-server", Point: "8", What: "URL clone from a server that never answers",
			// The issue asks for a bound, not a number: a minute is long
			// for a server that has not sent one byte.
			Timeout: 60 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				addr, err := e.Silent()
				if err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"git", "http://" + addr + "/r.git"}, WantExit: []int{2}, Check: NonEmptyStderr}, nil
			},
		},
		{
			ID: "8c-gitignore-100k", Point: "8", What: "a 13.5 MB .gitignore of 100 000 patterns",
			Timeout: 60 * time.Second, MaxRSS: 128 << 20,
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				if _, err := e.Repo("w", nil); err != nil {
					return nil, err
				}
				var b strings.Builder
				for i := range 100_000 {
					// Anchored paths and basename globs, 134 bytes a line on average.
					if i%2 == 0 {
						fmt.Fprintf(&b, "/generated/output-%06d/a-build-directory-with-a-rather-long-name/and/deeper/still/for/realism/generated-artifact-%06d.generated.tmp\n", i, i)
					} else {
						fmt.Fprintf(&b, "*.generated-artifact-number-%06d-of-a-build-directory-with-a-rather-long-name-and-deeper-still-for-realism-in-this-test.tmp.%06d\n", i, i)
					}
				}
				e.Write("w/.gitignore", b.String())
				for i := range 3000 {
					e.Write(fmt.Sprintf("w/src/pkg%02d/file%04d.go", i%30, i), "package p\n")
				}
				e.Write("w/src/app.py", KeyFile(k))
				// git's own time to list the same untracked files is the
				// yardstick: the issue measured 18x.
				start := time.Now()
				if _, err := e.Git("w", "ls-files", "--others", "--exclude-standard"); err != nil {
					return nil, err
				}
				gitWall := time.Since(start)
				return &Invocation{Args: []string{"scan", "-f", "json", "."}, Dir: e.Path("w"), WantExit: []int{1},
					Check: All(JSONFindings(Is("src/app.py"), []string{k}), func(r *Result) error {
						if limit := 5*gitWall + time.Second; r.Wall > limit {
							return fmt.Errorf("%.2fs, over 5x git ls-files (%.2fs) + 1s", r.Wall.Seconds(), gitWall.Seconds())
						}
						return nil
					})}, nil
			},
		},
		{
			ID: "8d-baseline-100mb", Point: "8", What: "a 100 MB --baseline",
			Timeout: 60 * time.Second, MaxRSS: 192 << 20,
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				e.Write("d/app.py", KeyFile(k))
				f, err := os.Create(e.Path("baseline.json"))
				if err != nil {
					return nil, err
				}
				w := bufio.NewWriterSize(f, 1<<20)
				r := rand.New(rand.NewPCG(8, 4))
				w.WriteString("{\n  \"schema\": \"cambscan-baseline/v1\",\n  \"fingerprints\": [\n")
				const n = 1_450_000
				for i := range n {
					sep := ","
					if i == n-1 {
						sep = ""
					}
					fmt.Fprintf(w, "    \"%016x%016x%016x%016x\"%s\n", r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64(), sep)
				}
				w.WriteString("  ]\n}\n")
				if err := w.Flush(); err != nil {
					return nil, err
				}
				if err := f.Close(); err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"scan", "--baseline", e.Path("baseline.json"), "-f", "json", e.Path("d")},
					WantExit: []int{1, 2}, Check: FoundOrRefused(k)}, nil
			},
		},
		{
			ID: "8e-jobs-cap", Point: "8", What: "-j 100000 is refused",
			Setup: func(e *Env) (*Invocation, error) {
				e.Write("d/app.py", "print('hello')\n")
				return &Invocation{Args: []string{"scan", "-j", "100000", e.Path("d")}, WantExit: []int{2}, Check: NonEmptyStderr}, nil
			},
		},
		{
			ID: "8f-fifo-swap", Point: "8", What: "files swapped for FIFOs while the scan runs",
			Timeout: 30 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				if err := needUnix(); err != nil {
					return nil, err
				}
				k := e.Key("k")
				e.Write("d/app.py", KeyFile(k))
				var pairs [][2]string
				for i := range 20_000 {
					name := e.Write(fmt.Sprintf("d/f%05d.txt", i), "hello\n")
					if i%250 == 125 {
						fifo := e.Path("stash", fmt.Sprintf("f%05d.fifo", i))
						if err := os.MkdirAll(filepath.Dir(fifo), 0o755); err != nil {
							return nil, err
						}
						if err := Mkfifo(fifo); err != nil {
							return nil, err
						}
						pairs = append(pairs, [2]string{name, fifo})
					}
				}
				if err := exchange(pairs[0][0], pairs[0][1]); err != nil {
					return nil, err
				}
				if err := exchange(pairs[0][0], pairs[0][1]); err != nil {
					return nil, err
				}
				// Swap each pair over and over while the scan runs: a name
				// the walk saw as a regular file is a FIFO when opened.
				return &Invocation{Args: []string{"scan", "-f", "json", e.Path("d")}, WantExit: []int{1},
					During: func(p *Proc) error {
						for p.Sleep(100 * time.Microsecond) {
							for _, pr := range pairs {
								if err := exchange(pr[0], pr[1]); err != nil {
									return err
								}
							}
						}
						return nil
					},
					Check: JSONFindings(HasSuffix("app.py"), []string{k})}, nil
			},
		},
		{
			ID: "8g-utf16-stray-byte", Point: "8", What: "a UTF-16 file with one stray byte",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				b := utf16File("# settings\r\nCAMB_API_KEY=" + k + "\r\n")
				b = append(b, 'x') // an odd length: one byte that is no code unit
				e.Write("d/settings.env", string(b))
				return &Invocation{Args: []string{"scan", "-f", "json", e.Path("d")}, WantExit: []int{1},
					Check: JSONFindings(HasSuffix("settings.env"), []string{k})}, nil
			},
		},
		{
			ID: "8h-one-nul-byte", Point: "8", What: "a text file with one NUL byte in its first 8 KB",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				e.Write("d/app.py", "# generated \x00 by a tool\n"+KeyFile(k))
				return &Invocation{Args: []string{"scan", "-f", "json", e.Path("d")}, WantExit: []int{1},
					Check: JSONFindings(HasSuffix("app.py"), []string{k})}, nil
			},
		},
		{
			ID: "8i-dir-named-dotgit", Point: "8", What: "a file under a plain directory named .git",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				e.Write("d/docs/.git/notes.env", EnvLine(k))
				return &Invocation{Args: []string{"scan", "-f", "json", e.Path("d")}, WantExit: []int{1},
					Check: JSONFindings(HasSuffix("docs/.git/notes.env"), []string{k})}, nil
			},
		},
		{
			ID: "8j-verify-html-200", Point: "8", What: "--verify: a 200 with an HTML body is not live",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				e.Write("d/app.py", KeyFile(k))
				url, err := e.Serve(Answer(200, "text/html", "<html><body>Sign in to the Wi-Fi</body></html>", 0))
				if err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"scan", "--verify", "--verify-url", url, "-f", "json", e.Path("d")},
					WantExit: []int{1}, Check: JSONFindings(HasSuffix("app.py"), []string{k}, verificationNot("live"))}, nil
			},
		},
		{
			ID: "8k-verify-timeout-negative", Point: "8", What: "--verify-timeout -1s is refused",
			Setup: func(e *Env) (*Invocation, error) {
				e.Write("d/app.py", "print('hello')\n")
				return &Invocation{Args: []string{"scan", "--verify", "--verify-timeout=-1s", e.Path("d")}, WantExit: []int{2}, Check: NonEmptyStderr}, nil
			},
		},
		{
			ID: "8l-split-index-staged", Point: "8", What: "staged in a repository with a split index",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				if _, err := e.Repo("r", map[string]string{"README": "hello\n"}); err != nil {
					return nil, err
				}
				if _, err := e.Git("r", "update-index", "--split-index"); err != nil {
					return nil, err
				}
				e.Write("r/new.py", KeyFile(k))
				if _, err := e.Git("r", "add", "new.py"); err != nil {
					return nil, err
				}
				if shared, _ := filepath.Glob(e.Path("r", ".git", "sharedindex.*")); len(shared) == 0 {
					return nil, fmt.Errorf("git did not split the index")
				}
				return &Invocation{Args: []string{"staged", "-f", "json"}, Dir: e.Path("r"), WantExit: []int{1},
					Check: JSONFindings(Is("new.py"), []string{k})}, nil
			},
		},
		{
			ID: "8m-big-history", Point: "8", What: "git on the big generated repository: under 256 MiB",
			Timeout: 10 * time.Minute,
			Setup: func(e *Env) (*Invocation, error) {
				if e.bigRepo == "" {
					return nil, needs("-big-repo DIR (a gengit repository of 80 000+ commits)")
				}
				if _, err := exec.LookPath("git"); err != nil {
					return nil, needs("git")
				}
				return &Invocation{Args: []string{"git", "-f", "json", "--progress", "never", e.bigRepo}, WantExit: []int{1}}, nil
			},
		},
	}
}
