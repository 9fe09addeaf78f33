package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/cambscan/cambscan/internal/redact"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/verify"
)

// A jsonFinding is the wire form of a finding. Field order is the order
// of the contract; history fields are omitted outside history scans.
type jsonFinding struct {
	Rule         string         `json:"rule"`
	Confidence   string         `json:"confidence"`
	Context      string         `json:"context"`
	Secret       string         `json:"secret"`
	SecretSHA256 string         `json:"secret_sha256"`
	Fingerprint  string         `json:"fingerprint"`
	Kind         string         `json:"kind"`
	Target       string         `json:"target"`
	Path         string         `json:"path"`
	Line         int            `json:"line"`
	Column       int            `json:"column"`
	EndLine      int            `json:"end_line"`
	EndColumn    int            `json:"end_column"`
	Encoding     string         `json:"encoding,omitempty"`
	Blob         string         `json:"blob,omitempty"`
	Commit       string         `json:"commit,omitempty"`
	Author       string         `json:"author,omitempty"`
	Email        string         `json:"email,omitempty"`
	Date         *time.Time     `json:"date,omitempty"`
	Occurrences  int            `json:"occurrences,omitempty"`
	Reachable    *bool          `json:"reachable,omitempty"`
	Verification *verify.Result `json:"verification,omitempty"`
	FirstSeen    *time.Time     `json:"first_seen,omitempty"`
	LastSeen     *time.Time     `json:"last_seen,omitempty"`
}

// A jsonSkip is the wire form of a skipped input (scanner.Skip's own
// MarshalJSON writes the same fields, unredacted).
type jsonSkip struct {
	Target string `json:"target"`
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonStats struct {
	Files      int            `json:"files"`
	Bytes      int64          `json:"bytes"`
	Skipped    int            `json:"skipped"`
	DurationMS int64          `json:"duration_ms"`
	Findings   int            `json:"findings"`
	Suppressed int            `json:"suppressed"`
	ByStatus   map[string]int `json:"by_status"`
}

type jsonReport struct {
	Schema   string        `json:"schema"`
	Tool     jsonTool      `json:"tool"`
	Command  string        `json:"command"`
	Target   []string      `json:"target"`
	Findings []jsonFinding `json:"findings"`
	Skipped  []jsonSkip    `json:"skipped"`
	Warnings []string      `json:"warnings"`
	Stats    jsonStats     `json:"stats"`
	// Repositories is there only when Options.Repositories is set.
	Repositories []jsonRepo `json:"repositories,omitempty"`
}

// toJSON returns f's wire form; every text field goes through red.
func toJSON(f *scanner.Finding, red *redact.Redactor) jsonFinding {
	j := jsonFinding{
		Rule:         f.RuleID,
		Confidence:   f.Confidence.String(),
		Context:      f.Context,
		Secret:       red.Secret(f.Secret),
		SecretSHA256: f.SecretSHA256(),
		Fingerprint:  f.Fingerprint(),
		Kind:         string(f.Kind),
		Target:       red.Text(f.Target),
		Path:         red.Text(f.Path),
		Line:         f.Line,
		Column:       f.Column,
		EndLine:      f.EndLine,
		EndColumn:    f.EndColumn,
		Encoding:     f.Encoding,
		Blob:         f.Blob,
		Verification: f.Verification,
	}
	if v := f.Verification; v != nil && red.Text(v.Reason) != v.Reason {
		c := *v
		c.Reason = red.Text(v.Reason)
		j.Verification = &c
	}
	if f.Kind == scanner.KindHistory {
		j.Commit, j.Author, j.Email = f.Commit, red.Text(f.Author), red.Text(f.Email)
		if !f.Date.IsZero() {
			d := f.Date.UTC()
			j.Date = &d
		}
		j.Occurrences = f.Occurrences
		if !f.FirstSeen.IsZero() {
			a, b := f.FirstSeen.UTC(), f.LastSeen.UTC()
			j.FirstSeen, j.LastSeen = &a, &b
		}
		r := f.Reachable
		j.Reachable = &r
	}
	return j
}

func writeJSON(w io.Writer, res *scanner.Result, opts Options, red *redact.Redactor) error {
	r := jsonReport{
		Schema:   Schema,
		Tool:     jsonTool{Name: "cambscan", Version: opts.Version},
		Command:  opts.Command,
		Target:   make([]string, len(res.Targets)),
		Findings: make([]jsonFinding, 0, len(res.Findings)),
		Skipped:  make([]jsonSkip, len(res.Skipped)),
		Warnings: make([]string, len(res.Warnings)),
		Stats: jsonStats{
			Files:      res.Stats.Files,
			Bytes:      res.Stats.Bytes,
			Skipped:    res.Stats.Skipped,
			DurationMS: res.Stats.Duration.Milliseconds(),
			Findings:   len(res.Findings),
			Suppressed: res.Suppressed,
			ByStatus:   statusCounts(res.Findings),
		},
	}
	for i, t := range res.Targets {
		r.Target[i] = red.Text(t)
	}
	for i := range res.Skipped {
		s := &res.Skipped[i]
		r.Skipped[i] = jsonSkip{Target: red.Text(s.Target), Path: red.Text(s.Path), Reason: red.Text(s.Reason())}
	}
	for i, w := range res.Warnings {
		r.Warnings[i] = red.Text(w)
	}
	for i := range res.Findings {
		r.Findings = append(r.Findings, toJSON(&res.Findings[i], red))
	}
	if opts.Repositories {
		r.Repositories = repositories(res, opts.Interrupted, red)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func writeJSONL(w io.Writer, res *scanner.Result, red *redact.Redactor) error {
	enc := json.NewEncoder(w)
	for i := range res.Findings {
		if err := enc.Encode(toJSON(&res.Findings[i], red)); err != nil {
			return err
		}
	}
	return nil
}
