package rules

import (
	"bytes"
	"sort"
)

// This file follows a key through up to flowHops bindings in one file to
// an x-api-key header or a CAMB SDK key (context 4, indirect):
//
//	DEFAULT_KEY = K                         a constant
//	self.key = key or DEFAULT_KEY           an attribute bound to it
//	self.client = CambAI(api_key=self.key)  read by a CAMB client
//
//	def make(key): return CambAI(api_key=key)
//	make(K)                                 a function argument
//
// usesOf (uses.go) finds the names read in headers and SDK calls;
// propagate adds, hop by hop, the names their bindings read (key_pool =
// itertools.cycle(API_KEYS) makes API_KEYS read wherever key_pool is);
// argFlow maps a key passed to a function of the same file to the
// parameter it binds. Names are looked up with the per-text name facts
// (target.go), so the work is bounded by their budgets.

// flowHops bounds how many bindings a key is followed through.
const flowHops = 3

// flowLookups bounds how many used names propagate looks up per text.
const flowLookups = 16

// propagate extends the uses with the names that the bindings of used
// names read, for flowHops rounds. A binding to an object or list literal
// is not followed (its fields and elements are bound to their own names),
// nor are names that say id, task, run or job.
func (sc *scan) propagate() {
	t, nf := sc.t, sc.facts()
	front := make([]string, 0, len(sc.uses))
	for n := range sc.uses {
		front = append(front, n)
	}
	// In a fixed order: the lookup budgets below cut the list, and the
	// first name to reach a binding gives it its use, so map order made
	// the findings of a long text vary from run to run.
	sort.Strings(front)
	looked := 0
	for hop := 0; hop < flowHops && len(front) > 0; hop++ {
		var next []string
		for _, m := range front {
			if len(m) < 3 || idName([]byte(m)) {
				continue // minified one- and two-letter names: too common to follow
			}
			if looked++; looked > flowLookups {
				return
			}
			ni := nf.name(t, m)
			if ni == nil {
				return
			}
			u := sc.uses[m]
			for _, b := range ni.binds {
				p := skipSpaceFwd(t, b, min(len(t), b+64))
				if p >= len(t) || t[p] == '{' || t[p] == '[' {
					continue
				}
				for _, n := range exprIdents(t, p, rhsEnd(t, p)) {
					if _, ok := sc.uses[n]; ok || idName([]byte(n)) || len(n) < 2 {
						continue
					}
					sc.uses[n] = u
					next = append(next, n)
				}
			}
		}
		front = next
	}
}

// idName reports whether a name holds an id (task_id, run, job_uuid).
func idName(name []byte) bool {
	for it := wordsOf(name); ; {
		w, ok := it.next()
		if !ok {
			return false
		}
		if idWord(string(w)) {
			return true
		}
	}
}

// argFlow handles a key that is a positional argument of a call to a
// function, method or class defined in the same text: the key is bound to
// the parameter at its position, and is indirect when the text reads that
// parameter in a header or CAMB SDK call.
func (sc *scan) argFlow(s int) verdict {
	t := sc.t
	none := verdict{ctx: ctxNone}
	lo := max(0, s-listWindow)
	b := openQuoteBack(t, s, lo)
	if b == s {
		return none
	}
	e := s + keyLen
	for e < len(t) && e-s-keyLen < 4 && (isQuote(t[e]) || t[e] == '\\') {
		e++
	}
	if e = skipSpaceFwd(t, e, min(len(t), e+64)); e >= len(t) || t[e] != ',' && t[e] != ')' {
		return none
	}
	// Count the arguments before the key, back to the call's "(".
	idx, q := 0, b
	for {
		pt := prevTok(t, q, lo)
		if pt.is("(") {
			q = pt.s
			break
		}
		if !pt.is(",") {
			return none
		}
		idx++
		open := listOpen(t, pt.s, lo)
		if open < 0 || t[open] != '(' {
			return none
		}
		if idx > 8 {
			return none
		}
		// Step back over the previous argument to the comma or "(" before it.
		q = argBegin(t, open, pt.s)
	}
	c := prevTok(t, q, max(0, q-256))
	if c.kind != 'i' {
		return none
	}
	fn := string(lastComp(c.v))
	param := sc.paramName(fn, idx, c.s)
	if param == "" || idName([]byte(param)) {
		return none
	}
	if u, ok := sc.usesOf()[param]; ok {
		return verdict{ctx: ctxIndirect, site: u.hdr, sdk: u.sdk}
	}
	return none
}

// argBegin returns where the argument that ends before the comma at
// comma begins: after the previous depth-0 comma or after open.
func argBegin(t []byte, open, comma int) int {
	depth := 0
	for i := comma - 1; i > open; i-- {
		switch t[i] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			depth--
		case ',':
			if depth == 0 {
				return i + 1
			}
		}
	}
	return open + 1
}

// paramName returns the name of parameter idx of the function, method or
// class fn defined in the text (def fn(, function fn(, func fn(, fn fn(,
// a method fn(...) { or class fn with its __init__, constructor or
// initialize), skipping a leading self, cls or this; "" when there is no
// such definition. call is the offset of the call, which is not one.
func (sc *scan) paramName(fn string, idx, call int) string {
	t, nf := sc.t, sc.facts()
	ni := nf.name(t, fn)
	if ni == nil {
		return ""
	}
	for _, o := range ni.uses {
		if o == call || o > 0 && t[o-1] == '.' && o-1 == call {
			continue
		}
		open := -1
		kw := prevTok(t, o, max(0, o-64))
		end := o + len(fn)
		switch {
		case kw.kind == 'i' && (string(kw.v) == "def" || string(kw.v) == "function" || string(kw.v) == "func" || string(kw.v) == "fn"):
			if p := skipSpaceFwd(t, end, min(len(t), end+64)); p < len(t) && t[p] == '(' {
				open = p
			} else if p < len(t) && t[p] == '[' { // Go generics
				open = bytes.IndexByte(t[p:min(len(t), p+256)], '(')
				if open >= 0 {
					open += p
				}
			}
		case kw.kind == 'i' && string(kw.v) == "class":
			hi := min(len(t), end+callWindow)
			for _, ctor := range []string{"__init__(", "constructor(", "initialize(", fn + "("} {
				if i := bytes.Index(t[end:hi], []byte(ctor)); i >= 0 {
					open = end + i + len(ctor) - 1
					break
				}
			}
		default:
			// A method or constructor: fn(params) { or fn(params) => or
			// fn(params): type {.
			p := skipSpaceFwd(t, end, min(len(t), end+64))
			if p >= len(t) || t[p] != '(' {
				continue
			}
			cl := closerFwd(t, p)
			r := skipSpaceFwd(t, cl+1, min(len(t), cl+129))
			if r < len(t) && (t[r] == '{' || bytes.HasPrefix(t[r:], []byte("=>")) ||
				t[r] == ':' && bytes.IndexByte(t[r:min(len(t), r+128)], '{') > 0) {
				open = p
			}
		}
		if open < 0 {
			continue
		}
		if name := paramAt(t, open, idx, kw.kind == 'i' && string(kw.v) == "func"); name != "" {
			return name
		}
	}
	return ""
}

// paramAt returns the name of parameter idx of the list that opens at
// open. goStyle says names come before types (key string); otherwise a
// parameter without ':' or '=' is typed first (String key).
func paramAt(t []byte, open, idx int, goStyle bool) string {
	end := closerFwd(t, open)
	var params [][]byte
	depth, start := 0, open+1
	for i := open + 1; i <= end && i < len(t); i++ {
		switch c := t[i]; {
		case c == '(' || c == '[' || c == '{' || c == '<':
			depth++
		case (c == ')' || c == ']' || c == '}' || c == '>') && i < end:
			depth--
		case c == ',' && depth == 0 || i == end:
			params = append(params, bytes.TrimSpace(t[start:i]))
			start = i + 1
		}
	}
	if len(params) > 0 {
		switch first := string(paramIdent(params[0], goStyle)); first {
		case "self", "cls", "this", "&self", "&mut":
			params = params[1:]
		}
	}
	if idx >= len(params) {
		return ""
	}
	return string(paramIdent(params[idx], goStyle))
}

// paramIdent returns the name declared by one parameter: key, key=None,
// key: str, $key, *key, private readonly key: string, String key,
// key string (goStyle).
func paramIdent(p []byte, goStyle bool) []byte {
	if i := bytes.IndexAny(p, ":="); i >= 0 {
		p = p[:i]
	}
	f := bytes.Fields(p)
	if len(f) == 0 {
		return nil
	}
	w := f[len(f)-1]
	if goStyle {
		w = f[0]
	}
	w = bytes.TrimLeft(w, "*&$@.?")
	w = bytes.TrimRight(w, "?")
	return lastComp(w)
}
