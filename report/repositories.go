package report

import (
	"fmt"

	"github.com/cambscan/cambscan/internal/redact"
	"github.com/cambscan/cambscan/scanner"
)

// A jsonRepo is one repository of the "repositories" section: every
// target of a scan that listed repositories (--github-org and the like),
// scanned or failed, with the reason of a failure.
type jsonRepo struct {
	Target string `json:"target"`
	Status string `json:"status"` // scanned, failed or interrupted
	Reason string `json:"reason,omitempty"`
}

// repositories returns the status of each target of res, in scan order.
// The last target of an interrupted scan is "interrupted" unless it
// failed.
func repositories(res *scanner.Result, interrupted bool, red *redact.Redactor) []jsonRepo {
	failed := map[string]string{}
	for i := range res.Skipped {
		if s := &res.Skipped[i]; s.IsFailed() {
			if _, ok := failed[s.Target]; !ok {
				failed[s.Target] = s.Reason()
			}
		}
	}
	out := make([]jsonRepo, len(res.Targets))
	for i, t := range res.Targets {
		out[i] = jsonRepo{Target: red.Text(t), Status: "scanned"}
		if reason, ok := failed[t]; ok {
			out[i].Status, out[i].Reason = "failed", red.Text(reason)
		} else if interrupted && i == len(res.Targets)-1 {
			out[i].Status = "interrupted"
		}
	}
	return out
}

// repositoriesLine is the text report's line about the repositories of a
// listing: how many were scanned and how many failed.
func repositoriesLine(repos []jsonRepo) string {
	var scanned, failed, cut int
	for _, r := range repos {
		switch r.Status {
		case "scanned":
			scanned++
		case "failed":
			failed++
		default:
			cut++
		}
	}
	s := fmt.Sprintf("%d %s: %d scanned, %d failed", len(repos), plural(len(repos), "repository", "repositories"), scanned, failed)
	if failed > 0 {
		s += " (listed on stderr and in the JSON report)"
	}
	if cut > 0 {
		s += fmt.Sprintf(", %d interrupted", cut)
	}
	return s
}
