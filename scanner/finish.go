package scanner

import "context"

// A Finisher is a Source told that its scan ran to the end: every chunk
// matched, the findings resolved. Finish gets those findings (before the
// confidence floor and the baseline) and returns them, possibly annotated;
// an incremental source records there what it scanned, so a run killed
// before a source finished scans that source again. Finish is not called
// when the scan was cancelled or the source failed. An error from it is
// a warning: the findings are still reported.
type Finisher interface {
	Finish(ctx context.Context, found []Finding) ([]Finding, error)
}
