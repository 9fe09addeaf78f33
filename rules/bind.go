package rules

import "bytes"

// This file answers "what is this key bound to?" by reading backwards
// from it: the name before a separator (name = K, "name": K, name: K,
// name => K, ("name", K), name[...] = K), the callee of a call whose first
// argument it is (setValue(K, ...), .apiKey(K), CambAI(K)), the list it is
// an element of (KEYS = [K1, K2]), or a whitespace-separated name on the
// same line (ENV CAMB_API_KEY K, setx CAMB_API_KEY K).

// Windows for reading back from a key.
const (
	nameWindow = 256  // back from the key to its name
	listWindow = 2048 // back over the elements of a list to its opening bracket
)

// A bind is what a key is bound to.
type bind struct {
	name []byte // the name, the callee, or nil
	at   int    // offset of the name
	kind byte   // '=' name and separator, ',' pair, ' ' whitespace, '(' first argument of callee name
	list bool   // the key is an element of a list bound to name
	alt  bool   // a fallback after || or ??: the name is the lookup it falls back from
}

// wrappers are calls that only convert a literal: the key in
// HeaderValue::from_static(K) or SecretStr(K) is bound to whatever the
// call is bound to.
var wrappers = map[string]bool{
	"from_static": true, "from_str": true, "from": true, "String": true, "str": true,
	"SecretStr": true, "Secret": true, "SecretString": true, "Some": true,
	"Buffer": true, "encode": true, "strip": true, "trim": true, "parse": true,
	"base64encode": true, "b64encode": true, "unsafePlainText": true, "plainText": true,
}

// typeWords are the string types of typed declarations
// (const apiKey: string = K, var apiKey string = K).
var typeWords = map[string]bool{
	"string": true, "String": true, "str": true, "Str": true, "NSString": true,
}

// bindOf reads back from the key at s, one token at a time, until a
// step decides what the key is bound to.
func bindOf(t []byte, s int) bind {
	r := binder{t: t, s: s, lo: max(0, s-nameWindow)}
	tk := prevTok(t, openQuoteBack(t, s, r.lo), r.lo)
	for {
		b, next, more := r.step(tk)
		if !more {
			return b
		}
		tk = next
	}
}

// A binder is the state of one backward read from a key: how far back it
// may go, and what it has passed on the way.
type binder struct {
	t     []byte
	s     int  // the key's offset
	lo    int  // the read stops here
	list  bool // an opening bracket or a separator between elements was passed: the key is a list element
	wraps int  // converting calls looked through (wrappers), at most 2
}

// step reads the token tk: it returns the bind and more=false when tk
// decides it, or the token to read next and more=true.
func (r *binder) step(tk tok) (b bind, next tok, more bool) {
	switch {
	case tk.kind == 'i' && string(tk.v) == "-" && isFirstOnLine(r.t, tk.s):
		return r.yamlItem(tk), tok{}, false
	case tk.kind == 'i' && string(tk.v) == "or":
		return fallback(r.t, tk, r.lo), tok{}, false
	case tk.kind == 'i' || tk.kind == 's':
		return r.word(tk), tok{}, false
	case tk.kind != 'p':
		return bind{}, tok{}, false
	}
	switch string(tk.v) {
	case "(":
		return r.call(tk)
	case "{", "[":
		return r.open(tk)
	case ",":
		return r.comma(tk)
	case "||", "??":
		return fallback(r.t, tk, r.lo), tok{}, false
	case ":", "=", ":=", "=>", "?=", "+=":
		return r.assign(tk), tok{}, false
	}
	return bind{}, tok{}, false
}

// yamlItem binds a YAML sequence item ("- K" first on its line): the list
// is bound to the parent key.
func (r *binder) yamlItem(dash tok) bind {
	b := bind{list: true}
	yamlParents(r.t, lineStart(r.t, dash.s, max(0, dash.s-blockWindow)), func(key, _ []byte) bool {
		b.name, b.at, b.kind = trimKey(key), dash.s, '='
		return false
	})
	return b
}

// word binds the key to a name right before it on the same line with only
// white space between (ENV CAMB_API_KEY K, setx CAMB_API_KEY K, -H
// "x-api-key" K), when the name is a CAMB variable or a header name.
func (r *binder) word(w tok) bind {
	if !w.nl && !r.list && (isCambVar(w.v) || isHeaderName(w.v)) {
		return bind{name: w.v, at: w.s, kind: ' '}
	}
	return bind{}
}

// call binds a first argument to its callee (setValue(K, ...),
// .apiKey(K), CambAI(K)), looking through at most two converting calls
// (from_static(K), SecretStr(K)) to what they are bound to.
func (r *binder) call(paren tok) (bind, tok, bool) {
	c := prevTok(r.t, paren.s, r.lo)
	if c.kind == 'p' && !r.list && (c.is("=") || c.is(":=") || c.is(":")) {
		// A value in grouping parentheses, perhaps over several lines:
		// CAMB_API_KEY = (\n    K\n)
		return bind{}, c, true
	}
	if c.kind != 'i' {
		return bind{}, tok{}, false
	}
	if wrappers[string(lastComp(c.v))] && r.wraps < 2 {
		r.wraps++
		return bind{}, prevTok(r.t, c.s, r.lo), true
	}
	if !r.list && isListCtor(c.v) {
		r.list = true // List.of(K, ...), listOf(K, ...)
		return bind{}, prevTok(r.t, c.s, r.lo), true
	}
	if r.list {
		return bind{}, tok{}, false
	}
	return bind{name: c.v, at: c.s, kind: '('}, tok{}, false
}

// open passes the opening bracket of the list or object the key is the
// first element of, and reads on before it.
func (r *binder) open(bracket tok) (bind, tok, bool) {
	if r.list {
		return bind{}, tok{}, false
	}
	r.list = true
	return bind{}, beforeList(r.t, bracket, r.lo), true
}

// comma reads what comes before ", K": a name paired with the key
// (("x-api-key", K), setdefault("CAMB_API_KEY", K), Set(apiKeyHeader,
// K)), or else earlier elements of a list, which it skips to the list's
// opening bracket and reads on before it.
func (r *binder) comma(comma tok) (bind, tok, bool) {
	el := prevTok(r.t, comma.s, r.lo)
	if !r.list && (el.kind == 'i' || el.kind == 's' && (isHeaderName(el.v) || isCambVar(el.v))) {
		return bind{name: el.v, at: el.s, kind: ','}, tok{}, false
	}
	open := listOpen(r.t, comma.s, max(0, r.s-listWindow))
	if open < 0 || r.list {
		return bind{}, tok{}, false
	}
	r.list = true
	r.lo = max(0, open-nameWindow)
	before, ok := listBracket(r.t, open, r.lo)
	if !ok {
		return bind{}, tok{}, false
	}
	return bind{}, before, true
}

// assign binds the key to the name before a separator (name = K,
// "name": K, name := K, name => K, headers["x-api-key"] = K), except a
// URL query value (?task_id=K&...).
func (r *binder) assign(sep tok) bind {
	n := nameBefore(r.t, sep, r.lo)
	if n.kind == 0 {
		return bind{}
	}
	if q := n.s - 1; string(sep.v) == "=" && q >= 0 && (r.t[q] == '?' || r.t[q] == '&') {
		return bind{}
	}
	return bind{name: n.v, at: n.s, kind: '=', list: r.list}
}

// nameBefore returns the name before the separator sep, looking through a
// subscript (headers["x-api-key"] = K) and a type annotation
// (apiKey: string = K, API_KEY: &str = K, var apiKey string = K).
func nameBefore(t []byte, sep tok, lo int) tok {
	n := prevTok(t, sep.s, lo)
	if a := annotated(t, sep, n, lo); a.kind != 0 {
		return a
	}
	if n.is("]") {
		in := prevTok(t, n.s, lo)
		if in.kind != 'i' && in.kind != 's' {
			return tok{}
		}
		if !prevTok(t, in.s, lo).is("[") {
			return tok{}
		}
		return in
	}
	if n.kind == 'i' && typeWords[string(n.v)] && sep.is("=") {
		b := prevTok(t, n.s, lo)
		if b.is("&") {
			b = prevTok(t, b.s, lo)
		}
		switch {
		case b.is(":"):
			return prevTok(t, b.s, lo)
		case b.kind == 'i':
			return b
		}
	}
	if n.kind != 'i' && n.kind != 's' {
		return tok{}
	}
	return n
}

// annotated returns the name of a declaration with a type annotation
// before "=", whose type n ends at the separator sep:
// camb_api_key: SecretStr = K, key: Optional[str] = K,
// key: Annotated[str, Field(...)] = K. It returns a zero tok otherwise.
func annotated(t []byte, sep, n tok, lo int) tok {
	if !sep.is("=") {
		return tok{}
	}
	if n.is("}") {
		// C#: public string CambApiKey { get; set; } = K;
		open := unclosedBefore(t, n.s, lo, false)
		if open >= 0 && t[open] == '{' && bytes.Contains(t[open:n.s], []byte("get")) {
			if name := prevTok(t, open, lo); name.kind == 'i' {
				return name
			}
		}
		return tok{}
	}
	ty := n
	if n.is("]") {
		open := unclosedBefore(t, n.s, lo, false)
		if open < 0 || t[open] != '[' {
			return tok{}
		}
		ty = prevTok(t, open, lo)
	}
	if ty.kind != 'i' || ty.nl {
		return tok{}
	}
	colon := prevTok(t, ty.s, lo)
	if !colon.is(":") || colon.nl || colon.e >= len(t) || !isSpace(t[colon.e]) {
		return tok{}
	}
	if name := prevTok(t, colon.s, lo); name.kind == 'i' && !name.nl {
		return name
	}
	return tok{}
}

// fallback handles a key after || or ?? or "or": the lookup it falls back
// from (process.env.CAMB_API_KEY || K, os.getenv("CAMB_API_KEY") or K)
// names it when that lookup is CAMB-named.
func fallback(t []byte, op tok, lo int) bind {
	l := prevTok(t, op.s, lo)
	if l.is(")") {
		if open := listOpen(t, l.s, lo); open >= 0 {
			if arg := prevTok(t, l.s, open); arg.kind == 's' || arg.kind == 'i' {
				l = arg
			}
		}
	}
	if (l.kind == 'i' || l.kind == 's') && isCambVar(lastComp(l.v)) {
		return bind{name: l.v, at: l.s, kind: '=', alt: true}
	}
	return bind{}
}

// listOpen returns the opening bracket of the list whose element ends
// before p, reading back over whole elements, or -1.
func listOpen(t []byte, p, lo int) int { return unclosedBefore(t, p, lo, true) }

func isFirstOnLine(t []byte, i int) bool {
	for j := i - 1; j >= 0 && t[j] != '\n'; j-- {
		if t[j] != ' ' && t[j] != '\t' {
			return false
		}
	}
	return true
}

// trimKey turns a YAML key ("- name", "  'camb'") into a bare name.
func trimKey(k []byte) []byte {
	for len(k) > 0 && (isSpace(k[0]) || k[0] == '-' || isQuote(k[0])) {
		k = k[1:]
	}
	for len(k) > 0 && (isSpace(k[len(k)-1]) || isQuote(k[len(k)-1])) {
		k = k[:len(k)-1]
	}
	return k
}
