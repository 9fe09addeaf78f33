package rules

import "bytes"

// This file pairs the name and value arguments of command-line secret
// setters, where the name is not bound to the key by any separator:
//
//	gh secret set CAMB_API_KEY --body K
//	aws ssm put-parameter --name /prod/camb/api-key --type SecureString --value K
//	kubectl create secret generic camb-tts --from-literal=api-key=K
//	echo K | vercel env add CAMB_API_KEY production
//
// The command is read as shell words over its continuation lines (\, `
// or ^ at a line end), at most cmdLines lines and maxLine bytes of each.

// cmdLines bounds the physical lines of one command.
const cmdLines = 12

// setterVerbs are the commands that store a secret under a name. A
// command matches when its words appear in a row anywhere in the shell
// segment (after sudo, npx, a run: key, a $ prompt).
var setterVerbs = [][]string{
	{"gh", "secret", "set"},
	{"aws", "ssm", "put-parameter"},
	{"aws", "secretsmanager", "create-secret"},
	{"aws", "secretsmanager", "put-secret-value"},
	{"aws", "secretsmanager", "update-secret"},
	{"az", "keyvault", "secret", "set"},
	{"kubectl", "create", "secret"},
	{"oc", "create", "secret"},
	{"kubectl", "set", "env"},
	{"heroku", "config:set"},
	{"dokku", "config:set"},
	{"vercel", "env", "add"},
	{"fly", "secrets", "set"},
	{"flyctl", "secrets", "set"},
	{"docker", "run"},
	{"docker", "create"},
	{"podman", "run"},
	{"docker", "secret", "create"},
	{"doppler", "secrets", "set"},
	{"netlify", "env:set"},
	{"wrangler", "secret", "put"},
	{"gcloud", "secrets", "create"},
	{"gcloud", "secrets", "versions", "add"},
	{"railway", "variables"},
	{"supabase", "secrets", "set"},
	{"modal", "secret", "create"},
}

// stdinVerbs read the value from standard input: echo K | gh secret set N.
var stdinVerbs = map[string]bool{
	"gh secret set": true, "vercel env add": true, "wrangler secret put": true,
	"gcloud secrets create": true, "gcloud secrets versions add": true,
	"docker secret create": true,
}

// valueFlags take the secret value as their argument.
var valueFlags = map[string]bool{
	"--body": true, "-b": true, "--value": true, "--secret-string": true, "--data": true,
}

// cmdGates are words without which no setter is in a text: the text is
// read for commands only when it holds one.
var cmdGates = [][]byte{
	[]byte("secret"), []byte("put-parameter"), []byte("config:set"), []byte("env add"),
	[]byte("env:set"), []byte("docker"), []byte("podman"), []byte("variables"), []byte("set env"),
}

// A shWord is one shell word: its span in the text and its value with
// quotes removed; sep marks a |, ; or && between commands.
type shWord struct {
	s, e int
	v    []byte
	sep  byte
}

// argStart reports whether the key at k can start or end a shell word's
// value: after =, or after white space that follows a word (--body K,
// echo "K"), not after ": " or ", " as in JSON and code. It costs a few
// bytes per key, before the once-per-text cmdGate.
func argStart(t []byte, k int) bool {
	p := k
	if p > 0 && isQuote(t[p-1]) {
		p--
	}
	if p == 0 {
		return false
	}
	if t[p-1] == '=' {
		return true
	}
	if p >= 3 && t[p-1] == 'b' && t[p-2] == '-' && isSpace(t[p-3]) {
		// -b'K', -bK: gh's short value option glued to its value
		return true
	}
	q := p
	for q > 0 && q > p-8 && (t[q-1] == ' ' || t[q-1] == '\t') {
		q--
	}
	if q == p || q == 0 {
		return false
	}
	c := t[q-1]
	return isLetter(c) || isDigit(c) || isQuote(c) || c == '_' || c == '|'
}

// gluedOptionKeyAt reports whether t[s:s+36] is a UUIDv4 glued to a
// short value option that starts a shell word (gh secret set N -bK),
// whose letter would otherwise count as a word byte touching the key.
// Only a command-line setter can take such a key (contextOf).
func gluedOptionKeyAt(t []byte, s int) bool {
	return s >= 3 && t[s-1] == 'b' && t[s-2] == '-' && isSpace(t[s-3]) && isKeyAt(t[s:], 0)
}

// cmdGate reports, once per text, whether it may hold a setter command.
func (sc *scan) cmdGate() bool {
	if sc.cmdG == 0 {
		sc.cmdG = 1
		for _, g := range cmdGates {
			if bytes.Contains(sc.t, g) {
				sc.cmdG = 2
				break
			}
		}
	}
	return sc.cmdG == 2
}

// continued reports whether the line ending at the line break (or end)
// e ends with a continuation mark.
func continued(t []byte, s, e int) bool {
	for e > s && (t[e-1] == '\r' || t[e-1] == ' ' || t[e-1] == '\t') {
		e--
	}
	return e > s && (t[e-1] == '\\' || t[e-1] == '`' || t[e-1] == '^')
}

// cmdSpan returns the command around k: its physical line joined with
// continued lines before and after it.
func cmdSpan(t []byte, k int) (lo, hi int) {
	lo = lineStart(t, k, max(0, k-maxLine))
	for n := 0; n < cmdLines && lo > 0 && t[lo-1] == '\n'; n++ {
		s := lineStart(t, lo-1, max(0, lo-1-maxLine))
		if !continued(t, s, lo-1) {
			break
		}
		lo = s
	}
	hi = lineEnd(t, k, min(len(t), k+maxLine))
	for n := 0; n < cmdLines && hi < len(t) && continued(t, lineStart(t, hi, max(0, hi-maxLine)), hi); n++ {
		hi = lineEnd(t, hi+1, min(len(t), hi+1+maxLine))
	}
	return lo, hi
}

// shWords splits t[lo:hi] into shell words. Quotes group and are
// removed; a backslash before a line break, and a trailing ` or ^, are
// white space.
func shWords(t []byte, lo, hi int) []shWord {
	var out []shWord
	var cur []byte
	start, quote := -1, byte(0)
	flush := func(e int) {
		if start >= 0 {
			out = append(out, shWord{s: start, e: e, v: cur})
		}
		cur, start = nil, -1
	}
	for i := lo; i < hi; i++ {
		c := t[i]
		if quote != 0 {
			if c == quote {
				quote = 0
			} else {
				cur = append(cur, c)
			}
			continue
		}
		switch {
		case isQuote(c):
			if start < 0 {
				start = i
			}
			quote = c
		case isSpace(c) || (c == '\\' || c == '`' || c == '^') && i+1 < hi && (t[i+1] == '\n' || t[i+1] == '\r'):
			flush(i)
		case c == '|' || c == ';' || c == '&' && i+1 < hi && t[i+1] == '&':
			flush(i)
			out = append(out, shWord{s: i, e: i + 1, sep: c})
			if i+1 < hi && t[i+1] == c {
				i++
			}
		default:
			if start < 0 {
				start = i
			}
			cur = append(cur, c)
		}
	}
	flush(hi)
	return out
}

// setterAt returns the index just after the setter verb in ws[lo:hi],
// and the verb, or -1.
func setterAt(ws []shWord, lo, hi int) (int, string) {
	for i := lo; i < hi; i++ {
	verbs:
		for _, vb := range setterVerbs {
			if i+len(vb) > hi {
				continue
			}
			for j, w := range vb {
				if string(ws[i+j].v) != w {
					continue verbs
				}
			}
			return i + len(vb), joinWords(vb)
		}
	}
	return -1, ""
}

func joinWords(ws []string) string {
	s := ws[0]
	for _, w := range ws[1:] {
		s += " " + w
	}
	return s
}

// segment returns the bounds [lo, hi) of the shell segment holding word i.
func segment(ws []shWord, i int) (lo, hi int) {
	lo, hi = i, i+1
	for lo > 0 && ws[lo-1].sep == 0 {
		lo--
	}
	for hi < len(ws) && ws[hi].sep == 0 {
		hi++
	}
	return lo, hi
}

// cmdSetter reports whether the key at k is the value of a command-line
// secret setter under a CAMB name: a CAMB-named secret, or a generic key
// name (api-key, API_KEY) in a command that names CAMB elsewhere (the
// secret, parameter path, app or image: camb-tts, /camb/api_key).
func (sc *scan) cmdSetter(k int) bool {
	if !argStart(sc.t, k) || !sc.cmdGate() {
		return false
	}
	t := sc.t
	lo, hi := cmdSpan(t, k)
	ws := shWords(t, lo, hi)
	ki := -1
	for i, w := range ws {
		if w.sep == 0 && w.s <= k && k < w.e {
			ki = i
			break
		}
	}
	if ki < 0 {
		return false
	}
	key := t[k : k+keyLen]
	slo, shi := segment(ws, ki)
	kw := ws[ki].v
	at := bytes.Index(kw, key)
	if at < 0 {
		return false
	}
	vlo, vhi := slo, shi // the segment of the setter
	verbEnd, _ := setterAt(ws, slo, shi)
	var name []byte
	switch {
	case verbEnd >= 0 && verbEnd <= ki && at > 0:
		// NAME=K, --from-literal=NAME=K, --env=NAME=K, --body=K
		before := bytes.TrimRight(kw[:at], "=")
		if i := bytes.LastIndexByte(before, '='); i >= 0 {
			if !bytes.HasPrefix(before, []byte("-")) || !valueFlags[string(before[:i])] {
				before = before[i+1:]
			} else {
				before = nil
			}
		} else if valueFlags[string(before)] {
			before = nil
		}
		if before == nil {
			name = wordAt(ws, nameArg(ws, verbEnd, shi, ki))
		} else {
			name = before
		}
	case verbEnd >= 0 && verbEnd < ki && at == 0 && len(kw) == keyLen:
		// --body K, or NAME K (doppler, netlify)
		n := nameArg(ws, verbEnd, shi, ki)
		if !valueFlags[string(ws[ki-1].v)] && n != ki-1 {
			return false
		}
		name = wordAt(ws, n)
	case verbEnd < 0 && shi < len(ws) && ws[shi].sep == '|' && isEcho(ws, slo, ki):
		// echo K | vercel env add NAME
		vlo, vhi = segment(ws, shi+1)
		e, v := setterAt(ws, vlo, vhi)
		if e < 0 || !stdinVerbs[v] {
			return false
		}
		name = wordAt(ws, nameArg(ws, e, vhi, -1))
	default:
		return false
	}
	if len(name) == 0 {
		return false
	}
	if isCambVar(name) {
		return true
	}
	quals, ok := keyLike(name)
	if !ok {
		return false
	}
	for i := vlo; i < vhi; i++ {
		if i != ki && ws[i].sep == 0 && !bytes.Equal(ws[i].v, name) && hasCamb(ws[i].v) && qualified(quals, ws[i].v) {
			return true
		}
	}
	return false
}

// nameArg returns the index of the first word of ws[lo:hi] that names a
// key (key-like or CAMB-named), skipping flags, NAME=VALUE pairs and the
// key's own word ki, or -1.
func nameArg(ws []shWord, lo, hi, ki int) int {
	for i := lo; i < hi; i++ {
		v := ws[i].v
		if i == ki || ws[i].sep != 0 || len(v) == 0 || v[0] == '-' || bytes.IndexByte(v, '=') >= 0 {
			continue
		}
		if isCambVar(v) {
			return i
		}
		if _, ok := keyLike(v); ok {
			return i
		}
	}
	return -1
}

func wordAt(ws []shWord, i int) []byte {
	if i < 0 {
		return nil
	}
	return ws[i].v
}

// isEcho reports whether the segment starting at lo is an echo or printf
// whose arguments before the key's word ki are only flags and formats.
func isEcho(ws []shWord, lo, ki int) bool {
	i := lo
	for i < ki && (string(ws[i].v) == "run:" || string(ws[i].v) == "-" || string(ws[i].v) == "$") {
		i++
	}
	if i >= ki || string(ws[i].v) != "echo" && string(ws[i].v) != "printf" {
		return false
	}
	for i++; i < ki; i++ {
		if v := ws[i].v; len(v) == 0 || v[0] != '-' && v[0] != '%' {
			return false
		}
	}
	return true
}
