package rules

import "bytes"

// This file is a small lexer that reads code backwards from a key, far
// enough to tell what the key is bound to. It knows quotes (also the
// JSON-escaped \" of notebooks and Postman collections), identifiers and
// punctuation; every read is bounded by a lower limit lo, so the work per
// key is bounded whatever the line length.

// A tok is one token read backwards.
type tok struct {
	kind byte // 0 none, 'i' identifier, 's' string literal, 'p' punctuation
	s, e int  // span in the text; for strings the quotes included
	v    []byte
	nl   bool // a line break lies between the token and where reading began
}

func (t tok) is(p string) bool { return t.kind == 'p' && string(t.v) == p }

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isQuote(c byte) bool { return c == '"' || c == '\'' || c == '`' }

// isIdentByte covers identifiers and the names that stand in their place:
// header names (x-api-key), dotted paths (self.api_key), sigils ($key,
// @apiKey).
func isIdentByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_' || c == '$' || c == '@' || c == '-' || c == '.'
}

// spaceBack returns the smallest q such that t[q:p] is white space,
// counting the escapes \n, \r and \t of JSON-encoded source as space. It
// does not go below lo. nl reports a line break in the skipped space.
func spaceBack(t []byte, p, lo int) (q int, nl bool) {
	for p > lo {
		c := t[p-1]
		if isSpace(c) {
			nl = nl || c == '\n'
			p--
			continue
		}
		if (c == 'n' || c == 'r' || c == 't') && p-2 >= lo && t[p-2] == '\\' && (p-3 < lo || t[p-3] != '\\') {
			nl = nl || c == 'n'
			p -= 2
			continue
		}
		break
	}
	return p, nl
}

// prevTok returns the token that ends before p, skipping white space.
func prevTok(t []byte, p, lo int) tok {
	q, nl := spaceBack(t, p, lo)
	if q <= lo {
		return tok{}
	}
	c := t[q-1]
	switch {
	case isQuote(c):
		s, v, ok := strBack(t, q, lo)
		if !ok {
			return tok{kind: 'p', s: q - 1, e: q, v: t[q-1 : q], nl: nl}
		}
		return tok{kind: 's', s: s, e: q, v: v, nl: nl}
	case isIdentByte(c):
		i := q
		for i > lo {
			c := t[i-1]
			switch {
			case isIdentByte(c):
				i--
				continue
			case c == ':' && i-2 >= lo && t[i-2] == ':' && i-3 >= lo && isIdentByte(t[i-3]):
				i -= 2 // String::from
				continue
			case c == '>' && i-2 >= lo && t[i-2] == '-' && i-3 >= lo && isIdentByte(t[i-3]):
				i -= 2 // $this->key
				continue
			}
			break
		}
		return tok{kind: 'i', s: i, e: q, v: t[i:q], nl: nl}
	}
	// Punctuation; a few operators are two bytes.
	if q-2 >= lo {
		switch string(t[q-2 : q]) {
		case "=>", ":=", "?=", "+=", "||", "??", "?:", "::", "==":
			return tok{kind: 'p', s: q - 2, e: q, v: t[q-2 : q], nl: nl}
		}
	}
	return tok{kind: 'p', s: q - 1, e: q, v: t[q-1 : q], nl: nl}
}

// maxString bounds a string literal read backwards.
const maxString = 256

// strBack reads the string literal whose closing quote is t[end-1]. It
// returns the literal's start and its contents. A literal does not span
// lines; an escaped closing quote (\") pairs with an escaped opening one.
func strBack(t []byte, end, lo int) (start int, v []byte, ok bool) {
	q := t[end-1]
	limit := max(lo, end-maxString)
	if end-2 >= lo && t[end-2] == '\\' {
		for i := end - 3; i-1 >= limit; i-- {
			if t[i] == '\n' {
				return 0, nil, false
			}
			if t[i] == q && t[i-1] == '\\' {
				j := end - 2
				for j > i+1 && t[j-1] == '\\' {
					j--
				}
				return i - 1, t[i+1 : j], true
			}
		}
		return 0, nil, false
	}
	for i := end - 2; i >= limit; i-- {
		if t[i] == '\n' {
			return 0, nil, false
		}
		if t[i] == q && (i == 0 || t[i-1] != '\\') {
			return i, t[i+1 : end-1], true
		}
	}
	return 0, nil, false
}

// strFwd reads the string literal that opens at t[i] (a quote, or a
// backslash and a quote) and returns its contents and the offset after it.
func strFwd(t []byte, i, hi int) (v []byte, end int, ok bool) {
	esc := false
	if i < hi && t[i] == '\\' {
		esc = true
		i++
	}
	if i >= hi || !isQuote(t[i]) {
		return nil, 0, false
	}
	q := t[i]
	hi = min(hi, i+maxString)
	for j := i + 1; j < hi; j++ {
		switch {
		case t[j] == '\n':
			return nil, 0, false
		case esc && t[j] == '\\' && j+1 < hi && t[j+1] == q:
			return t[i+1 : j], j + 2, true
		case !esc && t[j] == q && t[j-1] != '\\':
			return t[i+1 : j], j + 1, true
		}
	}
	return nil, 0, false
}

// openQuoteBack steps back over the opening quote of the literal that
// starts at s: ", ', `, an escaped \" or \\\", and a string prefix such
// as Python's f/r/b/u, C#'s @ and $, Objective-C's @.
func openQuoteBack(t []byte, s, lo int) int {
	p := s
	if p > lo && isQuote(t[p-1]) {
		p--
		for p > lo && t[p-1] == '\\' {
			p--
		}
		if p > lo {
			switch t[p-1] {
			case 'f', 'r', 'b', 'u', 'F', 'R', 'B', 'U', '@', '$', 'L':
				if p-1 == lo || !isIdentByte(t[p-2]) {
					p--
				}
			}
		}
	}
	return p
}

// lastNL returns the index of the last '\n' in b, or -1. Unlike
// bytes.LastIndexByte, a plain byte loop in Go 1.26, it tests 1 KB blocks
// with the vectorised bytes.IndexByte first, so a 1 MB line without a
// break costs about as much as one forward scan.
func lastNL(b []byte) int {
	for end := len(b); end > 0; {
		start := max(0, end-1024)
		if bytes.IndexByte(b[start:end], '\n') >= 0 {
			return start + bytes.LastIndexByte(b[start:end], '\n')
		}
		end = start
	}
	return -1
}

// lineStart returns the offset of the first byte of the line holding p,
// looking no further back than lo.
func lineStart(t []byte, p, lo int) int {
	if i := bytes.LastIndexByte(t[lo:p], '\n'); i >= 0 {
		return lo + i + 1
	}
	return lo
}

// lineEnd returns the offset of the line break ending the line holding p
// (or hi).
func lineEnd(t []byte, p, hi int) int {
	if i := bytes.IndexByte(t[p:hi], '\n'); i >= 0 {
		return p + i
	}
	return hi
}

// skipSpaceFwd returns the first offset at or after p that is not white
// space (JSON escapes included), or hi.
func skipSpaceFwd(t []byte, p, hi int) int {
	for p < hi {
		c := t[p]
		if isSpace(c) {
			p++
			continue
		}
		if c == '\\' && p+1 < hi && (t[p+1] == 'n' || t[p+1] == 'r' || t[p+1] == 't') {
			p += 2
			continue
		}
		break
	}
	return p
}
