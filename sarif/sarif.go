// Package sarif writes scan results as SARIF 2.1.0 for GitHub code
// scanning, with go-sarif/v2.
//
// A log has one run. Its rules are the detection contexts of package rules
// (one reportingDescriptor each, with help on rotating a CAMB.AI key);
// its results point at the key itself with a region in Unicode code
// points, under a repository-relative, percent-encoded URI with uriBaseId
// %SRCROOT%. The log never holds a key, nor an unsalted hash of one: the
// partial fingerprint is the finding's fingerprint (a hash over rule, path
// and the key's hash, DESIGN.md section 6), and primaryLocationLineHash is
// derived from it rather than from file content, so a history finding in
// a file that no longer exists is not matched against unrelated code.
//
// # Severity
//
// GitHub takes security-severity from the rule only, so every rule says
// 8.0 ("High", an unverified hardcoded key). Liveness ranks results within
// that: a live key is level "error" with rank 98, an unverified or
// unknown one "error" with rank 80 (70 at medium confidence), a revoked
// one "note" with rank 40.
//
// # Determinism
//
// The output depends only on the Result and Options: results are sorted by
// location, rule and commit, and then by their whole content; maps are
// written in key order; no clock is read.
package sarif

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/cambscan/cambscan/internal/redact"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
)

// InformationURI is the tool's home page, written as the driver's
// informationUri and each rule's helpUri.
const InformationURI = "https://github.com/cambscan/cambscan"

// FingerprintKey is the partialFingerprints entry holding
// scanner.Finding.Fingerprint.
const FingerprintKey = "cambscan/v1"

// DefaultMaxResults is the default cap on results per log: the limit of
// the GitHub ingestion rule GH1004 of Microsoft's SARIF multitool (1 000
// results per run; GitHub itself displays the 5 000 most severe of at most
// 25 000). Findings over the cap are left out, the least severe first, and
// counted in a warning notification; the JSON report lists them all.
const DefaultMaxResults = 1000

// maxSkipNotes bounds the notifications listing skipped inputs; the rest
// are counted in one last notification. The JSON report lists them all.
const maxSkipNotes = 1000

// Options configure the SARIF log.
type Options struct {
	// ToolVersion is cambscan's version (tool.driver.version).
	ToolVersion string
	// SrcRoot is the directory URIs are relative to (uriBaseId %SRCROOT%):
	// GITHUB_WORKSPACE in Actions, else the working directory.
	SrcRoot string
	// WorkDir is the directory relative finding paths and targets are
	// resolved against; empty means the process's working directory.
	WorkDir string
	// AutomationID is runAutomationDetails.id, e.g. "cambscan/git/": code
	// scanning keeps one analysis per id, so scans with different ids are
	// uploaded side by side. Empty leaves it out (upload-sarif then
	// derives one from its category input or the workflow job).
	AutomationID string
	// Rules describe the rules; nil means rules.All().
	Rules []rules.Rule
	// MaxResults caps the results; 0 means DefaultMaxResults, a negative
	// value means no cap.
	MaxResults int
}

func (o *Options) maxResults() int {
	if o.MaxResults == 0 {
		return DefaultMaxResults
	}
	return o.MaxResults
}

// Write writes res as one SARIF run. It is deterministic: the same res and
// opts give the same bytes, whatever the order of res.Findings.
func Write(w io.Writer, res *scanner.Result, opts Options) error {
	log, err := build(res, opts)
	if err != nil {
		return err
	}
	data, err := encode(log)
	if err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	_, err = w.Write(data)
	return err
}

// encode writes the log indented, except that each result is one compact
// line: that halves the size of a log with many results (10 000 findings
// take about 6 MB instead of 11, under the multitool's 10 MB limit) and
// keeps diffs of the golden files one line per result.
func encode(log *gosarif.Report) ([]byte, error) {
	run := log.Runs[0]
	results := run.Results
	run.Results = []*gosarif.Result{}
	defer func() { run.Results = results }()

	var skel bytes.Buffer
	enc := json.NewEncoder(&skel)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return nil, err
	}
	const empty = `"results": []`
	const indent = "        " // a result's depth: {runs[{results[
	if len(results) == 0 {
		return skel.Bytes(), nil
	}
	// A JSON string cannot hold this text unescaped: it appears once.
	head, tail, ok := bytes.Cut(skel.Bytes(), []byte(empty))
	if !ok || bytes.Contains(tail, []byte(empty)) {
		return nil, errors.New("no single empty results array to fill")
	}
	var out bytes.Buffer
	out.Grow(skel.Len() + 600*len(results))
	out.Write(head)
	out.WriteString(`"results": [`)
	line := json.NewEncoder(&out)
	line.SetEscapeHTML(false)
	for i, r := range results {
		if i > 0 {
			out.Truncate(out.Len() - 1) // the encoder's newline
			out.WriteString(",\n")
		} else {
			out.WriteString("\n")
		}
		out.WriteString(indent)
		if err := line.Encode(r); err != nil {
			return nil, err
		}
	}
	out.WriteString(indent[:6] + "]")
	out.Write(tail)
	return out.Bytes(), nil
}

func build(res *scanner.Result, opts Options) (*gosarif.Report, error) {
	log, err := gosarif.New(gosarif.Version210)
	if err != nil {
		return nil, fmt.Errorf("new sarif log: %w", err)
	}
	if res == nil {
		res = &scanner.Result{}
	}
	sc := newScrubber(res.Findings)

	driver := gosarif.NewDriver("cambscan").WithInformationURI(InformationURI)
	if opts.ToolVersion != "" {
		driver.WithVersion(opts.ToolVersion)
		if semverRE.MatchString(opts.ToolVersion) {
			driver.WithSemanticVersion(strings.TrimPrefix(opts.ToolVersion, "v"))
		}
	}
	list := opts.Rules
	if list == nil {
		list = rules.All()
	}
	used := map[string]bool{}
	for i := range res.Findings {
		used[res.Findings[i].RuleID] = true
	}
	index := map[string]int{}
	for i, r := range ruleList(list, used) {
		index[r.ID] = i
		driver.AddRule(descriptor(r, InformationURI))
	}
	driver.WithNotifications(notificationDescriptors())

	run := gosarif.NewRun(*gosarif.NewTool(driver))
	run.WithColumnKind("unicodeCodePoints")
	if opts.AutomationID != "" {
		run.WithAutomationDetails(gosarif.NewRunAutomationDetails().WithID(opts.AutomationID))
	}

	loc := newLocator(opts.SrcRoot, opts.WorkDir)
	places := make([]place, len(res.Findings))
	for i := range res.Findings {
		places[i] = loc.place(&res.Findings[i])
	}
	resolve, bases := loc.finish()
	if len(bases) > 0 {
		m := map[string]*gosarif.ArtifactLocation{}
		for _, b := range bases {
			al := gosarif.NewArtifactLocation().WithDescriptionText(sc.clean(b.desc))
			if b.uri != "" {
				al.WithUri(b.uri)
			}
			m[b.id] = al
		}
		run.WithOriginalUriBaseIds(m)
	}

	results := make([]*sortable, len(res.Findings))
	for i := range res.Findings {
		p := places[i]
		p.base = resolve(p.base)
		results[i] = newResult(&res.Findings[i], p, index[res.Findings[i].RuleID], sc)
	}
	sortResults(results)
	// Line hashes are numbered over all findings, before the cap, so a
	// kept result's hash does not depend on which others were left out.
	seen := map[string]int{}
	for _, r := range results {
		fp := r.res.PartialFingerprints[FingerprintKey].(string)
		seen[fp]++
		r.res.PartialFingerprints["primaryLocationLineHash"] = fmt.Sprintf("%.16s:%d", fp, seen[fp])
	}
	kept := mostSevere(results, opts.maxResults())
	for _, r := range kept {
		run.Results = append(run.Results, r.res)
	}
	omitted := len(results) - len(kept)

	inv := gosarif.NewInvocation().WithExecutionSuccess(true)
	notes := notifications(res, sc)
	if omitted > 0 {
		notes = append([]*gosarif.Notification{gosarif.NewNotification().
			WithLevel("warning").
			WithDescriptor(descriptorRef(noteWarning, 0)).
			WithTextMessage(fmt.Sprintf("%d of %d findings are left out of this log, which holds the %d most severe; the JSON report (--report FILE.json) lists them all.", omitted, len(results), len(kept)))}, notes...)
	}
	inv.WithToolExecutionNotifications(notes)
	run.AddInvocations(inv)
	run.Properties = gosarif.Properties{"stats": map[string]any{
		"files":      res.Stats.Files,
		"bytes":      res.Stats.Bytes,
		"skipped":    len(res.Skipped),
		"suppressed": res.Suppressed,
		"findings":   len(results),
		"omitted":    omitted,
	}}
	log.AddRun(run)
	return log, nil
}

// semverRE matches the versions that are also SemVer 2.0 (semanticVersion).
var semverRE = regexp.MustCompile(`^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// A sortable is a result with its sort key.
type sortable struct {
	res  *gosarif.Result
	key  []string
	nums [3]int
	body []byte // the marshalled result, the last tie-breaker
}

func sortResults(rs []*sortable) {
	for _, r := range rs {
		r.body, _ = json.Marshal(r.res)
	}
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		for k := range a.key[:2] {
			if a.key[k] != b.key[k] {
				return a.key[k] < b.key[k]
			}
		}
		for k := range a.nums {
			if a.nums[k] != b.nums[k] {
				return a.nums[k] < b.nums[k]
			}
		}
		for k := 2; k < len(a.key); k++ {
			if a.key[k] != b.key[k] {
				return a.key[k] < b.key[k]
			}
		}
		return bytes.Compare(a.body, b.body) < 0
	})
}

// mostSevere returns at most max of the sorted results (all when max is
// negative): the highest ranks, ties broken by sort order, kept in sort
// order.
func mostSevere(rs []*sortable, max int) []*sortable {
	if max < 0 || len(rs) <= max {
		return rs
	}
	idx := make([]int, len(rs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return *rs[idx[a]].res.Rank > *rs[idx[b]].res.Rank })
	idx = idx[:max]
	sort.Ints(idx)
	out := make([]*sortable, max)
	for i, j := range idx {
		out[i] = rs[j]
	}
	return out
}

// A scrubber is what the log's text goes through: the scan's keys are
// redacted and URL credentials dropped wherever they show up (a file
// named after its key, a token in a clone URL quoted by a warning), so
// the log never holds key bytes or a credential whatever the input; and
// a finding's context is described in the words of package rules.
type scrubber struct {
	red     *redact.Redactor
	phrases map[string]string // rule context -> rules.Rule.Phrase
}

func newScrubber(fs []scanner.Finding) *scrubber {
	keys := make([]string, len(fs))
	for i := range fs {
		keys[i] = fs[i].Secret
	}
	s := &scrubber{red: redact.New(keys, false), phrases: map[string]string{}}
	for _, r := range rules.All() {
		s.phrases[r.Context] = r.Phrase
	}
	return s
}

func (s *scrubber) clean(text string) string { return s.red.Text(text) }

// phrase says where f's key sits, for the result message.
func (s *scrubber) phrase(f *scanner.Finding) string {
	ctx := f.Context
	if ctx == "" {
		ctx = strings.TrimPrefix(f.RuleID, "camb-api-key-")
	}
	if p := s.phrases[ctx]; p != "" {
		return p
	}
	return "(" + ctx + ")"
}
