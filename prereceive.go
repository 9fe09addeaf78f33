package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/cambscan/cambscan/internal/redact"
	"github.com/cambscan/cambscan/report"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/scanner/push"
)

const preReceiveUsage = `Usage: cambscan pre-receive [flags]

Run as a server's pre-receive hook (hooks/pre-receive of a bare repository,
GitLab's custom_hooks/pre-receive.d/, Gitea's and GHES's pre-receive hooks):
read git's "<old> <new> <refname>" lines on standard input and scan what the
push adds, through git's quarantine. A push that adds a CAMB.AI API key is
rejected (exit 1) with where each key is, never the key; a push that cannot
be checked (an unreadable incoming object) is rejected too (exit 2).

Push options (with receive.advertisePushOptions on the server):
  git push -o cambscan.allow=FINGERPRINT   let one finding through, logged

Always offline. See docs/server-hooks.md.

Flags:
`

// maxPushOptions bounds the GIT_PUSH_OPTION_<i> variables read.
const maxPushOptions = 1000

// preReceiveFlagSet returns the flags of 'cambscan pre-receive' (the
// command table reads them too, for completions and the man page).
func preReceiveFlagSet() (fs *pflag.FlagSet, maxFileSize *string, jobs *int, quiet *bool) {
	fs = pflag.NewFlagSet("cambscan pre-receive", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.SortFlags = false
	maxFileSize = fs.String("max-file-size", "10MiB", "blobs larger than this are not scanned, with a warning (bytes, or with KiB/MiB/GiB)")
	jobs = fs.IntP("jobs", "j", runtime.NumCPU(), "matching goroutines (1 to 256)")
	quiet = fs.BoolP("quiet", "q", false, "print nothing for a push that passes")
	fs.String("config", "", "read a repository config from `FILE` (none by default: a push must not bring its own)")
	return fs, maxFileSize, jobs, quiet
}

// runPreReceive is 'cambscan pre-receive'.
func runPreReceive(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) error {
	fs, maxFileSize, jobs, quiet := preReceiveFlagSet()
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(stdout, preReceiveUsage)
			fmt.Fprint(stdout, flagHelp(fs, helpWidth))
			return errHelp
		}
		return usageErrorf("pre-receive: %v%s", err, flagSuggestion(err, fs))
	}
	if fs.NArg() > 0 {
		return usageErrorf("pre-receive: takes no arguments (the updates come on standard input)")
	}
	rc, err := preReceiveConfig(fs)
	if err != nil {
		return err
	}
	if rc != nil && rc.maxFileSize != "" && !fs.Changed("max-file-size") {
		*maxFileSize = rc.maxFileSize
	}
	maxSize, err := parseSize(*maxFileSize)
	if err != nil {
		return usageErrorf("--max-file-size: %v", err)
	}
	limitMemory(ctx, maxSize, getenv)
	if *jobs < 1 || *jobs > maxJobs {
		return usageErrorf("--jobs must be between 1 and %d, not %d", maxJobs, *jobs)
	}
	updates, err := push.ParseUpdates(stdin)
	if err != nil {
		return &exitError{code: 2, msg: "push rejected: git's pre-receive input: " + redact.Escape(err.Error())}
	}
	src := push.NewSource(updates, push.Options{Env: getenv, MaxFileSize: maxSize})
	res, err := scanner.Run(ctx, []scanner.Source{src}, scanner.Options{Rules: rules.New(), Jobs: *jobs, MaxFileSize: maxSize, MinConfidence: rc.minConf()})
	if ctx.Err() != nil {
		return &exitError{code: 130, msg: "push rejected: interrupted before the scan finished"}
	}
	if msg := unscanned(res, err); msg != "" {
		return &exitError{code: 2, msg: "push rejected: it could not be checked for CAMB.AI API keys: " + msg +
			"\nThe push was not accepted unchecked; ask the server's administrator (the repository may need 'git fsck')."}
	}
	rc.afterPush(res)
	res.Findings = allowByPushOption(res, pushAllows(getenv), src, stderr)
	red := report.Redactor(res, false)
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "cambscan: warning:", red.Line(w))
	}
	for _, s := range res.Skipped {
		if s.Class == scanner.SkipTooLarge {
			fmt.Fprintf(stderr, "cambscan: warning: not scanned: %s: %s\n", red.Name(s.Path), red.Line(s.Reason()))
		}
	}
	if len(res.Findings) > 0 {
		pushAdvice(stderr, res, src)
		return errFindings
	}
	if !*quiet {
		fmt.Fprintf(stderr, "cambscan: push checked: %s, %s, no CAMB.AI API key\n",
			countOf(src.NewCommits(), "new commit", "new commits"), countOf(res.Stats.Files, "blob", "blobs"))
	}
	return nil
}

// unscanned says why the push could not be checked: the source failed,
// or an incoming blob could not be read. "" when everything was read.
func unscanned(res *scanner.Result, err error) string {
	red := redact.New(nil, false)
	if res != nil {
		red = report.Redactor(res, false)
	}
	if msg := failedTargets(res, false); msg != "" {
		return msg
	}
	if err != nil {
		return red.Line(err.Error())
	}
	var bad []string
	for i := range res.Skipped {
		if s := &res.Skipped[i]; s.IsUnreadable() {
			bad = append(bad, red.Line(s.Path+": "+s.Reason()))
		}
	}
	switch n := len(bad); {
	case n == 0:
		return ""
	case n > 5:
		bad = append(bad[:5], fmt.Sprintf("and %d more", n-5))
	}
	return fmt.Sprintf("%s could not be read:\n  %s", countOf(len(bad), "incoming object", "incoming objects"), strings.Join(bad, "\n  "))
}

// pushAllows returns the fingerprints of the cambscan.allow push options
// (git sets GIT_PUSH_OPTION_COUNT and GIT_PUSH_OPTION_<i> for hooks when
// the server has receive.advertisePushOptions).
func pushAllows(getenv env) map[string]bool {
	n, err := strconv.Atoi(getenv("GIT_PUSH_OPTION_COUNT"))
	if err != nil || n <= 0 {
		return nil
	}
	allow := map[string]bool{}
	for i := range min(n, maxPushOptions) {
		if fp, ok := strings.CutPrefix(getenv(fmt.Sprintf("GIT_PUSH_OPTION_%d", i)), "cambscan.allow="); ok {
			allow[strings.ToLower(strings.TrimSpace(fp))] = true
		}
	}
	return allow
}

// allowByPushOption drops the findings whose fingerprint a cambscan.allow
// push option names, and says so on stderr for the server's log and the
// pusher.
func allowByPushOption(res *scanner.Result, allow map[string]bool, src *push.Source, stderr io.Writer) []scanner.Finding {
	if len(allow) == 0 {
		return res.Findings
	}
	red := report.Redactor(res, false)
	var kept []scanner.Finding
	for i := range res.Findings {
		f := &res.Findings[i]
		fp := f.Fingerprint()
		if !allow[fp] {
			kept = append(kept, *f)
			continue
		}
		fmt.Fprintf(stderr, "cambscan: allowed by push option cambscan.allow: %s %s %s (fingerprint %s)\n",
			red.Name(src.Ref(f.Commit)), shortCommit(f.Commit), where(f, red), fp)
	}
	return kept
}

// pushAdvice tells the pusher where each key is (never the key) and what
// to do. git shows it as "remote:" lines.
func pushAdvice(w io.Writer, res *scanner.Result, src *push.Source) {
	red := report.Redactor(res, false)
	const maxListed = 50
	fmt.Fprintf(w, "\ncambscan: push rejected: it adds %s (not shown here):\n", keys(len(res.Findings)))
	for i := range res.Findings {
		if i == maxListed {
			fmt.Fprintf(w, "  ... and %d more\n", len(res.Findings)-maxListed)
			break
		}
		f := &res.Findings[i]
		if f.Commit == "" {
			fmt.Fprintf(w, "  blob %s, sent with the push but in no pushed commit\n      fingerprint %s\n", f.Blob, f.Fingerprint())
			continue
		}
		fmt.Fprintf(w, "  %s  %s  %s  (%s)\n      fingerprint %s\n", red.Name(src.Ref(f.Commit)), shortCommit(f.Commit), where(f, red),
			red.Line(f.Author+" <"+f.Email+">"), f.Fingerprint())
	}
	fmt.Fprint(w, `
What to do:
  1. Take the key out of the commit that adds it, not in a new commit on top
     (the commit that adds it would still be pushed):
       the last commit:   edit the file, git add it, git commit --amend
       an older commit:   git rebase -i COMMIT^  and mark that commit "edit"
     Read the key from the environment instead (CAMB_API_KEY), then push again.
  2. Rotate the key in CAMB.AI Studio if it has been anywhere but your
     machine: taking it out of the commit does not make it secret again.
  3. Not a real key (a test fixture, a documented example)? Put a comment
     containing cambscan:allow on its line, or, with your administrator's
     agreement, let one finding through (it is logged):
       git push -o cambscan.allow=FINGERPRINT
`)
}

// where is "path:line:column" of a finding, redacted and quoted.
func where(f *scanner.Finding, red *redact.Redactor) string {
	p := f.Path
	if p == "" {
		p = "blob " + f.Blob
	}
	return fmt.Sprintf("%s:%d:%d", red.Name(p), f.Line, f.Column)
}

// shortCommit is the first 12 digits of a commit id.
func shortCommit(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// countOf is "1 blob" or "3 blobs".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
