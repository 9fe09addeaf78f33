package rules

import "bytes"

// This file decides where the request that carries a header key goes:
// the host of a URL in the same call, statement or command line, or of a
// URL the call reaches through a name (BASE_URL = "https://...",
// self.base_url, url = f"{BASE}/v1", req := http.NewRequest(..., url,
// ...), a headers object passed to the call). A camb.ai host makes a
// header key high confidence; another host drops it; no host leaves the
// decision to the CAMB and vendor anchors (set.go).
//
// Every question is bounded: at most targetDepth hops from the key's
// statement, targetSpans statements and bindings read, spanMax bytes per
// statement. The name facts (bindings, occurrences) are computed once per
// text, on first need.

// A target is where a request goes.
type target uint8

const (
	targetUnknown target = iota // no host found, or only local and example hosts
	targetCamb                  // a camb.ai host
	targetOther                 // another service's host
)

// Bounds of one target question and of the per-text name facts.
const (
	targetDepth  = 3    // hops from the key's statement through names
	targetSpans  = 24   // statements and bindings read per question
	spanMax      = 4096 // bytes of one statement
	spanIdents   = 32   // names looked up per statement
	nameBinds    = 8    // bindings kept per name
	nameHits     = 16   // occurrences kept per name
	nameSearches = 32   // names whose occurrences are searched, per text
	rhsMax       = 1024 // bytes of a binding's value
)

// nameFacts are the per-text facts that target questions share: for the
// names asked about, where they are bound and used, and the answers given.
type nameFacts struct {
	names    map[string]*nameInfo
	searches int
	memo     targetMemo

	// filter, once built, says which names the text cannot hold
	// (tokfilter.go).
	filter *tokFilter

	// the statement of the last target question and its answer
	last   stmt
	lastV  target
	lastOK bool

	// flat is the last position q whose openerBack found no unclosed
	// bracket: t[q-callWindow:q] then holds none for any later position
	// either, once the bytes between are balanced (see opener).
	flat int
}

// nameInfo is where one name is bound (the offsets of the values) and
// used (the offsets of other occurrences).
type nameInfo struct {
	binds, uses []int
}

// facts returns the text's name facts.
func (sc *scan) facts() *nameFacts {
	if sc.nf == nil {
		sc.nf = &nameFacts{names: map[string]*nameInfo{}}
	}
	return sc.nf
}

// name returns where name is bound and used: one vectorised search of the
// text per name, at most nameSearches names per text (then nil), keeping
// nameBinds bindings and nameHits uses.
func (nf *nameFacts) name(t []byte, name string) *nameInfo {
	if ni, ok := nf.names[name]; ok {
		return ni
	}
	if nf.searches >= nameSearches || name == "" {
		return nil
	}
	nf.searches++
	ni := &nameInfo{}
	nf.names[name] = ni
	if !nf.mayHold(t, name) {
		return ni
	}
	pat := []byte(name)
	for off := 0; ; {
		i := bytes.Index(t[off:], pat)
		if i < 0 {
			break
		}
		i += off
		off = i + len(pat)
		if i > 0 && tokByte(t[i-1]) && t[i-1] != '$' && t[i-1] != '@' || off < len(t) && tokByte(t[off]) {
			continue
		}
		if v := bindValue(t, off); v >= 0 && !afterDefKeyword(t, i) {
			if len(ni.binds) < nameBinds {
				ni.binds = append(ni.binds, v)
			}
		} else if len(ni.uses) < nameHits {
			ni.uses = append(ni.uses, i)
		}
		if len(ni.binds) >= nameBinds && len(ni.uses) >= nameHits {
			break
		}
	}
	return ni
}

// afterDefKeyword reports whether the name at i follows class, def, fn or
// another word that defines it (class Tts:, def f(x): is not a binding).
func afterDefKeyword(t []byte, i int) bool {
	kw := prevTok(t, i, max(0, i-32))
	if kw.kind != 'i' {
		return false
	}
	switch string(kw.v) {
	case "class", "def", "function", "func", "fn", "struct", "interface", "type":
		return true
	}
	return false
}

// bindValue returns the offset of the value bound to the name that ends
// at e (name = V, name := V, "name": V, a, b := V), or -1 when the name is
// not being bound there.
func bindValue(t []byte, e int) int {
	hi := min(len(t), e+128)
	p := e
	if p < hi && isQuote(t[p]) {
		p++
	}
	for k := 0; k < 3; k++ {
		p = skipSpaceFwd(t, p, hi)
		if p >= hi || t[p] != ',' {
			break
		}
		p = skipSpaceFwd(t, p+1, hi)
		for p < hi && tokByte(t[p]) {
			p++
		}
	}
	p = skipSpaceFwd(t, p, hi)
	if p+1 >= hi {
		return -1
	}
	switch c, d := t[p], t[p+1]; {
	case c == ':' && d == '=':
		return p + 2
	case c == '=' && d != '=' && d != '>' && d != '~':
		return p + 1
	case c == ':' && d != ':' && d != '/':
		return p + 1
	}
	return -1
}

// opener is openerBack, remembering where it found none: a later search
// that reaches that position with its brackets balanced stops there, so a
// line of 20 000 small objects costs one pass, not 20 000 windows.
func (nf *nameFacts) opener(t []byte, q int) int {
	lo := max(0, q-callWindow)
	if nf.flat > 0 && nf.flat <= q && nf.flat > lo {
		lo = nf.flat // balanced from there on: no need to read further back
	}
	o := unclosedBefore(t, q, lo, false)
	if o < 0 {
		nf.flat = q
	}
	return o
}

// A stmt is the statement a position belongs to, for a target question:
// its span, the name its outermost object is assigned to (headers = {...}),
// and the receiver of its call chain (req in req.Header.Set(...)).
type stmt struct {
	lo, hi int
	bound  string
	recv   string
}

// stmtAt returns the statement around p: the outermost call, object or
// list (up to six levels, within spanMax) that encloses p, widened over a
// method chain (client.get(url).header(...)), or else p's line with its
// continuation lines (curl ... \) and, in an HTTP request file, the
// request line above it.
func (sc *scan) stmtAt(p int) stmt {
	t, nf := sc.t, sc.facts()
	outer, q := -1, p
	for lv := 0; lv < 6; lv++ {
		o := nf.opener(t, q)
		if o < 0 || p-o > spanMax || t[o] == '{' && !exprBrace(t, o) {
			break
		}
		outer, q = o, o
	}
	var s stmt
	if outer < 0 {
		s.lo, s.hi = logicalLine(t, p)
		first := skipSpaceFwd(t, s.lo, s.hi)
		e := first
		for e < s.hi && isIdentByte(t[e]) {
			e++
		}
		s.recv = receiver(t[first:e])
		if s.recv == "" && e > first && e < s.hi && (t[e] == '[' || t[e] == '.') {
			s.recv = string(bytes.TrimLeft(t[first:e], "$@")) // req["x-api-key"] = K
		}
		return s
	}
	lo := max(0, outer-spanMax)
	start, end := outer, min(len(t), closerFwd(t, outer)+1)
	if t[outer] == '(' {
		c := prevTok(t, outer, lo)
		for k := 0; c.kind == 'i' && k < 8; k++ {
			start = c.s
			if c.v[0] != '.' {
				break
			}
			pr := prevTok(t, c.s, lo)
			if !pr.is(")") {
				break
			}
			op := unclosedBefore(t, pr.s, lo, false)
			if op < 0 || t[op] != '(' {
				break
			}
			start = op
			c = prevTok(t, op, lo)
		}
		if c.kind == 'i' && c.s == start {
			s.recv = receiver(c.v)
		}
		for k := 0; k < 8; k++ {
			d := skipSpaceFwd(t, end, min(len(t), end+64))
			if d >= len(t) || t[d] != '.' {
				break
			}
			e := d + 1
			for e < len(t) && e-d < 64 && tokByte(t[e]) {
				e++
			}
			if e >= len(t) || t[e] != '(' {
				break
			}
			end = min(len(t), closerFwd(t, e)+1)
		}
	} else if n := prevTok(t, start, lo); n.is("=") || n.is(":=") || n.is(":") {
		if b := nameBefore(t, n, lo); b.kind == 'i' || b.kind == 's' {
			s.bound = string(lastComp(b.v))
		}
	}
	s.lo, s.hi = start, min(end, start+spanMax)
	return s
}

// exprBrace reports whether the brace at o opens an object or a composite
// literal ({"x-api-key": K}, map[string]string{...}, http.Header{...},
// new Config { ... }), not a block (if x {, func f() {, class C {).
func exprBrace(t []byte, o int) bool {
	lo := max(0, o-256)
	prev := prevTok(t, o, lo)
	switch {
	case prev.kind == 'p':
		switch string(prev.v) {
		case "(", ",", ":", "=", "[", "{", ":=", "||", "??", "?", "=>":
			// => ({...}) is caught by "("; a bare => { is a function body.
			return string(prev.v) != "=>"
		}
		return false
	case prev.kind == 'i':
		switch string(prev.v) {
		case "return", "yield", "await":
			return true
		}
		before := prevTok(t, prev.s, lo)
		if before.kind == 'i' {
			return string(before.v) == "new"
		}
		return before.is("]") || bytes.IndexByte(prev.v, '.') > 0 || isUpper(prev.v[0]) && !before.is(")")
	}
	return false
}

// receiver returns the variable a call chain starts at: req in
// req.Header.Set, session in self.session.headers.update; "" when the
// chain starts at a plain function.
func receiver(chain []byte) string {
	parts := bytes.Split(chain, []byte("."))
	if len(parts) < 2 {
		return ""
	}
	r := bytes.TrimLeft(parts[0], "$@")
	if string(r) == "self" || string(r) == "this" || string(r) == "cls" {
		if len(parts) < 3 {
			return ""
		}
		r = parts[1]
	}
	if len(r) == 0 || !isLetter(r[0]) && r[0] != '_' {
		return ""
	}
	return string(r)
}

// logicalLine returns the line holding p with its continuation lines
// (a trailing \, ^ or `), and, when the line is an HTTP header line, the
// request line above it (GET https://... in a .http file).
func logicalLine(t []byte, p int) (lo, hi int) {
	lo = lineStart(t, p, max(0, p-maxLine))
	hi = lineEnd(t, p, min(len(t), p+maxLine))
	for k := 0; k < 16 && lo > 0 && continued(t, lineStart(t, lo-1, max(0, lo-1-maxLine)), lo-1); k++ {
		lo = lineStart(t, lo-1, max(0, lo-1-maxLine))
	}
	for k := 0; k < 16 && hi < len(t) && continued(t, lineStart(t, hi, max(0, hi-maxLine)), hi); k++ {
		hi = lineEnd(t, hi+1, min(len(t), hi+1+maxLine))
	}
	for k, s := 0, lo; k < 24 && s > 0; k++ {
		s = lineStart(t, s-1, max(0, s-1-maxLine))
		line := bytes.TrimSpace(t[s:lineEnd(t, s, min(len(t), s+maxLine))])
		if len(line) == 0 {
			break
		}
		if isRequestLine(line) {
			return s, hi
		}
	}
	return lo, hi
}

// isRequestLine reports whether line is an HTTP request line: a method, a
// space and a URL or path.
func isRequestLine(line []byte) bool {
	for _, m := range []string{"GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD ", "OPTIONS "} {
		if bytes.HasPrefix(line, []byte(m)) {
			return true
		}
	}
	return false
}

// targetOf returns where the request whose x-api-key header is at p goes.
// It reads the statement around p, then follows names through their
// bindings and uses, one hop at a time; the first hop that finds a host
// decides, and a camb.ai host wins over others found at the same hop.
func (sc *scan) targetOf(p int) target {
	nf := sc.facts()
	if v, ok := nf.memoOf(p); ok {
		return v
	}
	t := sc.t
	type span struct {
		lo, hi int
		top    bool // the request statement itself: only names in URL positions are followed
	}
	s0 := sc.stmtAt(p)
	if nf.lastOK && nf.last == s0 {
		// Another key of the same statement: the answer depends on the
		// statement only (names searched then are remembered, names
		// refused by the budget stay refused).
		nf.remember(p, nf.lastV)
		return nf.lastV
	}
	frontier := []span{{s0.lo, s0.hi, true}}
	roots := []stmt{s0}
	seen := map[string]bool{}
	read := 0
	v := targetUnknown
	for depth := 0; depth <= targetDepth && len(frontier) > 0; depth++ {
		// Read this hop's statements and values; a host found decides.
		var names []string
		camb, other := false, false
		for _, sp := range frontier {
			if read >= targetSpans {
				break
			}
			read++
			switch hostsIn(t[sp.lo:sp.hi]) {
			case targetCamb:
				camb = true
			case targetOther:
				other = true
			}
			spanNames(t, sp.lo, sp.hi, sp.top, func(n string) { names = append(names, n) })
		}
		if camb || other {
			v = targetOther
			if camb {
				v = targetCamb
			}
			break
		}
		// Only then look the names up: the next hop reads their values
		// and the statements that use this hop's headers objects.
		var next []span
		var nextRoots []stmt
		for _, r := range roots {
			if r.recv != "" {
				names = append(names, r.recv)
			}
		}
		for _, name := range names {
			if seen[name] || name == "" {
				continue
			}
			seen[name] = true
			if ni := nf.name(t, name); ni != nil {
				for _, b := range ni.binds {
					next = append(next, span{b, rhsEnd(t, b), false})
				}
			}
		}
		for _, r := range roots {
			bound := r.bound
			if bound == "" && depth == 0 {
				bound = r.recv // session.headers.update({...}): the requests that use the session
			}
			if bound == "" || seen["\x00"+bound] {
				continue
			}
			seen["\x00"+bound] = true
			ni := nf.name(t, bound)
			if ni == nil {
				continue
			}
			for _, o := range ni.uses {
				if o >= r.lo && o < r.hi {
					continue
				}
				s := sc.stmtAt(o)
				if s.lo <= r.lo && s.hi >= r.hi {
					continue // the binding itself
				}
				next = append(next, span{s.lo, s.hi, true})
				nextRoots = append(nextRoots, s)
			}
		}
		frontier, roots = next, nextRoots
	}
	nf.remember(p, v)
	nf.last, nf.lastV, nf.lastOK = s0, v, true
	return v
}

// rhsEnd returns the end of the value that starts at p: the end of its
// line, or past its brackets when they span lines, a ';' or a ',' outside
// brackets, or the closing bracket of the enclosing list; at most rhsMax
// bytes.
func rhsEnd(t []byte, p int) int {
	hi := min(len(t), p+rhsMax)
	depth := 0
	for i := p; i < hi; i++ {
		switch t[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return i
			}
			depth--
		case '\n', ';', ',':
			if depth == 0 {
				return i
			}
		}
	}
	return hi
}

// spanNames calls fn with the names in t[lo:hi] that may hold a URL: in
// the request statement itself (top), names in a URL position (a plain
// argument, a name that says url, uri, endpoint, host, base or server, a
// name inside a string: f"{BASE}/v1", `${API}/tts`); in a binding's value,
// every name. A called name gives its receiver (url.openConnection()
// gives url).
func spanNames(t []byte, lo, hi int, top bool, fn func(string)) {
	n := 0
	inStr := byte(0)
	for i := lo; i < hi && n < spanIdents; {
		c := t[i]
		switch {
		case isQuote(c):
			if inStr == 0 {
				inStr = c
			} else if inStr == c {
				inStr = 0
			}
			i++
			continue
		case c == ':' && i+2 < hi && t[i+1] == '/' && t[i+2] == '/':
			i += 3 // skip a URL's host and path
			for i < hi && !isQuote(t[i]) && !isSpace(t[i]) && t[i] != '{' && t[i] != '$' {
				i++
			}
			continue
		case c == '$' && i+1 < hi && isLetter(t[i+1]) && (i == lo || !tokByte(t[i-1])):
			// a PHP or shell variable: read on as a name
		case !isLetter(c) && c != '_' || i > lo && tokByte(t[i-1]):
			i++
			continue
		}
		j := i
		for j < hi && isIdentByte(t[j]) && t[j] != '-' {
			j++
		}
		interp := inStr != 0 && i > lo && (t[i-1] == '{' || t[i-1] == '$')
		if inStr != 0 && !interp {
			i = j // words of a string, not names
			continue
		}
		id := t[i:j]
		k := skipSpaceFwd(t, j, min(hi, j+64))
		var name []byte
		if k < hi && t[k] == '(' {
			if r := receiver(id); r != "" {
				name = []byte(r)
			}
		} else {
			name = lastComp(id)
		}
		if len(name) > 1 && (!top || interp || urlName(name) || plainArg(t, i, k, lo, hi)) {
			fn(string(name))
			n++
		}
		i = j
	}
}

// urlName reports whether a name says it holds a URL or host.
func urlName(name []byte) bool {
	for _, w := range []string{"url", "uri", "endpoint", "host", "base", "server", "addr"} {
		if hasFold(name, w) {
			return true
		}
	}
	return false
}

// plainArg reports whether the name at [i, k) is a whole positional
// argument: after "(" or ",", before "," or ")".
func plainArg(t []byte, i, k, lo, hi int) bool {
	b := prevTok(t, i, lo)
	return (b.is("(") || b.is(",")) && k < hi && (t[k] == ',' || t[k] == ')')
}

// hostsIn classifies the http(s) and ws(s) URLs in b: targetCamb when one
// has a camb.ai host, else targetOther when one has another service's
// host, else targetUnknown.
func hostsIn(b []byte) target {
	v := targetUnknown
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte("://"))
		if i < 0 {
			return v
		}
		i += off
		off = i + 3
		s := i
		for s > 0 && isLetter(b[s-1]) && i-s < 5 {
			s--
		}
		switch string(bytes.ToLower(b[s:i])) {
		case "http", "https", "ws", "wss":
		default:
			continue
		}
		h := off
		for h < len(b) && (isLetter(b[h]) || isDigit(b[h]) || b[h] == '.' || b[h] == '-') {
			h++
		}
		if h < len(b) && (b[h] == '@' || b[h] == '{' || b[h] == '$' || b[h] == '<' || b[h] == '%') {
			continue // user info or a template: not a host
		}
		e := h
		for e < len(b) && e-h < 256 && !isQuote(b[e]) && !isSpace(b[e]) && b[e] != ')' && b[e] != ',' {
			e++
		}
		switch hostKind(b[off:h], b[h:e]) {
		case targetCamb:
			return targetCamb
		case targetOther:
			v = targetOther
		}
	}
}

// hostKind classifies a URL's host: camb.ai and its subdomains are CAMB;
// local, private and example hosts (localhost, 127.0.0.1 and other IPs,
// *.local, *.internal, *.test, example.com), templated hosts, hosts or
// paths that name CAMB (a proxy in front of CAMB) are unknown; any other
// host is another service.
func hostKind(host, path []byte) target {
	h := bytes.ToLower(bytes.TrimRight(host, "."))
	if string(h) == "camb.ai" || bytes.HasSuffix(h, []byte(".camb.ai")) {
		return targetCamb
	}
	dot := bytes.LastIndexByte(h, '.')
	if dot <= 0 || dot == len(h)-1 {
		return targetUnknown
	}
	tld := h[dot+1:]
	if isDigit(tld[0]) {
		return targetUnknown // an IP address
	}
	for _, s := range []string{"localhost", "local", "internal", "test", "example", "invalid", "lan", "home", "corp", "localdomain"} {
		if string(tld) == s {
			return targetUnknown
		}
	}
	for _, d := range []string{"example.com", "example.org", "example.net"} {
		if string(h) == d || bytes.HasSuffix(h, []byte("."+d)) {
			return targetUnknown
		}
	}
	if len(cambAnchors(host)) > 0 || len(cambAnchors(path)) > 0 {
		return targetUnknown
	}
	return targetOther
}
