package rules

import "sort"

// This file decides the context of a key: what it is bound to (context.go),
// else the command line it is an argument of (command.go), else the words
// of a note about it (note.go).

// contextOf returns the context of the key at s: what it is bound to,
// else a command-line setter (variable) or a note.
func (sc *scan) contextOf(s int) verdict {
	if s > 0 && sc.t[s-1] == 'b' && gluedOptionKeyAt(sc.t, s) {
		if sc.cmdSetter(s) {
			return verdict{ctx: ctxVariable} // gh secret set N -bK
		}
		return verdict{ctx: ctxNone}
	}
	v := sc.bindContext(s)
	switch v.ctx {
	case ctxNone:
		if s > 0 && sc.t[s-1] == '/' {
			return v
		}
		if sc.cmdSetter(s) {
			return verdict{ctx: ctxVariable}
		}
		if sc.anchorIn(s-noteWindow, s+maxLine) && noteAt(sc.t, s) {
			return verdict{ctx: ctxNote}
		}
	case ctxConfig:
		if sc.cmdSetter(s) {
			return verdict{ctx: ctxVariable} // a continued command reads like a YAML block
		}
		if sc.anchorIn(s-noteWindow, s+maxLine) && noteAt(sc.t, s) {
			return verdict{ctx: ctxNote} // "camb api key: K" is prose, not a YAML field
		}
	}
	return v
}

// noteWindow is how far before a key the words of a note about it can
// be: a table header 64 rows up is bounded by it too.
const noteWindow = blockWindow

// anchorIn reports whether a CAMB anchor starts in [lo, hi): a cheap
// gate (one binary search over the text's anchors) before the notes and
// sibling readers, which need one.
func (sc *scan) anchorIn(lo, hi int) bool {
	as := sc.anchorsAll()
	i := sort.SearchInts(as, lo)
	return i < len(as) && as[i] < hi
}
