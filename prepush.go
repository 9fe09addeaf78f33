package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/report"
	"github.com/cambscan/cambscan/scanner"
)

// maxPushInput caps what 'cambscan pre-push' reads of git's ref lines:
// about 100 000 refs, far over any real push (a line is two ref names and
// two ids), and a bound when stdin is something else.
const maxPushInput = 16 << 20

// zeroID is the id git gives a ref that does not exist on one side.
const zeroID = "0000000000000000000000000000000000000000"

// A pushSpec is what a push is about to send: the commits reachable from
// include and from no exclude (revisions, or refs/remotes/REMOTE/*).
type pushSpec struct {
	include, exclude []string
}

// prePushSpec works out what the push sends, from pre-commit's
// environment when it runs the hook (it reads git's lines itself and sets
// PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF, or, for a branch that brings
// its root commit, only PRE_COMMIT_LOCAL_BRANCH), else from git's lines on
// stdin: "<local ref> <local sha> <remote ref> <remote sha>". A deletion
// (local sha all zeros) sends nothing. What the remote has is its sha
// (when this repository holds it) and every refs/remotes/REMOTE/* ref, as
// of the last fetch. remote is the hook's first argument.
func prePushSpec(remote string, stdin io.Reader, getenv env) (*pushSpec, error) {
	spec := &pushSpec{}
	if name := getenv("PRE_COMMIT_REMOTE_NAME"); name != "" {
		remote = name
	}
	if remote != "" && !strings.ContainsAny(remote, "*?[\\") {
		spec.exclude = append(spec.exclude, "refs/remotes/"+remote+"/*")
	}
	if to := getenv("PRE_COMMIT_TO_REF"); to != "" {
		spec.include = append(spec.include, to)
		if from := getenv("PRE_COMMIT_FROM_REF"); from != "" && from != zeroID {
			spec.exclude = append(spec.exclude, from)
		}
		return spec, nil
	}
	if local := getenv("PRE_COMMIT_LOCAL_BRANCH"); local != "" {
		spec.include = append(spec.include, local)
		return spec, nil
	}
	if stdin == nil {
		return spec, nil
	}
	if isTerminalReader(stdin) {
		return nil, usageErrorf("pre-push reads git's pre-push lines on standard input (<local ref> <local sha> <remote ref> <remote sha>); " +
			"it runs as a git pre-push hook ('cambscan hook install --pre-push') or through pre-commit")
	}
	sc := bufio.NewScanner(io.LimitReader(stdin, maxPushInput+1))
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	n := 0
	for sc.Scan() {
		n += len(sc.Bytes()) + 1
		if n > maxPushInput {
			return nil, usageErrorf("pre-push: more than %d MiB of ref lines on standard input", maxPushInput>>20)
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 4 {
			return nil, usageErrorf("pre-push: a line of standard input is not <local ref> <local sha> <remote ref> <remote sha>: %q", line)
		}
		local, remoteSHA := f[1], f[3]
		if _, ok := git.ParseID(strings.ToLower(local)); !ok {
			return nil, usageErrorf("pre-push: %q is not an object id", local)
		}
		if _, ok := git.ParseID(strings.ToLower(remoteSHA)); !ok {
			return nil, usageErrorf("pre-push: %q is not an object id", remoteSHA)
		}
		if local == zeroID {
			continue // a deletion sends nothing
		}
		spec.include = append(spec.include, local)
		if remoteSHA != zeroID {
			spec.exclude = append(spec.exclude, remoteSHA)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, usageErrorf("pre-push: a line of standard input is over 64 KiB")
		}
		return nil, &exitError{code: 2, msg: fmt.Sprintf("pre-push: reading standard input: %v", err)}
	}
	return spec, nil
}

// isTerminalReader reports whether r is a terminal: run by hand, with no
// lines to read. The null device is a character device too, and reads as
// no lines.
func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok || !isTerminal(f) {
		return false
	}
	st, err := f.Stat()
	null, nerr := os.Stat(os.DevNull)
	return err != nil || nerr != nil || !os.SameFile(st, null)
}

// prePushAdvice tells the developer where the keys of the push are (never
// the keys) and what to do. execute calls it on stderr after the report.
func prePushAdvice(w io.Writer, res *scanner.Result) {
	red := report.Redactor(res, false)
	var where []string
	seen := map[string]bool{}
	for i := range res.Findings {
		f := &res.Findings[i]
		commit := f.Commit
		if len(commit) > 12 {
			commit = commit[:12]
		}
		s := fmt.Sprintf("commit %s  %s:%d", commit, red.Name(f.Path), f.Line)
		if !seen[s] {
			seen[s] = true
			where = append(where, s)
		}
	}
	fmt.Fprintf(w, "\ncambscan: this push would send %s (not shown here):\n", keys(len(where)))
	for _, s := range where {
		fmt.Fprintln(w, "  "+s)
	}
	fmt.Fprint(w, `
The push was stopped: nothing was sent. What to do:
  1. Take the key out of the commits that add it, not only out of the last
     one: a later commit that deletes it still pushes it in the history.
       the last commit:   edit the file, git add it, git commit --amend
       an older commit:   git rebase -i <commit>^  (mark it "edit", fix, continue)
     Then read the key from the environment (CAMB_API_KEY) instead.
  2. If the key ever left this machine (pushed elsewhere, pasted, shared),
     rotate it in CAMB.AI Studio: rewriting the commits does not make it
     secret again.
  3. Not a real key (a test fixture, a documented example)? Put a comment
     containing cambscan:allow on its line, e.g.  # cambscan:allow
  'git push --no-verify' skips this check and publishes the key.
`)
}
