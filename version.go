package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/spf13/pflag"
)

// Release builds stamp these with GoReleaser's usual ldflags,
// -X main.version=v1.2.3 -X main.commit=<sha> -X main.date=<RFC 3339>;
// they are never assigned at run time. Left empty, the version comes from
// the build information the go command embeds (see resolveBuild).
var (
	version string
	commit  string
	date    string
)

// devVersion is the version of a build that says nothing about itself: a
// clone built with -buildvcs=false, or a test binary. It starts with a
// number, as SARIF consumers expect of tool.driver.version (the SARIF
// multitool warns about "dev"), and sorts before every release.
const devVersion = "0.0.0-dev"

// buildInfo says which cambscan this is: `cambscan version` and the
// tool.version of the JSON and SARIF reports.
type buildInfo struct {
	Version  string `json:"version"`
	Commit   string `json:"commit"`   // "" when unknown
	Date     string `json:"date"`     // RFC 3339 commit or build time, "" when unknown
	Modified bool   `json:"modified"` // built from a work tree with uncommitted changes
	Go       string `json:"go"`
	OS       string `json:"os"`
	Arch     string `json:"arch"`
}

// stamp is what -ldflags set.
type stamp struct{ version, commit, date string }

// currentBuild describes the running binary.
func currentBuild() buildInfo {
	bi, _ := debug.ReadBuildInfo()
	return resolveBuild(stamp{version, commit, date}, bi)
}

// toolVersion is the version printed by `cambscan version`, sent as
// User-Agent and written into every report.
func toolVersion() string { return currentBuild().Version }

// resolveBuild combines the ldflags stamp with the go command's build
// information (bi may be nil). In order of preference:
//   - version: the stamp; the main module's version, which `go install
//     module@v1.2.3` sets to v1.2.3 and Go 1.24+ sets from the tag or commit
//     of a clone (a pseudo-version, "+dirty" when modified); else "0.0.0-dev".
//   - commit and date: the stamp; vcs.revision and vcs.time of a clone build;
//     else the commit and time a pseudo-version names.
func resolveBuild(s stamp, bi *debug.BuildInfo) buildInfo {
	b := buildInfo{Version: devVersion, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if bi != nil {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			b.Version = v
		}
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision":
				b.Commit = kv.Value
			case "vcs.time":
				b.Date = kv.Value
			case "vcs.modified":
				b.Modified = kv.Value == "true"
			}
		}
		if b.Commit == "" {
			b.Commit, b.Date = pseudoVersionCommit(bi.Main.Version)
		}
		if bi.GoVersion != "" {
			b.Go = bi.GoVersion
		}
	}
	if s.version != "" {
		b.Version = s.version
	}
	if s.commit != "" {
		if s.commit != b.Commit {
			b.Modified = false // the work tree state was of another commit
		}
		b.Commit = s.commit
	}
	if s.date != "" {
		b.Date = s.date
	}
	return b
}

// pseudoRE matches the end of a Go pseudo-version (v0.0.0-20261207164600-
// ef62ffd12345, v1.2.4-0.20261207164600-ef62ffd12345, v1.2.3-pre.0.2026...),
// optionally with a +build suffix.
var pseudoRE = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+-(?:.*[.-])?([0-9]{14})-([0-9a-f]{12})(?:\+[0-9A-Za-z.-]+)?$`)

// pseudoVersionCommit returns the abbreviated commit and the commit time in
// RFC 3339 that a pseudo-version names, or "", "" for any other version.
func pseudoVersionCommit(v string) (commit, date string) {
	m := pseudoRE.FindStringSubmatch(v)
	if m == nil {
		return "", ""
	}
	t, err := time.Parse("20060102150405", m[1])
	if err != nil {
		return "", ""
	}
	return m[2], t.UTC().Format(time.RFC3339)
}

// runVersion is `cambscan version [--json]`.
func runVersion(args []string, stdout io.Writer) error {
	fs := pflag.NewFlagSet("cambscan version", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	asJSON := fs.Bool("json", false, "print the build information as a JSON object")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(stdout, "Usage: cambscan version [--json]\n\nPrint the version, commit, commit date, Go version and OS/architecture of\nthis binary.\n\nFlags:\n")
			fmt.Fprint(stdout, fs.FlagUsages())
			return errHelp
		}
		return &exitError{code: 2, msg: fmt.Sprintf("%v\nRun 'cambscan version --help' for usage.", err)}
	}
	if fs.NArg() > 0 {
		return usageErrorf("version takes no arguments, got %q", fs.Arg(0))
	}
	return writeVersion(stdout, currentBuild(), *asJSON)
}

// writeVersion prints b: a first line "cambscan VERSION OS/ARCH" that
// scripts can cut, then one line per detail; or one JSON object.
func writeVersion(w io.Writer, b buildInfo, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(b)
	}
	unknown := func(s string) string {
		if s == "" {
			return "unknown"
		}
		return s
	}
	c := unknown(b.Commit)
	if b.Modified {
		c += " (modified)"
	}
	_, err := fmt.Fprintf(w, "cambscan %s %s/%s\ncommit: %s\ndate:   %s\ngo:     %s\n",
		b.Version, b.OS, b.Arch, c, unknown(b.Date), b.Go)
	return err
}
