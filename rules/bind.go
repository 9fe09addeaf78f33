package rules

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
}

// typeWords are the string types of typed declarations
// (const apiKey: string = K, var apiKey string = K).
var typeWords = map[string]bool{
	"string": true, "String": true, "str": true, "Str": true, "NSString": true,
}

// bindOf reads back from the key at s.
func bindOf(t []byte, s int) bind {
	lo := max(0, s-nameWindow)
	p := openQuoteBack(t, s, lo)
	tk := prevTok(t, p, lo)
	var b bind
	for wraps := 0; ; {
		switch {
		case tk.kind == 'i' && string(tk.v) == "-" && isFirstOnLine(t, tk.s):
			// A YAML sequence item: the list is bound to the parent key.
			b.list = true
			yamlParents(t, lineStart(t, tk.s, max(0, tk.s-blockWindow)), func(key, _ []byte) bool {
				b.name, b.at, b.kind = trimKey(key), tk.s, '='
				return false
			})
			return b
		case tk.kind == 'i' && string(tk.v) == "or":
			return fallback(t, tk, lo)
		case tk.kind == 'i' || tk.kind == 's':
			if !tk.nl && !b.list && (isCambVar(tk.v) || isHeaderName(tk.v)) {
				return bind{name: tk.v, at: tk.s, kind: ' '}
			}
			return bind{}
		case tk.kind != 'p':
			return bind{}
		}
		switch string(tk.v) {
		case "(":
			c := prevTok(t, tk.s, lo)
			if c.kind != 'i' {
				return bind{}
			}
			if wrappers[string(lastComp(c.v))] && wraps < 2 {
				wraps++
				tk = prevTok(t, c.s, lo)
				continue
			}
			if b.list {
				return bind{}
			}
			return bind{name: c.v, at: c.s, kind: '('}
		case "{", "[":
			if b.list {
				return bind{}
			}
			b.list = true
			tk = prevTok(t, tk.s, lo)
			continue
		case ",":
			// ("x-api-key", K), setdefault("CAMB_API_KEY", K) and
			// Set(apiKeyHeader, K) pair a name with the key; a string
			// that names nothing is an earlier element of a list.
			el := prevTok(t, tk.s, lo)
			if !b.list && (el.kind == 'i' || el.kind == 's' && (isHeaderName(el.v) || isCambVar(el.v))) {
				return bind{name: el.v, at: el.s, kind: ','}
			}
			open := listOpen(t, tk.s, max(0, s-listWindow))
			if open < 0 || t[open] == '(' || b.list {
				return bind{}
			}
			b.list = true
			lo = max(0, open-nameWindow)
			tk = prevTok(t, open, lo)
			continue
		case "||", "??":
			return fallback(t, tk, lo)
		case ":", "=", ":=", "=>", "?=", "+=":
			n := nameBefore(t, tk, lo)
			if n.kind == 0 {
				return bind{}
			}
			if q := n.s - 1; string(tk.v) == "=" && q >= 0 && (t[q] == '?' || t[q] == '&') {
				return bind{} // a URL query value: ?task_id=K&...
			}
			return bind{name: n.v, at: n.s, kind: '=', list: b.list}
		}
		return bind{}
	}
}

// nameBefore returns the name before the separator sep, looking through a
// subscript (headers["x-api-key"] = K) and a type annotation
// (apiKey: string = K, API_KEY: &str = K, var apiKey string = K).
func nameBefore(t []byte, sep tok, lo int) tok {
	n := prevTok(t, sep.s, lo)
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
