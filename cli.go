package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
)

const usageText = `cambscan finds CAMB.AI API keys in source code and git history.

Usage:
  cambscan scan   [PATH...]       scan files on disk (default ".")
  cambscan git    [REPO|URL...]   scan every ref and object of git histories
                                  (default ".")
  cambscan staged [FILE...]       scan what the staged changes of the repository
                                  in "." add (pre-commit)
  cambscan pre-push [REMOTE URL]  scan the commits a push would send (git's
                                  pre-push hook lines on stdin)
  cambscan hook install|uninstall|status [--pre-push]
                                  manage the git pre-commit (or pre-push) hook
  cambscan baseline prune [PATH]  drop stale baseline fingerprints
  cambscan cache prune [URL...]   drop cached mirrors of unlisted repositories
  cambscan audit report --cache-dir DIR [-f text|json|html]
                                  the standing report of the keys in a cache
  cambscan pre-receive            server hook: reject pushes that add a key
  cambscan completion bash|zsh|fish|powershell
                                  print a shell completion script
  cambscan version [--json]       print version, commit, date, Go and OS/arch
  cambscan help [COMMAND|man]     print this help, a command's, or the man page

Run 'cambscan COMMAND --help' for the flags of a command.

Exit codes: 0 no failing findings, 1 failing findings, 2 usage error or a scan
that could not run, 130 interrupted.
`

// env looks up an environment variable; os.Getenv in production.
type env func(string) string

// run is the whole command line, with its I/O injected so tests run it
// in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return &exitError{code: 2}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "scan", "git", "staged", "pre-push":
		return runScan(ctx, cmd, rest, stdin, stdout, stderr, getenv)
	case "hook":
		return runHook(ctx, rest, stdout, stderr)
	case "baseline":
		return runBaseline(ctx, rest, stdin, stdout, stderr, getenv)
	case "cache":
		return runCache(ctx, rest, stdout)
	case "audit":
		return runAudit(ctx, rest, stdout)
	case "pre-receive":
		return runPreReceive(ctx, rest, stdin, stdout, stderr, getenv)
	case "version", "--version":
		return runVersion(rest, stdout)
	case "help", "-h", "--help":
		return runHelp(rest, stdout)
	case "completion":
		return runCompletion(rest, stdout)
	}
	return unknownCommand(cmd)
}

// scanFlags are the flags of scan, git and staged.
type scanFlags struct {
	format        string
	reports       []string
	verify        bool
	verifyConc    int
	verifyTimeout time.Duration
	verifyURL     string
	verifyMaxAge  time.Duration // git --cache-dir only
	failOn        string
	baseline      string
	writeBaseline string
	showSecrets   bool
	minConfidence string
	jobs          int
	maxFileSize   string
	excludes      []string
	noIgnore      bool
	noArchives    bool
	progress      string
	color         string
	quiet         bool
	verbose       bool
	// git only
	refs      []string
	rangeSpec string
	reposFile string
	shard     string
	backend   string
	list      listFlags // --github-org, --gitlab-group...
	cacheDir  string
	cloneJobs int
	cfg       configFlags // --config, --no-config
}

func newFlagSet(cmd string, stderr io.Writer, f *scanFlags) *pflag.FlagSet {
	fs := pflag.NewFlagSet("cambscan "+cmd, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.StringVarP(&f.format, "format", "f", "text", "output format on stdout: text, json, jsonl or sarif")
	fs.StringArrayVar(&f.reports, "report", nil, "also write a report to `FILE`; format from its extension (.sarif, .json, .jsonl, .txt); repeatable")
	if cmd != "staged" && cmd != "pre-push" {
		fs.BoolVar(&f.verify, "verify", false, "check each unique key once against CAMB.AI (sends the key to https://client.camb.ai only)")
		fs.IntVar(&f.verifyConc, "verify-concurrency", 4, "probes in flight at most")
		fs.DurationVar(&f.verifyTimeout, "verify-timeout", 10*time.Second, "timeout of one probe")
		fs.StringVar(&f.verifyURL, "verify-url", "", "probe another base `URL` (https, or loopback http for tests)")
	} else {
		// Registered so that a clear refusal replaces "unknown flag".
		fs.BoolVar(&f.verify, "verify", false, "refused: "+cmd+" scans are always offline")
	}
	fs.StringVar(&f.failOn, "fail-on", "any", "which findings make the exit code 1: any, live or none")
	fs.StringVar(&f.baseline, "baseline", "", "suppress the findings whose fingerprints are in `FILE`")
	fs.StringVar(&f.writeBaseline, "write-baseline", "", "write the fingerprints of this scan's findings to `FILE`")
	fs.BoolVar(&f.showSecrets, "show-secrets", false, "print whole keys (default: redacted to the first and last 4 characters)")
	fs.StringVar(&f.minConfidence, "min-confidence", "medium", "hide findings below this confidence: medium or high")
	fs.IntVarP(&f.jobs, "jobs", "j", runtime.NumCPU(), "matching goroutines (1 to 256)")
	fs.StringVar(&f.maxFileSize, "max-file-size", "10MiB", "skip files and blobs larger than this (bytes, or with KiB/MiB/GiB)")
	fs.BoolVar(&f.noArchives, "no-archives", false, "do not look inside zip, jar, tar, tar.gz and .gz files (they are skipped as binary)")
	fs.StringArrayVar(&f.excludes, "exclude", nil, "skip paths matching `GLOB`, tried on every run of path components: *.min.js, vendor, docs/**/*.md, **/testdata/** (doublestar syntax); repeatable")
	if cmd == "scan" {
		fs.BoolVar(&f.noIgnore, "no-ignore", false, "in a git work tree, also scan files that .gitignore ignores")
	}
	fs.StringVar(&f.progress, "progress", "auto", "progress line on stderr: auto (when stderr is a terminal), always or never")
	fs.StringVar(&f.color, "color", "auto", "colour the text report: auto (stdout is a terminal; NO_COLOR, CLICOLOR_FORCE and TERM=dumb count), always or never")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "print findings only: no summary, no warnings")
	fs.BoolVarP(&f.verbose, "verbose", "v", false, "list every skipped input on stderr")
	addConfigFlags(fs, &f.cfg)
	if cmd == "git" {
		fs.StringArrayVar(&f.refs, "ref", nil, "scan only what `REV` reaches: a ref, a hash, HEAD~2, v1^{commit}... (repeatable; default: every ref and unreachable object)")
		fs.StringVar(&f.rangeSpec, "range", "", "scan only the blobs introduced by the commits in `A..B` (pull requests), or in A...B (either side, not both)")
		fs.StringVar(&f.reposFile, "repos-file", "", "read repositories from `FILE`, one path or URL a line")
		fs.StringVar(&f.shard, "shard", "", "scan only share `I/N` of the repository list (0 <= I < N)")
		addListFlags(fs, &f.list)
		fs.StringVar(&f.backend, "git-backend", "auto", "object reader: auto, go (built-in pack reader) or exec (git cat-file)")
		fs.StringVar(&f.cacheDir, "cache-dir", "", "keep a mirror of each URL and the blobs already scanned in `DIR`: later runs fetch and scan only what is new")
		fs.IntVar(&f.cloneJobs, "clone-jobs", 4, "with --cache-dir: clones and fetches in flight at most (1 to 64)")
		fs.DurationVar(&f.verifyMaxAge, "verify-max-age", 0, "with --cache-dir and --verify: reuse a key's live or revoked result younger than this (say 24h; 0 probes every key)")
	}
	return fs
}

// parseSize parses "10MiB", "512k", "1048576".
func parseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suf string
		m   int64
	}{{"gib", 1 << 30}, {"mib", 1 << 20}, {"kib", 1 << 10}, {"gb", 1e9}, {"mb", 1e6}, {"kb", 1e3}, {"g", 1 << 30}, {"m", 1 << 20}, {"k", 1 << 10}, {"b", 1}} {
		if strings.HasSuffix(t, u.suf) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suf)), u.m
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return int64(n * float64(mult)), nil
}

func runScan(ctx context.Context, cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) error {
	var f scanFlags
	fs := newFlagSet(cmd, stderr, &f)
	fs.Usage = func() {} // errors are reported below, help goes to stdout
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			printCommandUsage(stdout, cmd, fs)
			return errHelp
		}
		return &exitError{code: 2, msg: fmt.Sprintf("%v%s\nRun 'cambscan %s --help' for usage.", err, flagSuggestion(err, fs), cmd)}
	}
	rc, err := f.withRepoConfig(f.cfg, cmd, fs, getenv)
	if err != nil {
		return err
	}
	cfg, err := f.config(cmd, fs.Args(), getenv, stderr)
	if err != nil {
		return err
	}
	cfg.repo = rc
	cfg.stdin = stdin
	if err := resolveListings(ctx, cfg, stderr); err != nil {
		return err
	}
	limitMemory(ctx, cfg.maxSize, getenv)
	if cmd == "pre-push" {
		remote := ""
		if len(fs.Args()) > 0 {
			remote = fs.Arg(0)
		}
		if cfg.push, err = prePushSpec(remote, stdin, getenv); err != nil {
			return err
		}
		if len(cfg.push.include) == 0 {
			if !f.quiet {
				fmt.Fprintln(stderr, "cambscan: pre-push: the push sends no commits (deletions only, or nothing); nothing to scan")
			}
			return nil
		}
	}
	return execute(ctx, cfg, stdout, stderr)
}

func printCommandUsage(w io.Writer, cmd string, fs *pflag.FlagSet) {
	switch cmd {
	case "scan":
		fmt.Fprint(w, "Usage: cambscan scan [flags] [PATH...]\n\nScan files on disk (default \".\"). In a git work tree: tracked and untracked\nfiles that .gitignore does not ignore. PATH - reads standard input.\n\nFlags:\n")
	case "git":
		fmt.Fprint(w, "Usage: cambscan git [flags] [REPO|URL...]\n\nScan the whole history of each repository (default \".\"): every ref, every\nreachable and unreachable blob, each read once. URLs are cloned into a\ntemporary bare repository that is removed afterwards. --github-org,\n--github-user and --gitlab-group add every repository an organisation, a\nuser or a group holds (tokens from GITHUB_TOKEN and GITLAB_TOKEN, sent to\nthat host only).\n\nFlags:\n")
	case "pre-push":
		fmt.Fprint(w, "Usage: cambscan pre-push [flags] [REMOTE [URL]]\n\nScan the commits that a push would send and the remote does not have: a git\npre-push hook ('cambscan hook install --pre-push') gives the remote's name\nand URL as arguments and a line per ref on stdin (<local ref> <local sha>\n<remote ref> <remote sha>); under pre-commit, PRE_COMMIT_FROM_REF and\nPRE_COMMIT_TO_REF say the same. What refs/remotes/REMOTE/* reach counts as on\nthe remote. Deletions send nothing. Always offline.\n\nFlags:\n")
	case "staged":
		fmt.Fprint(w, "Usage: cambscan staged [flags] [FILE...]\n\nScan the lines that the staged changes of the repository in \".\" add. Reads\nthe index, never the working tree; always offline. Made for pre-commit.\nInside a git hook (GIT_INDEX_FILE set) FILEs limit the scan to those staged\npaths; outside one (pre-commit run --all-files / --files) FILEs are scanned\nwhole from disk, so a key committed earlier is still found.\n\nFlags:\n")
	}
	fmt.Fprint(w, flagHelp(fs, helpWidth))
	fmt.Fprint(w, "\nExit codes: 0 no failing findings, 1 failing findings, 2 usage error or a\nscan that could not run, 130 interrupted.\n")
}

// maxJobs caps --jobs: matching is CPU-bound, so more goroutines than this
// only cost memory (each holds a read buffer) and never speed a scan up.
const maxJobs = 256

// config is a validated scan request.
type config struct {
	cmd      string
	targets  []string
	flags    scanFlags
	minConf  rules.Confidence
	maxSize  int64
	isTTY    bool
	baseline baseline
	getenv   env
	stdin    io.Reader   // read by "scan -"
	push     *pushSpec   // what pre-push scans
	repo     *repoConfig // the repository config, or nil
	listed   *listing    // what --github-org and the like listed, or nil
	// excludes counts what each --exclude matched, for a warning about
	// one that matched nothing: only in scan, where every path is walked
	// (git and staged apply globs to findings and changes only).
	excludes *scanner.Excludes
	gitCache *gitCache // git --cache-dir, opened by execute
	// rulesVersion replaces rules.Version as the name of --cache-dir's
	// seen store; only tests set it (to see a rules bump rescan).
	rulesVersion string
}

func (f *scanFlags) config(cmd string, args []string, getenv env, stderr io.Writer) (*config, error) {
	c := &config{cmd: cmd, flags: *f, getenv: getenv}
	switch f.format {
	case "text", "json", "jsonl", "sarif":
	default:
		return nil, usageErrorf("--format must be text, json, jsonl or sarif, not %q", f.format)
	}
	for _, r := range f.reports {
		if _, ok := reportFormat(r); !ok {
			return nil, usageErrorf("--report %s: the file name must end in .sarif, .json, .jsonl or .txt", r)
		}
	}
	if cmd == "pre-push" && f.verify {
		return nil, usageErrorf("--verify is refused in 'pre-push': the hook stays offline and never sends a key anywhere.\nRun 'cambscan git --verify' to check liveness")
	}
	if cmd == "staged" && f.verify {
		return nil, usageErrorf("--verify is refused in 'staged': the pre-commit path stays offline and never sends a key anywhere.\nRun 'cambscan scan --verify' or 'cambscan git --verify' to check liveness")
	}
	switch f.failOn {
	case "any", "none":
	case "live":
		if !f.verify {
			return nil, usageErrorf("--fail-on live needs --verify: without a probe no key is known to be live")
		}
	default:
		return nil, usageErrorf("--fail-on must be any, live or none, not %q", f.failOn)
	}
	var ok bool
	if c.minConf, ok = rules.ParseConfidence(f.minConfidence); !ok {
		return nil, usageErrorf("--min-confidence must be medium or high, not %q", f.minConfidence)
	}
	var err error
	if c.maxSize, err = parseSize(f.maxFileSize); err != nil {
		return nil, usageErrorf("--max-file-size: %v", err)
	}
	if f.jobs < 1 || f.jobs > maxJobs {
		return nil, usageErrorf("--jobs must be between 1 and %d, not %d", maxJobs, f.jobs)
	}
	if f.verifyTimeout <= 0 && cmd != "staged" && cmd != "pre-push" {
		return nil, usageErrorf("--verify-timeout must be positive, not %s", f.verifyTimeout)
	}
	if f.verifyConc < 1 && f.verify {
		return nil, usageErrorf("--verify-concurrency must be at least 1")
	}
	switch f.progress {
	case "auto", "always", "never":
	default:
		return nil, usageErrorf("--progress must be auto, always or never, not %q", f.progress)
	}
	if err := checkColor(f.color); err != nil {
		return nil, err
	}
	for _, g := range f.excludes {
		if err := scanner.CheckGlob(g); err != nil {
			return nil, usageErrorf("--exclude %q: %v", g, err)
		}
	}
	if cmd == "scan" && len(f.excludes) > 0 {
		if c.excludes, err = scanner.NewExcludes(f.excludes); err != nil {
			return nil, usageErrorf("--exclude: %v", err)
		}
	}
	if f.baseline != "" {
		if c.baseline, err = readBaseline(f.baseline); err != nil {
			return nil, usageErrorf("--baseline: %v", err)
		}
	}
	c.targets = args
	switch cmd {
	case "pre-push":
		if len(args) > 2 {
			return nil, usageErrorf("pre-push takes at most two arguments (git passes the remote's name and URL), got %d", len(args))
		}
		c.targets = []string{"."}
	case "git":
		if c.targets, err = gitTargets(f, args); err != nil {
			return nil, err
		}
		switch f.backend {
		case "auto", "go", "exec":
		default:
			return nil, usageErrorf("--git-backend must be auto, go or exec, not %q", f.backend)
		}
		if f.cacheDir != "" && (f.cloneJobs < 1 || f.cloneJobs > 64) {
			return nil, usageErrorf("--clone-jobs must be 1 to 64, not %d", f.cloneJobs)
		}
		if err := checkVerifyMaxAge(f); err != nil {
			return nil, err
		}
	}
	if len(c.targets) == 0 && cmd != "staged" && !f.list.any() {
		c.targets = []string{"."}
	}
	c.isTTY = isTerminal(stderr)
	return c, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
