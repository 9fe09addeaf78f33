package hostile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// A Report is the part of cambscan's JSON report (schema cambscan/v1) that
// the cases look at.
type Report struct {
	Schema   string    `json:"schema"`
	Findings []Finding `json:"findings"`
	Skipped  []struct {
		Target string `json:"target"`
		Path   string `json:"path"`
		Reason string `json:"reason"`
	} `json:"skipped"`
	Warnings []string `json:"warnings"`
	Target   []string `json:"target"`
	Stats    struct {
		Files    int `json:"files"`
		Skipped  int `json:"skipped"`
		Findings int `json:"findings"`
	} `json:"stats"`
}

// A Finding is one finding of a JSON report.
type Finding struct {
	Rule         string `json:"rule"`
	Secret       string `json:"secret"`
	Target       string `json:"target"`
	Path         string `json:"path"`
	Line         int    `json:"line"`
	Column       int    `json:"column"`
	Commit       string `json:"commit"`
	Verification *struct {
		Status string `json:"status"`
		Reason string `json:"reason"`
	} `json:"verification"`
}

// ParseReport decodes a JSON report.
func ParseReport(b []byte) (*Report, error) {
	var rep Report
	if err := json.Unmarshal(b, &rep); err != nil {
		return nil, fmt.Errorf("stdout is not a JSON report: %v", err)
	}
	if rep.Schema == "" {
		return nil, fmt.Errorf("stdout is not a cambscan JSON report")
	}
	return &rep, nil
}

// Paths lists the paths of the findings.
func (rep *Report) Paths() []string {
	var ps []string
	for _, f := range rep.Findings {
		ps = append(ps, f.Path)
	}
	return ps
}

// Has reports whether a finding of key has a path for which match is true.
func (rep *Report) Has(key string, match func(path string) bool) bool {
	for _, f := range rep.Findings {
		if f.Secret == Redacted(key) && match(f.Path) {
			return true
		}
	}
	return false
}

// Is matches a path equal to p.
func Is(p string) func(string) bool { return func(s string) bool { return s == p } }

// HasSuffix matches a path ending in p.
func HasSuffix(p string) func(string) bool {
	return func(s string) bool { return strings.HasSuffix(s, p) }
}

// Any matches every path.
func Any(string) bool { return true }

// JSONFindings checks that stdout is a JSON report with a finding of each
// key at a path matched by match, and runs more on it.
func JSONFindings(match func(string) bool, keys []string, more ...func(*Report) error) func(*Result) error {
	return func(r *Result) error {
		rep, err := ParseReport(r.Stdout)
		if err != nil {
			return err
		}
		for _, k := range keys {
			if !rep.Has(k, match) {
				return fmt.Errorf("key %s not reported at the expected path (findings at %q)", Redacted(k), short(rep.Paths()))
			}
		}
		for _, m := range more {
			if err := m(rep); err != nil {
				return err
			}
		}
		return nil
	}
}

// short keeps the first few paths of a list for a message.
func short(ps []string) []string {
	if len(ps) > 4 {
		return append(ps[:4:4], fmt.Sprintf("... %d more", len(ps)-4))
	}
	return ps
}

// TextFinding checks that stdout names each key, redacted.
func TextFinding(keys ...string) func(*Result) error {
	return func(r *Result) error {
		for _, k := range keys {
			if !bytes.Contains(r.Stdout, []byte(Redacted(k))) {
				return fmt.Errorf("key %s not reported on stdout", Redacted(k))
			}
		}
		return nil
	}
}

// StderrSays checks that stderr holds each of words (case-insensitive):
// the "clear message" of an exit 2.
func StderrSays(words ...string) func(*Result) error {
	return func(r *Result) error {
		low := strings.ToLower(string(r.Stderr))
		for _, w := range words {
			if !strings.Contains(low, strings.ToLower(w)) {
				return fmt.Errorf("stderr does not say %q%s", w, firstStderr(r))
			}
		}
		return nil
	}
}

// NonEmptyStderr checks that an exit 2 says why.
func NonEmptyStderr(r *Result) error {
	if len(bytes.TrimSpace(r.Stderr)) == 0 {
		return fmt.Errorf("exit %d with nothing on stderr", r.Exit)
	}
	return nil
}

// FoundOrRefused accepts exit 1 with every key reported in the JSON report
// on stdout, or exit 2 with a message: for metadata that git itself
// refuses, refusing the repository is as good as scanning around it.
func FoundOrRefused(keys ...string) func(*Result) error {
	return func(r *Result) error {
		if r.Exit == 2 {
			return NonEmptyStderr(r)
		}
		return JSONFindings(Any, keys)(r)
	}
}

// All runs every check in turn.
func All(checks ...func(*Result) error) func(*Result) error {
	return func(r *Result) error {
		for _, c := range checks {
			if err := c(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// FileExists checks that the run wrote name.
func FileExists(name string) func(*Result) error {
	return func(*Result) error {
		st, err := os.Stat(name)
		if err != nil {
			return fmt.Errorf("report not written: %v", err)
		}
		if st.Size() == 0 {
			return fmt.Errorf("report %s is empty", name)
		}
		return nil
	}
}

// ReportFindings checks that the JSON report file name holds each key.
func ReportFindings(name string, keys ...string) func(*Result) error {
	return func(*Result) error {
		b, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("report not written: %v", err)
		}
		rep, err := ParseReport(b)
		if err != nil {
			return fmt.Errorf("report %s: %v", name, err)
		}
		for _, k := range keys {
			if !rep.Has(k, Any) {
				return fmt.Errorf("report %s lacks key %s", name, Redacted(k))
			}
		}
		return nil
	}
}

// SkippedSome checks that the report counts at least one skipped input.
func SkippedSome(rep *Report) error {
	if rep.Stats.Skipped == 0 && len(rep.Skipped) == 0 {
		return fmt.Errorf("nothing reported as skipped")
	}
	return nil
}
