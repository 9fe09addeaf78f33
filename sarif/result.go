package sarif

import (
	"fmt"
	"sort"
	"strings"
	"time"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/verify"
)

// A grade is how urgent a result is, from its liveness and confidence.
type grade struct {
	level    string  // SARIF result level
	rank     float32 // SARIF rank, 0-100: ten times the severity score
	liveness string  // live, revoked, unknown or unchecked
}

func gradeOf(f *scanner.Finding) grade {
	status := "unchecked"
	if f.Verification != nil {
		status = string(f.Verification.Status)
	}
	switch status {
	case string(verify.Live):
		return grade{"error", 98, status}
	case string(verify.Revoked):
		return grade{"note", 40, status}
	}
	if f.Confidence == rules.Medium {
		return grade{"error", 70, status}
	}
	return grade{"error", 80, status}
}

// message describes a finding without its key.
func message(f *scanner.Finding, g grade, sc *scrubber) string {
	var b strings.Builder
	b.WriteString("CAMB.AI API key ")
	b.WriteString(sc.phrase(f))
	switch f.Encoding {
	case rules.EncBase64.String():
		b.WriteString(" (base64-encoded)")
	case rules.EncURL.String():
		b.WriteString(" (in URL-encoded text)")
	case rules.EncHTML.String():
		b.WriteString(" (in HTML-escaped text)")
	}
	fmt.Fprintf(&b, " (%s confidence)", f.Confidence)
	switch f.Kind {
	case scanner.KindStaged:
		b.WriteString(", staged for commit")
	case scanner.KindHistory:
		if f.Path == "" {
			fmt.Fprintf(&b, ", in dangling blob %s that no commit names", short(f.Blob))
		}
		if f.Commit != "" {
			fmt.Fprintf(&b, ", introduced in commit %s", short(f.Commit))
			if f.Author != "" {
				fmt.Fprintf(&b, " by %s", sc.clean(f.Author))
			}
			if !f.Date.IsZero() {
				fmt.Fprintf(&b, " on %s", f.Date.UTC().Format("2006-01-02"))
			}
		}
		if f.Occurrences > 1 {
			fmt.Fprintf(&b, ", present in %d commits or paths", f.Occurrences)
		}
		if !f.Reachable && f.Path != "" {
			b.WriteString(", only in objects no branch or tag reaches (amended commits, dropped stashes)")
		}
	}
	if v := f.Verification; v != nil {
		switch v.Status {
		case verify.Live:
			b.WriteString("; live: the key works, rotate it now")
		case verify.Revoked:
			b.WriteString("; revoked: the key no longer works")
		default:
			b.WriteString("; liveness unknown")
			if v.Reason != "" {
				fmt.Fprintf(&b, " (%s)", sc.clean(v.Reason))
			}
		}
	}
	return sentence(b.String())
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

// newResult builds f's result, without primaryLocationLineHash (numbered
// after sorting).
func newResult(f *scanner.Finding, p place, ruleIndex int, sc *scrubber) *sortable {
	g := gradeOf(f)
	uri := escapePath(sc.clean(p.rel))
	region := gosarif.NewRegion().
		WithStartLine(max(f.Line, 1)).
		WithStartColumn(max(f.Column, 1)).
		WithEndLine(max(f.EndLine, f.Line, 1)).
		WithEndColumn(max(f.EndColumn, 1))
	r := gosarif.NewRuleResult(f.RuleID).
		WithRuleIndex(ruleIndex).
		WithLevel(g.level).
		WithRank(g.rank).
		WithMessage(gosarif.NewTextMessage(message(f, g, sc))).
		WithLocations([]*gosarif.Location{gosarif.NewLocationWithPhysicalLocation(
			gosarif.NewPhysicalLocation().
				WithArtifactLocation(gosarif.NewSimpleArtifactLocation(uri).WithUriBaseId(p.base)).
				WithRegion(region),
		)}).
		WithPartialFingerPrints(map[string]any{FingerprintKey: f.Fingerprint()})

	props := gosarif.Properties{
		"confidence": f.Confidence.String(),
		"context":    f.Context,
		"kind":       string(f.Kind),
		"liveness":   g.liveness,
	}
	if f.Blob != "" {
		props["blob"] = f.Blob
	}
	if f.Kind == scanner.KindHistory {
		for k, v := range map[string]string{"commit": f.Commit, "author": sc.clean(f.Author), "email": sc.clean(f.Email)} {
			if v != "" {
				props[k] = v
			}
		}
		if !f.Date.IsZero() {
			props["date"] = f.Date.UTC().Format(time.RFC3339)
		}
		if f.Occurrences > 0 {
			props["occurrences"] = f.Occurrences
		}
		props["reachable"] = f.Reachable
	}
	if v := f.Verification; v != nil {
		vp := map[string]any{"status": string(v.Status)}
		if v.HTTPStatus != 0 {
			vp["http_status"] = v.HTTPStatus
		}
		if v.Reason != "" {
			vp["reason"] = sc.clean(v.Reason)
		}
		if !v.CheckedAt.IsZero() {
			vp["checked_at"] = v.CheckedAt.UTC().Format(time.RFC3339)
		}
		props["verification"] = vp
	}
	r.Properties = props
	return &sortable{
		res:  r,
		key:  []string{p.base, uri, f.RuleID, f.Commit},
		nums: [3]int{f.Line, f.Column, f.EndLine},
	}
}

// Notification descriptor ids.
const (
	noteWarning = "scan-warning"
	noteSkipped = "skipped-input"
)

func notificationDescriptors() []*gosarif.ReportingDescriptor {
	d := func(id, name, short, full string) *gosarif.ReportingDescriptor {
		return gosarif.NewRule(id).WithName(name).
			WithShortDescription(gosarif.NewMultiformatMessageString(short)).
			WithFullDescription(gosarif.NewMultiformatMessageString(full)).
			WithHelp(gosarif.NewMultiformatMessageString(full))
	}
	return []*gosarif.ReportingDescriptor{
		d(noteWarning, "ScanWarning", "The scan ran but may have missed keys.",
			"The scan ran but may have missed keys: a shallow clone hides older history (check out with fetch-depth: 0), or a source could not be opened."),
		d(noteSkipped, "SkippedInput", "An input was not scanned.",
			"An input was not scanned: a binary file, a file over --max-file-size, a symbolic link out of the scanned root, or an unreadable file or directory. The JSON report lists every skipped input with its reason."),
	}
}

// notifications lists res's warnings, then its skipped inputs (at most
// maxSkipNotes of them, sorted), as tool execution notifications.
func notifications(res *scanner.Result, sc *scrubber) []*gosarif.Notification {
	var out []*gosarif.Notification
	warns := append([]string(nil), res.Warnings...)
	sort.Strings(warns)
	for _, w := range warns {
		out = append(out, gosarif.NewNotification().
			WithLevel("warning").
			WithDescriptor(descriptorRef(noteWarning, 0)).
			WithTextMessage(sentence(sc.clean(w))))
	}
	skips := append([]scanner.Skip(nil), res.Skipped...)
	sort.Slice(skips, func(i, j int) bool {
		a, b := skips[i], skips[j]
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Reason() < b.Reason()
	})
	for i, s := range skips {
		if i == maxSkipNotes {
			out = append(out, gosarif.NewNotification().
				WithLevel("note").
				WithDescriptor(descriptorRef(noteSkipped, 1)).
				WithTextMessage(fmt.Sprintf("%d more inputs were skipped; the JSON report (--report FILE.json) lists them all.", len(skips)-maxSkipNotes)))
			break
		}
		target := s.Target
		if isRemote(target) {
			target = remoteKey(target)
		}
		var text string
		switch {
		case s.Path == "":
			text = fmt.Sprintf("Could not scan %s: %s", orDot(target), s.Reason())
		case target == "" || target == ".":
			text = fmt.Sprintf("Skipped %s: %s", s.Path, s.Reason())
		default:
			text = fmt.Sprintf("Skipped %s in %s: %s", s.Path, target, s.Reason())
		}
		out = append(out, gosarif.NewNotification().
			WithLevel(skipLevel(s.Class)).
			WithDescriptor(descriptorRef(noteSkipped, 1)).
			WithTextMessage(sentence(sc.clean(text))))
	}
	return out
}

// skipLevel is "note" for inputs skipped by design (binary files, files
// over the size cap, symbolic links, devices) and "warning" for inputs that
// should have been read but could not.
func skipLevel(c scanner.SkipClass) string {
	switch c {
	case scanner.SkipBinary, scanner.SkipTooLarge, scanner.SkipSymlink, scanner.SkipLinkOutside, scanner.SkipLinkBroken, scanner.SkipNotRegular:
		return "note"
	}
	return "warning"
}

func descriptorRef(id string, index int) *gosarif.ReportingDescriptorReference {
	return gosarif.NewReportingDescriptorReference().WithId(id).WithIndex(index)
}
