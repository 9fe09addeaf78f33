package rules

import "bytes"

// This file finds, once per text and only when a key needs it, every name
// that the text reads in an x-api-key header or in a CAMB SDK call. A key
// bound to one of those names is an indirect key (context 4):
//
//	API_KEY = "K"
//	...
//	requests.get(url, headers={"x-api-key": API_KEY})

// A use records how a name is read: in a CAMB SDK call, and where it is
// first read in a header (0 when never; offset+1 otherwise).
type use struct {
	sdk bool
	hdr int
}

// tokByte is isIdentByte without '.', so that self.api_key yields api_key.
func tokByte(c byte) bool { return c != '.' && isIdentByte(c) }

// eachAPI calls fn with the span [a, z) of each token of t that contains
// "api" in lower, upper or title case, until fn returns false.
func eachAPI(t []byte, fn func(a, z int) bool) {
	for _, pat := range [][]byte{[]byte("api"), []byte("API"), []byte("Api")} {
		last := -1
		for off := 0; ; {
			i := bytes.Index(t[off:], pat)
			if i < 0 {
				break
			}
			i += off
			off = i + len(pat)
			if i < last {
				continue
			}
			a, z := i, i+len(pat)
			for a > 0 && tokByte(t[a-1]) {
				a--
			}
			for z < len(t) && tokByte(t[z]) {
				z++
			}
			last = z
			if !fn(a, z) {
				return
			}
		}
	}
}

// usesOf returns the names read in headers and SDK calls, computing them
// on first use.
func (sc *scan) usesOf() map[string]use {
	if sc.uses != nil {
		return sc.uses
	}
	sc.uses = map[string]use{}
	sc.hconst = map[string]bool{}
	t := sc.t
	eachAPI(t, func(a, z int) bool {
		switch name := t[a:z]; {
		case isHeaderName(name):
			sc.headerUse(a, z)
		case isAPIKeyName(name) || isAPIKeySetter(name):
			sc.sdkUse(a, z)
		}
		return true
	})
	for name := range sc.hconst {
		sc.constUses(name)
	}
	sc.ctorUses()
	sc.propagate()
	return sc.uses
}

// headerConst reports whether name is a constant that holds the header
// name (API_KEY_HEADER = "x-api-key").
func (sc *scan) headerConst(name []byte) bool {
	sc.usesOf()
	return sc.hconst[string(lastComp(name))]
}

func (sc *scan) addUses(names []string, at int, sdk bool) {
	for _, n := range names {
		u := sc.uses[n]
		if sdk {
			u.sdk = true
		} else if u.hdr == 0 || at+1 < u.hdr {
			u.hdr = at + 1
		}
		sc.uses[n] = u
	}
}

// headerUse records the names read as the value of the header name at
// [a, z).
func (sc *scan) headerUse(a, z int) {
	t := sc.t
	lo := max(0, a-nameWindow)
	if a > 0 && isQuote(t[a-1]) {
		p := openQuoteBack(t, a, lo)
		if sep := prevTok(t, p, lo); sep.is("=") || sep.is(":=") {
			if n := prevTok(t, sep.s, lo); n.kind == 'i' {
				sc.hconst[string(lastComp(n.v))] = true
				return
			}
		}
	}
	ls := lineStart(t, a, lo)
	if i := bytes.LastIndex(t[ls:a], []byte("forHTTPHeaderField")); i >= 0 {
		// setValue(apiKey, forHTTPHeaderField: "x-api-key")
		if j := bytes.LastIndex(t[ls:ls+i], []byte("Value")); j >= 0 {
			sc.addUses(exprIdents(t, ls+j+len("Value")+1, ls+i), a, false)
		}
		return
	}
	sc.addUses(valueAfter(t, z), a, false)
}

// valueAfter returns the identifiers of the value that follows a name
// ending at z: "x-api-key": V, ["x-api-key"] = V, "x-api-key" => V,
// ("x-api-key", V). An unquoted name (curl's "x-api-key: $KEY", a raw
// HTTP header) takes one word as its value, up to a quote or a space,
// unless its string closes right after the separator ('x-api-key: ' . $key).
func valueAfter(t []byte, z int) []string {
	hi := min(len(t), z+64)
	p := z
	quoted := p < hi && (isQuote(t[p]) || t[p] == '\\')
	for p < hi && (isQuote(t[p]) || t[p] == '\\' || t[p] == ']') {
		p++
	}
	p = skipSpaceFwd(t, p, hi)
	switch {
	case bytes.HasPrefix(t[p:hi], []byte("=>")):
		p += 2
	case bytes.HasPrefix(t[p:hi], []byte("==")):
		return nil
	case p < hi && (t[p] == ':' || t[p] == '=' || t[p] == ','):
		p++
	default:
		return nil
	}
	if !quoted {
		p = skipSpaceFwd(t, p, hi)
		if p >= hi || !isQuote(t[p]) && t[p] != '\\' {
			return wordIdents(t, p)
		}
		for p < hi && (isQuote(t[p]) || t[p] == '\\') {
			p++
		}
	}
	return exprIdents(t, p, len(t))
}

// wordIdents returns the identifiers of the word at p, which ends at a
// quote, a space or a line break ($KEY, ${KEY}, {{token}}).
func wordIdents(t []byte, p int) []string {
	e := p
	for e < len(t) && e < p+maxExpr && !isQuote(t[e]) && !isSpace(t[e]) && t[e] != '\\' {
		e++
	}
	return exprIdents(t, p, e)
}

// constUses records the values paired with a header-name constant:
// Header.Set(apiKeyHeader, V), {[API_KEY_HEADER]: V}.
func (sc *scan) constUses(name string) {
	t := sc.t
	pat := []byte(name)
	for off, n := 0, 0; n < 1000; n++ {
		i := bytes.Index(t[off:], pat)
		if i < 0 {
			return
		}
		i += off
		off = i + len(pat)
		if i > 0 && tokByte(t[i-1]) || off < len(t) && tokByte(t[off]) {
			continue
		}
		sc.addUses(valueAfter(t, off), i, false)
	}
}

// sdkUse records the names passed as the api_key option at [a, z) of a
// CAMB call: CambAI(api_key=V), new CambClient({ apiKey: V }),
// new CambClient({ apiKey }), .apiKey(V), option.WithAPIKey(V).
func (sc *scan) sdkUse(a, z int) {
	t := sc.t
	name := t[a:z]
	quoted := a > 0 && isQuote(t[a-1])
	p := z
	for p < len(t) && (isQuote(t[p]) || t[p] == '\\') {
		p++
	}
	p = skipSpaceFwd(t, p, min(len(t), p+64))
	if p >= len(t) {
		return
	}
	switch c := t[p]; {
	case c == '(' && !quoted:
		lc := lastComp(name)
		if isAPIKeySetter(name) && (chainHasCamb(t, a) || inCambCall(t, a) ||
			squashIs(lc, "withapikey") && sc.goImport()) {
			sc.addUses(exprIdents(t, p+1, len(t)), a, true)
		}
	case (c == ',' || c == '}' || c == ')') && !quoted:
		if isAPIKeyName(name) && inCambCall(t, a) {
			sc.addUses([]string{string(lastComp(name))}, a, true)
		}
	case c == ':' || c == '=' && !bytes.HasPrefix(t[p:], []byte("==")):
		if isAPIKeyName(name) && inCambCall(t, a) {
			sc.addUses(exprIdents(t, p+1, len(t)), a, true)
		}
	}
}

// ctorUses records a bare name passed first to a CAMB constructor:
// CambAI(API_KEY), camb.TTS(key).
func (sc *scan) ctorUses() {
	t := sc.t
	for _, at := range sc.anchorsAll() {
		z := at
		for z < len(t) && isIdentByte(t[z]) {
			z++
		}
		if !isCtor(t[at:z]) || z >= len(t) || t[z] != '(' {
			continue
		}
		p := skipSpaceFwd(t, z+1, min(len(t), z+64))
		q := p
		for q < len(t) && isIdentByte(t[q]) {
			q++
		}
		if q == p || !isLetter(t[p]) && t[p] != '_' && t[p] != '$' {
			continue
		}
		if r := skipSpaceFwd(t, q, min(len(t), q+64)); r < len(t) && (t[r] == ',' || t[r] == ')') {
			sc.addUses([]string{string(lastComp(t[p:q]))}, p, true)
		}
	}
}

// maxExpr bounds the value expression read after a header name or option.
const maxExpr = 160

// exprIdents returns the last components of the identifiers in the
// expression that starts at p: up to a ',' ';' or closing bracket at depth
// 0, a line break, hi, or maxExpr bytes. Called names are left out, so
// random.choice(KEYS) gives KEYS and f"{self.api_key}" gives api_key.
func exprIdents(t []byte, p, hi int) []string {
	hi = min(hi, len(t), p+maxExpr)
	var out []string
	depth := 0
	for i := p; i < hi; {
		c := t[i]
		switch {
		case c == '\n':
			return out
		case c == '\\' && i+1 < hi && t[i+1] == 'n':
			return out
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			if depth == 0 {
				return out
			}
			depth--
		case (c == ',' || c == ';') && depth == 0:
			return out
		case isLetter(c) || c == '_' || c == '$' || c == '@':
			j := i
			for j < hi {
				if isIdentByte(t[j]) && t[j] != '-' {
					j++
				} else if t[j] == '-' && j+1 < hi && t[j+1] == '>' {
					j += 2 // $this->apiKey
				} else {
					break
				}
			}
			if k := skipSpaceFwd(t, j, hi); k >= hi || t[k] != '(' {
				out = append(out, string(lastComp(t[i:j])))
			}
			if l := pickedList(t[i:j]); len(l) > 0 {
				out = append(out, string(l)) // KEYS.get(i), keys.sample
			}
			i = j
			continue
		}
		i++
	}
	return out
}
