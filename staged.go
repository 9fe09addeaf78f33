package main

import (
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/cambscan/cambscan/report"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/scanner/staged"
)

// newStagedSource returns the source of 'cambscan staged [FILE...]'.
//
// Without files it scans what the commit adds: the index that git names in
// GIT_INDEX_FILE (git sets it for hooks, and it differs from .git/index for
// `git commit -a` and `git commit PATH`), else the repository's index.
//
// With files (pre-commit's hooks pass them, pass_filenames: true) the mode
// depends on whether a commit is running, which GIT_INDEX_FILE tells:
//   - inside `git commit`, pre-commit passes the staged files: only the
//     lines the commit adds to them count, as without files;
//   - outside (`pre-commit run --all-files`, `--files X`, a manual
//     `pre-commit run`, pre-push), nothing is being committed and the
//     files' whole content on disk is scanned, so a key that is already
//     committed is found instead of silently passing (gitleaks#1409).
func newStagedSource(files, excludes []string, maxSize int64, getenv env) scanner.Source {
	opts := staged.Options{
		Excludes:    excludes,
		MaxFileSize: maxSize,
		IndexFile:   getenv("GIT_INDEX_FILE"),
		Paths:       files,
	}
	opts.WholeFiles = len(files) > 0 && opts.IndexFile == ""
	return staged.NewSource(".", opts)
}

// stagedAdvice tells the developer what to do about the findings of
// 'cambscan staged': where each key is (never the key itself), how to take
// it out of the change, how to mark a false positive, and why not to
// bypass the hook. execute calls it on stderr after the report.
//
// Paths are redacted and quoted as in the report (a key in a file name is
// never shown here, whatever --show-secrets says).
func stagedAdvice(w io.Writer, res *scanner.Result) {
	red := report.Redactor(res, false)
	var staged, files, stagedPaths, envPaths, envNames []string
	seen := map[string]bool{}
	for i := range res.Findings {
		f := &res.Findings[i]
		where := fmt.Sprintf("%s:%d:%d", red.Name(f.Path), f.Line, f.Column)
		if seen[where] {
			continue
		}
		seen[where] = true
		if f.Kind != scanner.KindStaged {
			files = append(files, where)
			continue
		}
		staged = append(staged, where)
		if seen["path:"+f.Path] {
			continue
		}
		seen["path:"+f.Path] = true
		quoted := red.Line(shellWord(red.Text(f.Path)))
		if !isDotenv(f.Path) {
			stagedPaths = append(stagedPaths, quoted)
			continue
		}
		envPaths = append(envPaths, quoted)
		if name := red.Line(shellWord(red.Text(path.Base(f.Path)))); !seen["env:"+name] {
			seen["env:"+name] = true
			envNames = append(envNames, name)
		}
	}
	if len(staged) > 0 {
		fmt.Fprintf(w, "\ncambscan: the staged changes add %s (not shown here):\n", keys(len(staged)))
		for _, s := range staged {
			fmt.Fprintln(w, "  "+s)
		}
		fmt.Fprint(w, "\nWhat to do:\n")
		if len(envPaths) > 0 {
			fmt.Fprintf(w, `  1. Keep %s out of git: a dotenv file holds this machine's secrets and
     is read from disk, never from the repository. Ignore it and unstage it
     (the file on disk stays):
       printf '%%s\n' %s >> .gitignore
       git rm --cached %s
     and commit an example file with placeholders (CAMB_API_KEY=) instead.
`, strings.Join(envPaths, " "), strings.Join(envNames, " "), strings.Join(envPaths, " "))
		}
		if len(stagedPaths) > 0 {
			paths := strings.Join(stagedPaths, " ")
			step := "  1. Take the key out of the file"
			if len(envPaths) > 0 {
				step = "     In the other files, take the key out"
			}
			fmt.Fprintf(w, `%s and read it from the environment instead:
       Python: os.environ["CAMB_API_KEY"]    Node: process.env.CAMB_API_KEY
       Go:     os.Getenv("CAMB_API_KEY")     shell: "$CAMB_API_KEY"
     then stage the file again:  git add %s
     (or leave it out of this commit:  git restore --staged %s)
`, step, paths, paths)
		}
		fmt.Fprint(w, `  2. If the key ever left this machine (pushed, pasted, shared), rotate it in
     CAMB.AI Studio: taking it out of the code does not make it secret again.
  3. Not a real key (a test fixture, a documented example)? Put a comment
     containing cambscan:allow on its line, e.g.  # cambscan:allow
  Skipping this check with 'git commit --no-verify' commits the key: it stays in
  the history (clones, forks, CI caches) even after a later commit deletes it,
  and then only rotating the key and rewriting history help.
`)
	}
	if len(files) > 0 {
		fmt.Fprintf(w, "\ncambscan: these files hold %s (not shown here):\n", keys(len(files)))
		for _, s := range files {
			fmt.Fprintln(w, "  "+s)
		}
		fmt.Fprint(w, `
They were scanned whole (pre-commit run --all-files or --files), so the keys
may be committed already, where deleting them now does not remove them:
  1. Rotate each key in CAMB.AI Studio, then read it from the environment
     (CAMB_API_KEY) instead of the file.
  2. 'cambscan git' lists the commits that hold a key.
  3. Not a real key? Put a comment containing cambscan:allow on its line.
`)
	}
}

// isDotenv reports whether a path names a dotenv file, which belongs out
// of git rather than rewritten to read the environment: .env, .env.local,
// .env.production, prod.env, .envrc (direnv). Templates meant to be
// committed (.env.example, .env.sample, .env.template, .env.dist) are not.
func isDotenv(p string) bool {
	base := strings.ToLower(path.Base(p))
	if strings.Contains(base, "!") { // a member of a staged archive
		return false
	}
	switch {
	case base == ".env", base == ".envrc":
		return true
	case strings.HasPrefix(base, ".env."):
		switch strings.TrimPrefix(base, ".env.") {
		case "example", "sample", "template", "dist", "tmpl", "defaults":
			return false
		}
		return true
	}
	return strings.HasSuffix(base, ".env") && len(base) > len(".env")
}

func keys(n int) string {
	if n == 1 {
		return "a CAMB.AI API key"
	}
	return fmt.Sprintf("%d CAMB.AI API keys", n)
}

// shellWord quotes a path for a command line the developer can paste.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-+@=:,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
