package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/internal/safefile"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
)

// configName is the repository config, read from the top level of the
// scanned repository's work tree.
const configName = ".cambscan.yaml"

// A repoConfig is a parsed .cambscan.yaml: defaults for the flags of the
// scan commands, and an allow list of fingerprints. Every value in it was
// checked when it was read. A field the file does not set is the zero
// value (set says which were set).
//
//	exclude: [vendor, "**/testdata/**"]   # added to --exclude
//	fail-on: any                           # any, live (with --verify) or none
//	min-confidence: high
//	max-file-size: 5MiB
//	allow:
//	  - fingerprint: 3f2a...64 hex digits
//	    reason: documented example key, revoked
//	    by: alice@example.com              # optional
//	    expires: 2026-12-31                # optional; in force through that day
type repoConfig struct {
	// path is the file, as it is shown in messages.
	path          string
	exclude       []string
	failOn        string
	minConfidence string
	maxFileSize   string
	allow         []allowEntry
	// flagExcludes are the --exclude globs of the command line (apply
	// sets them).
	flagExcludes []string
}

// An allowEntry accepts the findings of one fingerprint, with the reason
// why; line is where it starts in the config file.
type allowEntry struct {
	fingerprint string
	reason      string
	by          string
	expires     string // YYYY-MM-DD or ""
	line        int
}

// expired reports whether the entry's expiry date is before today's date
// at now (local time): an entry is in force through the day it names.
func (e *allowEntry) expired(now time.Time) bool {
	return e.expires != "" && e.expires < now.Format(time.DateOnly)
}

// configFlags are the flags that choose the repository config.
type configFlags struct {
	file string // --config
	none bool   // --no-config
}

// addConfigFlags registers --config and --no-config.
func addConfigFlags(fs *pflag.FlagSet, c *configFlags) {
	fs.StringVar(&c.file, "config", "", "read the repository config from `FILE` (default: the repository's .cambscan.yaml)")
	fs.BoolVar(&c.none, "no-config", false, "read no repository config")
}

// maxConfigSize caps .cambscan.yaml: about 5 000 allow entries.
const maxConfigSize = 1 << 20

// findConfig returns the repository config of a scan whose first target
// is target ("" when the command has none: the current directory), or nil
// when there is none. It is read from the top level of the git work tree
// that holds target, or from target itself when that is a directory
// outside one; a URL has none. The file must be a regular file, not a
// symlink (as git treats files in a work tree).
func findConfig(target string, getenv env) (*repoConfig, error) {
	if target == "" || target == "-" {
		target = "."
	}
	st, err := os.Stat(target)
	if strings.Contains(target, "://") || err != nil {
		return nil, nil // a URL, or a path that the scan will report
	}
	dir := ""
	if repo, err := git.Find(target, git.FindOptions{WorkTree: true, Getenv: getenv}); err == nil {
		dir = repo.Top
	} else if st.IsDir() {
		dir = target
	}
	if dir == "" {
		return nil, nil
	}
	name := displayPath(filepath.Join(dir, configName))
	c, err := readConfig(name, safefile.Options{NoFollow: true})
	if errors.Is(err, fs.ErrNotExist) {
		toml := filepath.Join(dir, ".cambscan.toml")
		if _, err := os.Lstat(toml); err == nil {
			return nil, &exitError{code: 2, msg: fmt.Sprintf("%s: cambscan reads its repository config from %s (YAML) only", displayPath(toml), configName)}
		}
		return nil, nil
	}
	return c, err
}

// displayPath shows name relative to the working directory when it is
// under it.
func displayPath(name string) string {
	wd, err := os.Getwd()
	if err != nil {
		return name
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return name
	}
	if rel, err := filepath.Rel(wd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return name
}

// readConfig reads and checks a config file. Its errors are exit-2
// errors that name the file, and the line where one is known.
func readConfig(name string, o safefile.Options) (*repoConfig, error) {
	fh, st, err := safefile.Open(name, o)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, &exitError{code: 2, msg: fmt.Sprintf("config: %v", err)}
	}
	defer fh.Close()
	if st.Size() > maxConfigSize {
		return nil, &exitError{code: 2, msg: fmt.Sprintf("config %s: %d bytes, over the %d MiB limit", name, st.Size(), maxConfigSize>>20)}
	}
	data, err := safefile.ReadAll(fh, name, maxConfigSize)
	if err != nil {
		return nil, &exitError{code: 2, msg: fmt.Sprintf("config: %v", err)}
	}
	c, err := parseConfig(name, data)
	if err != nil {
		return nil, &exitError{code: 2, msg: err.Error()}
	}
	return c, nil
}

// A configError is a problem at a line of a config file.
type configError struct {
	file string
	line int
	msg  string
}

func (e *configError) Error() string {
	if e.line == 0 {
		return fmt.Sprintf("%s: %s", e.file, e.msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.msg)
}

// yamlLine finds "line N: " in the parser's syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parseConfig parses the YAML of a config file. It walks the document's
// nodes rather than decoding into a struct so that each error names the
// line of the value it is about: an unknown field, a duplicate field, a
// value of the wrong kind or out of range.
func parseConfig(name string, data []byte) (*repoConfig, error) {
	c := &repoConfig{path: name}
	var doc yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file
		}
		msg := err.Error()
		line := 0
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			fmt.Sscan(m[1], &line)
			msg = msg[len(m[0]):]
		}
		return nil, &configError{name, line, "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil, &configError{name, more.Line, "more than one YAML document"}
	}
	if len(doc.Content) == 0 {
		return c, nil
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return c, nil // a file of comments only
	}
	p := &configParser{file: name}
	err := p.mapping(top, "the config", []string{"exclude", "fail-on", "min-confidence", "max-file-size", "allow"}, func(key string, v *yaml.Node) error {
		switch key {
		case "exclude":
			return p.list(v, key, func(n *yaml.Node) error {
				g, err := p.scalar(n, "an exclude entry")
				if err == nil {
					if err = scanner.CheckGlob(g); err != nil {
						return p.errorf(n, "exclude %q: %v", g, err)
					}
					c.exclude = append(c.exclude, g)
				}
				return err
			})
		case "fail-on":
			s, err := p.scalar(v, key)
			if err == nil && s != "any" && s != "live" && s != "none" {
				err = p.errorf(v, "fail-on must be any, live or none, not %q", s)
			}
			c.failOn = s
			return err
		case "min-confidence":
			s, err := p.scalar(v, key)
			if _, ok := rules.ParseConfidence(s); err == nil && !ok {
				err = p.errorf(v, "min-confidence must be medium or high, not %q", s)
			}
			c.minConfidence = s
			return err
		case "max-file-size":
			s, err := p.scalar(v, key)
			if err == nil {
				if _, perr := parseSize(s); perr != nil {
					err = p.errorf(v, "max-file-size: %v", perr)
				}
			}
			c.maxFileSize = s
			return err
		case "allow":
			return p.list(v, key, func(n *yaml.Node) error {
				e, err := p.allowEntry(n)
				if err == nil {
					c.allow = append(c.allow, e)
				}
				return err
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// A configParser checks the nodes of one config file.
type configParser struct {
	file string
}

func (p *configParser) errorf(n *yaml.Node, format string, args ...any) error {
	return &configError{p.file, n.Line, fmt.Sprintf(format, args...)}
}

// mapping calls fn for each field of the mapping n, refusing a field not
// in known and a field given twice.
func (p *configParser) mapping(n *yaml.Node, what string, known []string, fn func(key string, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errorf(n, "%s must be a mapping of fields (%s)", what, strings.Join(known, ", "))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || !slices.Contains(known, k.Value) {
			return p.errorf(k, "unknown field %q in %s (known: %s)", k.Value, what, strings.Join(known, ", "))
		}
		if seen[k.Value] {
			return p.errorf(k, "field %q given twice", k.Value)
		}
		seen[k.Value] = true
		if err := fn(k.Value, v); err != nil {
			return err
		}
	}
	return nil
}

// list calls fn for each element of the sequence n (null is empty).
func (p *configParser) list(n *yaml.Node, what string, fn func(*yaml.Node) error) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return p.errorf(n, "%s must be a list", what)
	}
	for _, e := range n.Content {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// scalar returns the text of a scalar that is not null; anchors and
// aliases are refused with everything else that is no plain value.
func (p *configParser) scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errorf(n, "%s must be a single value", what)
	}
	return n.Value, nil
}

// allowEntry parses one entry of the allow list.
func (p *configParser) allowEntry(n *yaml.Node) (allowEntry, error) {
	e := allowEntry{line: n.Line}
	err := p.mapping(n, "an allow entry", []string{"fingerprint", "reason", "by", "expires"}, func(key string, v *yaml.Node) error {
		s, err := p.scalar(v, key)
		if err != nil {
			return err
		}
		switch key {
		case "fingerprint":
			// The value is not echoed: a key pasted here by mistake must
			// not reach a log.
			var sum [32]byte
			if !decodeFingerprint(&sum, s) {
				return p.errorf(v, "fingerprint must be 64 lowercase hex digits (a finding's fingerprint, as the JSON report and --write-baseline give it)")
			}
			e.fingerprint = s
		case "reason":
			e.reason = strings.TrimSpace(s)
		case "by":
			e.by = s
		case "expires":
			if _, err := time.Parse(time.DateOnly, s); err != nil {
				return p.errorf(v, "expires must be a date YYYY-MM-DD, not %q", s)
			}
			e.expires = s
		}
		return nil
	})
	switch {
	case err != nil:
		return e, err
	case e.fingerprint == "":
		return e, p.errorf(n, "an allow entry needs a fingerprint")
	case e.reason == "":
		return e, p.errorf(n, "the allow entry for %s needs a reason", e.fingerprint)
	}
	return e, nil
}

// apply sets the flags that the command line did not set from the config;
// its excludes come before those of the command line. A fail-on of live
// applies only with --verify: without a probe no key is known to be live,
// so a run without one keeps failing on any finding.
func (c *repoConfig) apply(f *scanFlags, changed func(string) bool) {
	c.flagExcludes = slices.Clone(f.excludes)
	f.excludes = append(slices.Clone(c.exclude), f.excludes...)
	if c.failOn != "" && !changed("fail-on") && (c.failOn != "live" || f.verify) {
		f.failOn = c.failOn
	}
	if c.minConfidence != "" && !changed("min-confidence") {
		f.minConfidence = c.minConfidence
	}
	if c.maxFileSize != "" && !changed("max-file-size") {
		f.maxFileSize = c.maxFileSize
	}
}

// loadConfig returns the config a scan reads: --config FILE, none with
// --no-config, else the one found from the first target.
func loadConfig(cf configFlags, firstTarget string, getenv env) (*repoConfig, error) {
	switch {
	case cf.none && cf.file != "":
		return nil, usageErrorf("--config and --no-config exclude each other")
	case cf.none:
		return nil, nil
	case cf.file != "":
		c, err := readConfig(cf.file, safefile.Options{})
		if errors.Is(err, fs.ErrNotExist) {
			return nil, usageErrorf("--config %s: no such file", cf.file)
		}
		return c, err
	}
	return findConfig(firstTarget, getenv)
}

// An allowList is the allow entries of a config in force at a time.
type allowList struct {
	active  map[string]*allowEntry
	expired []*allowEntry
	path    string
}

// newAllowList splits c's entries into those in force at now and those
// expired.
func newAllowList(c *repoConfig, now time.Time) *allowList {
	if c == nil || len(c.allow) == 0 {
		return nil
	}
	a := &allowList{active: map[string]*allowEntry{}, path: c.path}
	for i := range c.allow {
		e := &c.allow[i]
		if e.expired(now) {
			a.expired = append(a.expired, e)
			continue
		}
		a.active[e.fingerprint] = e
	}
	return a
}

// suppress removes the findings the list allows from res and counts them
// in res.Suppressed; each expired entry adds a warning to res, whether or
// not it matched.
func (a *allowList) suppress(res *scanner.Result) {
	if a == nil {
		return
	}
	for _, e := range a.expired {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s:%d: the allow entry for %s expired on %s and no longer suppresses its findings (reason was: %s)",
			a.path, e.line, e.fingerprint, e.expires, e.reason))
	}
	if len(a.active) == 0 {
		return
	}
	kept := res.Findings[:0]
	for i := range res.Findings {
		if a.active[res.Findings[i].Fingerprint()] != nil {
			res.Suppressed++
			continue
		}
		kept = append(kept, res.Findings[i])
	}
	clear(res.Findings[len(kept):])
	res.Findings = kept
}

// afterScan applies the config to the result of a scan: the allow list
// in force today suppresses its findings, an expired entry is a warning,
// and an unmatched config exclude is no warning. c may be nil.
func (c *repoConfig) afterScan(res *scanner.Result) {
	if c == nil {
		return
	}
	c.quietGlobs(res)
	newAllowList(c, time.Now()).suppress(res)
}

// quietGlobs drops the engine's warning about a config exclude that
// matched no path: a repository's list names directories that a scan of
// part of it need not reach. The same glob given with --exclude still
// warns.
func (c *repoConfig) quietGlobs(res *scanner.Result) {
	drop := map[string]bool{}
	for _, g := range c.exclude {
		if !slices.Contains(c.flagExcludes, g) {
			drop[fmt.Sprintf("--exclude %q matched no path", g)] = true
		}
	}
	res.Warnings = slices.DeleteFunc(res.Warnings, func(w string) bool { return drop[w] })
}

// withRepoConfig loads the repository config of a scan command and sets
// from it the flags that the command line did not set. The config is found
// from the first target on the command line ("." without one: staged and
// pre-push always); a git scan of a --repos-file list (or of a listing,
// --github-org...) alone reads none
// unless --config names one, since the list's repositories are not ".".
func (f *scanFlags) withRepoConfig(cf configFlags, cmd string, fs *pflag.FlagSet, getenv env) (*repoConfig, error) {
	first := ""
	if (cmd == "scan" || cmd == "git") && fs.NArg() > 0 {
		first = fs.Arg(0)
	}
	if cmd == "git" && fs.NArg() == 0 && (f.reposFile != "" || f.list.any()) && cf.file == "" {
		return nil, nil
	}
	rc, err := loadConfig(cf, first, getenv)
	if err != nil || rc == nil {
		return nil, err
	}
	rc.apply(f, fs.Changed)
	return rc, nil
}

// preReceiveConfig reads the --config of 'cambscan pre-receive', or
// returns nil without one. A server hook reads no config from the
// repository: there is no work tree, and a push must not bring the config
// that weakens its own check.
func preReceiveConfig(fs *pflag.FlagSet) (*repoConfig, error) {
	name := fs.Lookup("config").Value.String()
	if name == "" {
		return nil, nil
	}
	return loadConfig(configFlags{file: name}, "", nil)
}

// minConf is the config's min-confidence; the engine's default without
// one. c may be nil.
func (c *repoConfig) minConf() rules.Confidence {
	var conf rules.Confidence
	if c != nil && c.minConfidence != "" {
		conf, _ = rules.ParseConfidence(c.minConfidence)
	}
	return conf
}

// afterPush applies a config to a pre-receive scan: its excludes drop the
// findings in paths they match (as in git and staged, which apply globs to
// findings), then afterScan. Its fail-on is not used: a server hook that
// lets keys through checks nothing. c may be nil.
func (c *repoConfig) afterPush(res *scanner.Result) {
	if c == nil {
		return
	}
	if ex, err := scanner.NewExcludes(c.exclude); err == nil && len(c.exclude) > 0 {
		res.Findings = slices.DeleteFunc(res.Findings, func(f scanner.Finding) bool { return ex.MatchMember(f.Path) })
	}
	c.afterScan(res)
}
