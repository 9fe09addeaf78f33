package rules

import "bytes"

// This file finds what encloses a name: the call or object it sits in
// (brackets), the TOML/INI section, or the YAML (indentation) parent.
// Bracket counting ignores quoting: a bracket inside a string literal can
// mislead it, which costs a missed context, never a false finding on its
// own.

// Windows, in bytes, for the searches below. They bound the work per
// candidate key, so a 1 MB minified line costs the same per key as a
// short one.
const (
	callWindow  = 4096 // back from a name to its enclosing call or object
	blockWindow = 4096 // back from a key line to its YAML parent or TOML section
	objWindow   = 2048 // forward from an opening brace to its closing one
	maxLine     = 512  // how much of a neighbouring line is read
)

// openerBack returns the offset of the innermost unclosed (, [ or { before
// p, or -1 when there is none within callWindow.
func openerBack(t []byte, p int) int {
	return unclosedBefore(t, p, max(0, p-callWindow), false)
}

// unclosedBefore returns the offset of the innermost unclosed (, [ or {
// in t[lo:p], reading back over balanced brackets, or -1. With
// stopAtSemicolon a ';' outside brackets ends the search (a statement
// boundary: no list element is cut by one).
func unclosedBefore(t []byte, p, lo int, stopAtSemicolon bool) int {
	depth := 0
	for i := p - 1; i >= lo; i-- {
		switch t[i] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth == 0 {
				return i
			}
			depth--
		case ';':
			if stopAtSemicolon && depth == 0 {
				return -1
			}
		}
	}
	return -1
}

// closerFwd returns the offset of the bracket that closes the one at open,
// or the end of the forward window when it is not found.
func closerFwd(t []byte, open int) int {
	hi := min(len(t), open+objWindow)
	depth := 0
	for i := open + 1; i < hi; i++ {
		switch t[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return hi
}

// calleeOf returns the function or type called by the bracket at open:
// the identifier before "(" (CambAI(, camb.TTS(), the identifier before
// "({" or "([" (new CambClient({, PHP's new CambClient([), or the type
// before "{" (C#'s new CambAIClient {).
// It returns nil when the bracket is not a call.
func calleeOf(t []byte, open int) tok {
	lo := max(0, open-256)
	if t[open] == '{' || t[open] == '[' {
		prev := prevTok(t, open, lo)
		switch {
		case prev.is("("):
			open = prev.s
		case prev.kind == 'i' && t[open] == '{':
			if before := prevTok(t, prev.s, lo); before.kind == 'i' && string(before.v) == "new" {
				return prev
			}
			return tok{}
		default:
			return tok{}
		}
	}
	if t[open] != '(' {
		return tok{}
	}
	if c := prevTok(t, open, lo); c.kind == 'i' && !c.nl {
		return c
	}
	return tok{}
}

// inCambCall reports whether the name at p is an argument or option of a
// call to a CAMB client or integration: a callee whose name has a CAMB
// word (CambAI, AsyncCambAI, CambClient, CambAIClient, CambTTSService,
// camb.TTS, CambTTSTool, ...). The call may span lines.
func inCambCall(t []byte, p int) bool {
	open := openerBack(t, p)
	if open < 0 {
		return false
	}
	c := calleeOf(t, open)
	return c.kind == 'i' && hasCamb(c.v)
}

// chainHasCamb reports whether the statement that leads up to p (back to
// the last ';', '{' or '}', at most 1 KB) has a CAMB anchor, as in a
// builder chain CambApiClient.builder().apiKey(K).
func chainHasCamb(t []byte, p int) bool {
	lo := max(0, p-1024)
	if i := bytes.LastIndexAny(t[lo:p], ";{}"); i >= 0 {
		lo += i + 1
	}
	return len(cambAnchors(t[lo:p])) > 0
}

// objLabel returns the name an object at the brace open is bound to:
// "camb" in "camb": {, camb = {, camb: { or HCL's camb {, and the last
// label of a Terraform block: variable "camb_api_key" {.
func objLabel(t []byte, open int) tok {
	lo := max(0, open-256)
	prev := prevTok(t, open, lo)
	switch {
	case prev.is(":") || prev.is("=") || prev.is("=>"):
		if n := prevTok(t, prev.s, lo); n.kind == 'i' || n.kind == 's' {
			return n
		}
	case prev.kind == 'i' || prev.kind == 's':
		return prev
	}
	return tok{}
}

// indent returns the indentation of the line starting at ls, and whether
// the line is blank or a comment.
func indent(t []byte, ls int) (n int, skip bool) {
	i := ls
	for i < len(t) && i-ls < maxLine && (t[i] == ' ' || t[i] == '\t') {
		i++
	}
	if i >= len(t) || t[i] == '\n' || t[i] == '\r' || t[i] == '#' {
		return 0, true
	}
	return i - ls, false
}

// yamlParents calls fn with the key of each enclosing YAML (or Python)
// block of the line that starts at ls, innermost first, for at most three
// levels and blockWindow bytes. fn returns false to stop.
func yamlParents(t []byte, ls int, fn func(key []byte, line []byte) bool) {
	cur, skip := indent(t, ls)
	if skip {
		return
	}
	lo := max(0, ls-blockWindow)
	levels := 0
	for p := ls; p > lo && cur > 0 && levels < 3; {
		s := lineStart(t, p-1, lo)
		p = s
		n, skip := indent(t, s)
		if skip || n >= cur {
			continue
		}
		line := t[s+n : lineEnd(t, s, min(len(t), s+maxLine))]
		key := line
		if i := bytes.IndexByte(line, ':'); i >= 0 {
			key = line[:i]
		}
		if !fn(key, line) {
			return
		}
		cur = n
		levels++
	}
}

// tomlSection returns the name of the [section] or [[table]] the line at
// ls belongs to, or nil.
func tomlSection(t []byte, ls int) []byte {
	lo := max(0, ls-blockWindow)
	for p := ls; p > lo; {
		s := lineStart(t, p-1, lo)
		p = s
		line := bytes.TrimSpace(t[s:lineEnd(t, s, min(len(t), s+maxLine))])
		if len(line) > 2 && line[0] == '[' && line[len(line)-1] == ']' {
			inner := bytes.Trim(line, "[]\"' ")
			if len(inner) > 0 && bytes.IndexAny(inner, "=,(){}:") < 0 {
				return inner
			}
		}
	}
	return nil
}

// yamlSiblings reports whether a line of the same YAML block as the line
// at ls (same indentation, up to 16 lines either way, stopping at a
// shallower line) has a CAMB anchor, as in
//
//	tts:
//	  provider: camb
//	  api_key: K
func yamlSiblings(t []byte, ls int) bool {
	cur, skip := indent(t, ls)
	if skip {
		return false
	}
	lo := max(0, ls-blockWindow)
	for p, k := ls, 0; p > lo && k < 16; k++ {
		s := lineStart(t, p-1, lo)
		p = s
		n, skip := indent(t, s)
		if skip {
			continue
		}
		if n < cur {
			break
		}
		if n == cur && len(cambAnchors(t[s:lineEnd(t, s, min(len(t), s+maxLine))])) > 0 {
			return true
		}
	}
	hi := min(len(t), ls+blockWindow)
	for p, k := lineEnd(t, ls, hi)+1, 0; p < hi && k < 16; k++ {
		e := lineEnd(t, p, hi)
		n, skip := indent(t, p)
		if !skip {
			if n < cur {
				break
			}
			if n == cur && len(cambAnchors(t[p:e])) > 0 {
				return true
			}
		}
		p = e + 1
	}
	return false
}
