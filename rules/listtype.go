package rules

// This file lets a key list be written with its element type or a
// constructor in front, as typed languages write it: Go []string{K1, K2}
// and [2]string{...}, Java new String[]{...} and List.of(K1, K2), C#
// new[] {...} and new string[] {...}, Kotlin listOf(...) and arrayOf(...),
// Rust vec![...]. The binder then reads on before the prefix, to the name
// the list is bound to (cambKeys := []string{K}).

// listCtors are the calls whose arguments are the elements of a list.
var listCtors = map[string]bool{
	"of": true, "asList": true, "listOf": true, "arrayOf": true, "setOf": true,
	"mutableListOf": true, "arrayListOf": true, "listOfNotNull": true,
}

// isListCtor reports whether callee builds a list from its arguments:
// List.of, Set.of, Arrays.asList, listOf, arrayOf. A bare of( is not one.
func isListCtor(callee []byte) bool {
	c := lastComp(callee)
	if string(c) == "of" {
		return len(callee) > 3 && isUpper(callee[0])
	}
	return listCtors[string(c)]
}

// listBracket returns the token before the list whose opening bracket is
// at open, and false when the bracket is a call's parenthesis that is
// not a list constructor.
func listBracket(t []byte, open, lo int) (tok, bool) {
	b := tok{kind: 'p', s: open, e: open + 1, v: t[open : open+1]}
	if t[open] == '(' {
		c := prevTok(t, open, lo)
		if c.is("=") {
			return c, true // a Python tuple: CAMB_KEYS = (\n    K1,\n    K2,\n)
		}
		if c.kind != 'i' || !isListCtor(c.v) {
			return tok{}, false
		}
	}
	return beforeList(t, b, lo), true
}

// beforeList returns the token before the list that opens at the bracket
// tok open, skipping a typed prefix ([]string, new String[], new[], vec!,
// List.of), or open's previous token when there is none.
func beforeList(t []byte, open tok, lo int) tok {
	p := prevTok(t, open.s, lo)
	switch {
	case open.is("{"):
		if p.kind == 'i' {
			if !typeWords[string(p.v)] {
				return p
			}
			// Go: []string{, [2]string{, [...]string{
			cl := prevTok(t, p.s, lo)
			if !cl.is("]") {
				return p
			}
			in := prevTok(t, cl.s, lo)
			if in.kind == 'i' && string(in.v) != "new" || in.is(".") {
				in = prevTok(t, in.s, lo) // a length or ...
			}
			if !in.is("[") {
				return p
			}
			return prevTok(t, in.s, lo)
		}
		if !p.is("]") {
			return p
		}
		// Java and C#: new String[] {, new string[] {, new[] {
		in := prevTok(t, p.s, lo)
		if !in.is("[") {
			return p
		}
		n := prevTok(t, in.s, lo)
		if n.kind == 'i' && typeWords[string(n.v)] {
			n = prevTok(t, n.s, lo)
		}
		if n.kind == 'i' && string(n.v) == "new" {
			return prevTok(t, n.s, lo)
		}
		return p
	case open.is("[") && p.is("!"):
		// Rust: vec![
		if m := prevTok(t, p.s, lo); m.kind == 'i' && string(m.v) == "vec" {
			return prevTok(t, m.s, lo)
		}
	case open.is("(") && p.kind == 'i' && isListCtor(p.v):
		return prevTok(t, p.s, lo)
	}
	return p
}

// pickMethods draw one element from a list: keys.get(i) (Java, Kotlin),
// keys.random() (Kotlin), keys.sample and keys.first (Ruby), keys.at(i)
// (JS), keys.choose(&mut rng) (Rust), keys.elementAt(i) (C#, Dart).
var pickMethods = map[string]bool{
	"get": true, "random": true, "sample": true, "first": true, "last": true,
	"at": true, "choose": true, "elementAt": true, "ElementAt": true,
}

// pickedList returns the list a call such as keys.get(i) draws from (keys
// in self.keys.get), or nil when name does not end in a pick method.
func pickedList(name []byte) []byte {
	d := lastDot(name)
	if d <= 0 || !pickMethods[string(name[d+1:])] {
		return nil
	}
	return lastComp(name[:d])
}

func lastDot(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == '.' {
			return i
		}
	}
	return -1
}
