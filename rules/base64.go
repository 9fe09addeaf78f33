package rules

import (
	"bytes"
	"encoding/base64"
)

// This file finds base64-encoded keys: a Kubernetes Secret's data, a
// docker config.json auths entry, and any key-named field whose value is
// the base64 (standard or URL-safe, padded or not) of exactly one UUIDv4,
// with or without the trailing newline that `echo K | base64` encodes.
//
// The "-4" prefilter never sees such a value, so it has a gate of its
// own: only a text that does not start with a // or /* comment and whose
// first 256 bytes hold a Secret marker or a key-named field (key, Key or
// KEY followed by ':', '=' or a quote), or whose first 64 bytes hold a
// docker config's "auths", is searched. The search then looks for "00", which the base64 of
// every UUID has at offset 18 (the encoding of "-4"), and checks the
// other fixed characters of that encoding ('t' at 11 and 31, 'L' at 24:
// the dashes) before decoding the 48 to 52 characters around it.

// b64Head is how much of a text's start the base64 gate reads, and
// authsHead how much of it may come before a docker config's "auths".
const (
	b64Head   = 256
	authsHead = 64
)

// b64Gate reports whether text may hold a base64-encoded key. It reads
// at most b64Head bytes with vectorised searches for rare bytes, and
// nothing of a text that starts with a // or /* comment: Go, C, Java,
// JavaScript and Rust files mostly do, the Secrets, docker configs, .env,
// YAML, JSON and HCL files where encoded keys live do not, and the head
// of a source file is its licence. So it costs little on source code.
func b64Gate(t []byte) bool {
	if len(t) >= 2 && t[0] == '/' && (t[1] == '/' || t[1] == '*') {
		return false // C-family source under its licence comment
	}
	h := t[:min(len(t), b64Head)]
	return bytes.Contains(h, []byte("Secret")) || bytes.Contains(h[:min(len(h), authsHead)], []byte(`"auths"`)) ||
		keyField(h, 'y') || keyField(h, 'Y')
}

// keyField reports whether h has a field named ...key, ...Key or ...KEY
// (y is the last letter as written, 'y' or 'Y'), with up to eight more
// name bytes (keys, KEY_B64), followed by a quote, ':' or '='. It looks
// for y with bytes.IndexByte: y is rare in code.
func keyField(h []byte, y byte) bool {
	for off := 2; off < len(h); {
		i := bytes.IndexByte(h[off:], y)
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		if lower(h[i-2]) != 'k' || lower(h[i-1]) != 'e' {
			continue
		}
		j := i + 1
		for n := 0; n < 8 && j < len(h) && (isLetter(h[j]) || isDigit(h[j]) || h[j] == '_'); n++ {
			j++ // keys, KEY_B64, key_base64
		}
		if j < len(h) && isQuote(h[j]) {
			j++
		}
		for j < len(h) && h[j] == ' ' {
			j++
		}
		if j < len(h) && (h[j] == ':' || h[j] == '=') {
			return true
		}
	}
	return false
}

func isB64(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '+' || c == '/' || c == '-' || c == '_'
}

// decodeB64Key returns the key that the base64 value starting at s
// encodes, and the end of the value (padding included), or ok=false.
// The value must stand alone (no base64 byte before or after it) and be
// 48 characters (36 bytes), 50 (with "\n") or 51 (with "\r\n"), padded or
// not, in one alphabet.
func decodeB64Key(t []byte, s int) (key []byte, end int, ok bool) {
	if s < 0 || s+48 > len(t) || s > 0 && isB64(t[s-1]) {
		return nil, 0, false
	}
	e := s
	for e < len(t) && e-s < 52 && isB64(t[e]) {
		e++
	}
	n := e - s
	pad := 0
	for e < len(t) && t[e] == '=' && pad < 3 {
		e++
		pad++
	}
	if e < len(t) && isB64(t[e]) {
		return nil, 0, false
	}
	switch {
	case n == 48 && pad == 0, n == 50 && (pad == 0 || pad == 2), n == 51 && (pad == 0 || pad == 1):
	default:
		return nil, 0, false
	}
	v := t[s : s+n]
	std, url := bytes.ContainsAny(v, "+/"), bytes.ContainsAny(v, "-_")
	enc := base64.RawStdEncoding
	switch {
	case std && url:
		return nil, 0, false
	case url:
		enc = base64.RawURLEncoding
	}
	var d [39]byte
	nd, err := enc.Decode(d[:], v)
	if err != nil {
		return nil, 0, false
	}
	switch {
	case nd == 36, nd == 37 && d[36] == '\n', nd == 38 && d[36] == '\r' && d[37] == '\n':
	default:
		return nil, 0, false
	}
	if !isKeyAt(d[:36], 0) || isPlaceholder(d[:36]) {
		return nil, 0, false
	}
	return append([]byte(nil), d[:36]...), e, true
}

// base64Keys appends the base64-encoded keys of sc's text to out; the
// caller has checked b64Gate.
func (sc *scan) base64Keys(out []Match, rs []Rule) []Match {
	t := sc.t
	known, isSecret := false, false
	secret := func() bool { // read on first need: five searches of the text
		if !known {
			known, isSecret = true, isK8sSecret(t)
		}
		return isSecret
	}
	for off := 18; off < len(t); {
		i := bytes.Index(t[off:], []byte("00"))
		if i < 0 {
			break
		}
		i += off
		off = i + 1
		s := i - 18
		if s+48 > len(t) || t[s+11] != 't' || t[s+24] != 'L' || t[s+31] != 't' {
			continue
		}
		key, e, ok := decodeB64Key(t, s)
		if !ok || lineAllowed(t, s) {
			continue
		}
		c, conf, ok := sc.b64Context(s, e, key, secret)
		if !ok {
			continue
		}
		r := &rs[c]
		out = append(out, Match{RuleID: r.ID, Context: r.Context, Confidence: conf,
			Start: s, End: e, Encoding: EncBase64})
		off = e
	}
	if bytes.Contains(t, []byte(`"auths"`)) {
		out = sc.dockerAuths(out, rs)
	}
	return out
}

// isK8sSecret reports whether text is (or holds) a Kubernetes Secret
// manifest, in YAML or JSON.
func isK8sSecret(t []byte) bool {
	for _, m := range []string{"kind: Secret", `"kind": "Secret"`, `"kind":"Secret"`, "kind: 'Secret'", `kind: "Secret"`} {
		if i := bytes.Index(t, []byte(m)); i >= 0 && (i+len(m) == len(t) || !isIdentByte(t[i+len(m)])) {
			return true
		}
	}
	return false
}

// b64Context judges the base64 value t[s:e] that decodes to key. The
// key is first judged as if it were written plain in its place (a
// CAMB-named field, an x-api-key header, a CAMB config block); else a
// Kubernetes Secret's data field is a key when the field or the Secret
// names CAMB, or when the field is key-named; and any other key-named
// field holds a key (high confidence when the text mentions CAMB,
// medium otherwise).
func (sc *scan) b64Context(s, e int, key []byte, secret func() bool) (ctx, Confidence, bool) {
	t := sc.t
	lo, hi := max(0, s-callWindow), min(len(t), e+maxLine)
	buf := make([]byte, 0, s-lo+keyLen+hi-e)
	buf = append(buf, t[lo:s]...)
	at := len(buf)
	buf = append(buf, key...)
	buf = append(buf, t[e:hi]...)
	sub := &scan{t: buf}
	camb := len(sc.anchorsAll()) > 0
	if v := sub.contextOf(at); v.ctx != ctxNone {
		v.site = 0
		conf, ok := sub.confidence(at, v)
		if ok && conf == Medium && camb {
			conf = High
		}
		return v.ctx, conf, ok
	}
	b := bindOf(buf, at)
	if b.name == nil || b.list || hasIDWord(b.name) {
		return ctxNone, 0, false
	}
	named := keyish(lastComp(b.name))
	conf := Medium
	if camb {
		conf = High
	}
	if secret() && inSecretData(buf, at) {
		if hasCamb(b.name) || secretNamesCamb(t, s) {
			return ctxData, High, true
		}
		if named {
			return ctxData, conf, true
		}
		return ctxNone, 0, false
	}
	if named && (b.kind == '=' || b.kind == ' ') {
		return ctxData, conf, true
	}
	return ctxNone, 0, false
}

// inSecretData reports whether the field at p is in a Secret's data: a
// YAML parent data: (or stringData:, binaryData:), or a JSON object
// labelled "data".
func inSecretData(t []byte, p int) bool {
	isData := func(k []byte) bool {
		return squashIs(k, "data") || squashIs(k, "binarydata")
	}
	if open := openerBack(t, p); open >= 0 && t[open] == '{' {
		l := objLabel(t, open)
		return l.kind != 0 && isData(l.v)
	}
	found := false
	yamlParents(t, lineStart(t, p, max(0, p-blockWindow)), func(key, _ []byte) bool {
		found = isData(trimKey(key))
		return false
	})
	return found
}

// secretNamesCamb reports whether the YAML document that holds the value
// at s (between its "---" lines, at most blockWindow bytes either side)
// has a name that mentions CAMB: metadata: name: camb-api-key, before the
// data or after it (kubectl get -o yaml sorts data before metadata).
func secretNamesCamb(t []byte, s int) bool {
	lo, hi := max(0, s-blockWindow), min(len(t), s+blockWindow)
	if i := bytes.LastIndex(t[lo:s], []byte("\n---")); i >= 0 {
		lo += i
	}
	if i := bytes.Index(t[s:hi], []byte("\n---")); i >= 0 {
		hi = s + i
	}
	for _, m := range []string{"name:", `"name":`} {
		for off := lo; off < hi; {
			i := bytes.Index(t[off:hi], []byte(m))
			if i < 0 {
				break
			}
			off += i + len(m)
			if len(cambAnchors(t[off:lineEnd(t, off, min(hi, off+maxLine))])) > 0 {
				return true
			}
		}
	}
	return false
}

// dockerAuths appends the keys of a docker config.json's auths entries:
// an "auth" value that decodes to user:K (or K alone), K a UUIDv4. The
// entry is high confidence when its registry or user names CAMB.
func (sc *scan) dockerAuths(out []Match, rs []Rule) []Match {
	t := sc.t
	for off := 0; off < len(t); {
		i := bytes.Index(t[off:], []byte(`"auth"`))
		if i < 0 {
			break
		}
		i += off
		off = i + 6
		p := skipSpaceFwd(t, off, len(t))
		if p >= len(t) || t[p] != ':' {
			continue
		}
		p = skipSpaceFwd(t, p+1, len(t))
		v, end, ok := strFwd(t, p, min(len(t), p+200))
		if !ok || len(v) < 48 || lineAllowed(t, p) {
			continue
		}
		d, err := base64.StdEncoding.DecodeString(string(v))
		if err != nil {
			continue
		}
		user, pass := []byte(nil), d
		if c := bytes.LastIndexByte(d, ':'); c >= 0 {
			user, pass = d[:c], d[c+1:]
		}
		if len(pass) != keyLen || !isKeyAt(pass, 0) || isPlaceholder(pass) {
			continue
		}
		conf := Medium
		if open := openerBack(t, i); open >= 0 {
			if l := objLabel(t, open); l.kind != 0 && len(cambAnchors(l.v)) > 0 || hasCamb(user) {
				conf = High
			}
		}
		r := &rs[ctxData]
		out = append(out, Match{RuleID: r.ID, Context: r.Context, Confidence: conf,
			Start: p + 1, End: end - 1, Encoding: EncBase64})
		off = end
	}
	return out
}

// b64Key returns the key that the base64 value v of a match encodes
// (alone, with a line break, or as a docker auth's user:K), or nil.
func b64Key(v []byte) []byte {
	v = bytes.TrimRight(v, "=")
	d := make([]byte, base64.RawStdEncoding.DecodedLen(len(v)))
	n, err := base64.RawStdEncoding.Decode(d, v)
	if err != nil {
		n, err = base64.RawURLEncoding.Decode(d, v)
	}
	if err != nil {
		return nil
	}
	d = d[:n]
	if c := bytes.LastIndexByte(d, ':'); c >= 0 {
		d = d[c+1:]
	}
	if len(d) < keyLen {
		return nil
	}
	return d[:keyLen]
}

// lineAllowed reports whether the line holding p carries an allow mark.
func lineAllowed(t []byte, p int) bool {
	ls := lineStart(t, p, max(0, p-maxLine))
	le := lineEnd(t, p, min(len(t), p+maxLine))
	for _, m := range allowMarks {
		if bytes.Contains(t[ls:le], m) {
			return true
		}
	}
	return false
}
