package rules

import (
	"bytes"
	"sort"
)

// A Set is the compiled rule set. It holds no mutable state: a Set is
// safe for concurrent use by any number of goroutines, and one Set serves
// a whole scan.
type Set struct {
	rules []Rule
}

// New returns the rule set. It is cheap (no regular expressions are
// compiled); build it once and share it.
func New() *Set {
	return &Set{rules: All()}
}

// Match returns the CAMB keys in text (UTF-8, as returned by [Text]),
// ordered by Start. Invalid UTF-8 is matched as plain bytes.
//
// Cost: the prefilter looks for "-4" with bytes.Index; text without a
// UUIDv4 costs about one memory scan. Each UUID found is then judged from
// a bounded window around it, and whole-text facts (CAMB anchors, names
// read in headers) are computed once, only for texts that hold a UUID.
func (s *Set) Match(text []byte) []Match {
	var sc *scan
	var out []Match
	for p := 0; ; {
		k := nextKey(text, p)
		if k < 0 {
			break
		}
		p = k + keyLen
		if sc == nil {
			sc = &scan{t: text}
		}
		v, enc := sc.contextOf(k), Plain
		if v.ctx == ctxNone {
			v, enc = sc.otherContext(k)
		}
		if v.ctx == ctxNone || sc.placeholder(text[k:p]) {
			continue
		}
		conf, ok := sc.confidence(k, v)
		if !ok || sc.allowed(k) {
			continue
		}
		r := &s.rules[v.ctx]
		out = append(out, Match{RuleID: r.ID, Context: r.Context, Confidence: conf, Start: k, End: p, Encoding: enc})
	}
	return s.encoded(text, sc, out)
}

// scan is the state of one Match call: facts about the text computed on
// first need.
type scan struct {
	t       []byte
	anchors []int // offsets of CAMB anchors; nil until computed
	goImp   int8  // 0 unknown, 1 no CAMB Go SDK import, 2 one
	cmdG    int8  // 0 unknown, 1 no setter command word, 2 one
	sqlG    int8  // 0 unknown, 1 no "values" in any case, 2 one (sqlgate.go)
	uses    map[string]use
	hconst  map[string]bool
	clients map[string]bool // names bound to CAMB constructors; nil until computed
	nf      *nameFacts      // bindings and occurrences of names (target.go); nil until needed

	// vendor anchors found in the region [vlo, vhi) of the text
	vlo, vhi int
	vat      []int

	// allow comment cache: the line [ls, le) and its verdict.
	seen, ls, le int
	allow        bool

	// the last key placeholder judged, and its verdict (placeholder.go)
	phKey []byte
	phVal bool
}

// anchorsAll returns the offsets of the text's CAMB anchors.
func (sc *scan) anchorsAll() []int {
	if sc.anchors == nil {
		sc.anchors = cambAnchors(sc.t)
		if sc.anchors == nil {
			sc.anchors = []int{}
		}
	}
	return sc.anchors
}

// vendorWindow is how far, in bytes either side of a key, another
// vendor's anchor counts as near.
const vendorWindow = 2048

// confidence decides the confidence of a key in context v, or drops it.
//
// SDK, variable and config contexts are CAMB-specific by themselves: high.
// A header key (or an indirect key read in a header) follows where its
// request goes (target.go): high for a camb.ai host, dropped for another
// host. When no host is found, it is dropped when another vendor's anchor
// lies within vendorWindow bytes of the key, or of the header that reads
// it, and no CAMB anchor is at least as close; otherwise it is high when
// the text has any CAMB anchor and medium when it has none.
func (sc *scan) confidence(k int, v verdict) (Confidence, bool) {
	switch v.ctx {
	case ctxSDK, ctxVariable, ctxConfig:
		return High, true
	case ctxNote:
		return Medium, true
	case ctxIndirect:
		if v.sdk {
			return High, true
		}
	}
	site := k
	if v.ctx == ctxIndirect && v.site > 0 {
		site = v.site - 1
	}
	tg := sc.targetOf(site)
	if tg == targetUnknown {
		tg = sc.escapedTarget(site) // curl -H &quot;x-api-key: K&quot; https:&#x2F;&#x2F;...
	}
	switch tg {
	case targetCamb:
		return High, true
	case targetOther:
		return 0, false
	}
	if sc.vendorCloser(k) || site != k && sc.vendorCloser(site) {
		return 0, false
	}
	if len(sc.anchorsAll()) > 0 {
		return High, true
	}
	return Medium, true
}

// vendorRegion is how much text one scan for vendor anchors covers, so
// that keys close together (a file of headers) share one scan.
const vendorRegion = 64 << 10

// vendorCloser reports whether another vendor's anchor starts within
// vendorWindow of p and closer to it than any CAMB anchor.
func (sc *scan) vendorCloser(p int) bool {
	t := sc.t
	lo, hi := max(0, p-vendorWindow), min(len(t), p+vendorWindow+1)
	if lo < sc.vlo || hi > sc.vhi {
		sc.vlo, sc.vhi = lo, min(len(t), max(hi, lo+vendorRegion))
		sc.vat = vendorAnchorsIn(t, sc.vlo, sc.vhi)
	}
	best := -1
	j := sort.SearchInts(sc.vat, p)
	for _, i := range []int{j - 1, j} {
		if i >= 0 && i < len(sc.vat) {
			if d := abs(sc.vat[i] - p); d <= vendorWindow && (best < 0 || d < best) {
				best = d
			}
		}
	}
	if best < 0 {
		return false
	}
	as := sc.anchorsAll()
	j = sort.SearchInts(as, p)
	for _, i := range []int{j - 1, j} {
		if i >= 0 && i < len(as) && abs(as[i]-p) <= best {
			return false
		}
	}
	return true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// allowMarks suppress every key on their line.
var allowMarks = [][]byte{
	[]byte("cambscan:allow"), []byte("gitleaks:allow"), []byte("pragma: allowlist secret"),
}

// allowed reports whether the line of the key at k carries an allow
// comment. Keys arrive in increasing order, so the line start is tracked
// incrementally and each line is searched once, even a 1 MB one.
func (sc *scan) allowed(k int) bool {
	t := sc.t
	if i := lastNL(t[sc.seen:k]); i >= 0 {
		sc.ls, sc.le = sc.seen+i+1, 0
	}
	sc.seen = k
	if sc.le == 0 {
		sc.le = lineEnd(t, k, len(t))
		sc.allow = false
		for _, m := range allowMarks {
			if bytes.Contains(t[sc.ls:sc.le], m) {
				sc.allow = true
			}
		}
	}
	return sc.allow
}
