package rules

import "bytes"

// This file gives a generic key name (TTS_API_KEY, API_KEY, token,
// apiKey) a CAMB meaning when the block, section or flat file around it
// binds a CAMB host or provider to a sibling name:
//
//	TTS_BASE_URL=https://client.camb.ai/apis
//	TTS_API_KEY=K
//
// The scope is the enclosing object for braces, the [section] for TOML
// and INI, and for YAML, Python classes, docker-compose lists and flat
// .env files the lines of the same indentation, at most siblingLines
// either way, stopping at a shallower line.

// siblingLines is how many lines either way of a key are read for a
// sibling that binds CAMB.
const siblingLines = 16

// genericQualifiers are the words a generic key name may carry besides
// its key words and still stand for whatever service its block is about:
// TTS_API_KEY, PROD_API_KEY, VOICE_TOKEN. A name with any other word
// (OPENAI_API_KEY, SESSION_TOKEN) names something else, unless the word is
// shared with the sibling that binds CAMB (TTS_BASE_URL beside TTS_KEY).
var genericQualifiers = map[string]bool{
	"tts": true, "stt": true, "voice": true, "speech": true, "audio": true, "dub": true,
	"dubbing": true, "translation": true, "translate": true, "service": true, "app": true,
	"client": true, "default": true, "prod": true, "production": true, "dev": true,
	"development": true, "staging": true, "stage": true, "test": true, "live": true,
	"primary": true, "secondary": true, "backup": true, "main": true, "my": true,
	"provider": true, "x": true, "api": true, "ai": true, "private": true,
}

// keyLike splits a key-like name into its qualifier words: the name ends
// in key, keys, apikey or token (numbered as key2 too), and has no id word.
// TTS_API_KEY gives [tts]; API_KEY, apiKey, api-key and token give none.
func keyLike(name []byte) (quals []string, ok bool) {
	if !hasFold(name, "key") && !hasFold(name, "token") {
		return nil, false
	}
	ws := words(name)
	if len(ws) == 0 {
		return nil, false
	}
	for _, w := range ws {
		if idWord(w) {
			return nil, false
		}
	}
	last := ws[len(ws)-1]
	for len(last) > 0 && isDigit(last[len(last)-1]) {
		last = last[:len(last)-1]
	}
	switch last {
	case "key", "keys", "apikey", "apikeys", "token":
	default:
		return nil, false
	}
	ws = ws[:len(ws)-1]
	if len(ws) > 0 && ws[len(ws)-1] == "api" {
		ws = ws[:len(ws)-1]
	}
	return ws, true
}

// qualified reports whether every qualifier is generic or one of the
// words of the sibling name that anchors the key to CAMB.
func qualified(quals []string, sibling []byte) bool {
	var sw []string
	for _, q := range quals {
		if genericQualifiers[q] || cambWord(q) {
			continue
		}
		if sw == nil {
			sw = words(sibling)
		}
		found := false
		for _, w := range sw {
			found = found || w == q
		}
		if !found {
			return false
		}
	}
	return true
}

// cambScope reports whether the key-like name at p (its last component
// lc) sits in a block, section or flat file that binds CAMB: a CAMB-named
// label, section or YAML parent, a pair of the same brackets, or a sibling whose value names a CAMB
// host or provider (provider: camb, base_url: https://client.camb.ai).
func (sc *scan) cambScope(p int, lc []byte) bool {
	if !sc.anchorIn(p-2*blockWindow, p+2*blockWindow) {
		return false
	}
	quals, ok := keyLike(lc)
	if !ok {
		return false
	}
	t := sc.t
	if open := openerBack(t, p); open >= 0 {
		// an object, a PHP or Ruby array of pairs, or a call's keyword
		// arguments: the pairs inside the brackets are the block
		if l := objLabel(t, open); l.kind != 0 && hasCamb(l.v) {
			return qualified(quals, l.v)
		}
		end := closerFwd(t, open)
		for _, a := range cambAnchors(t[open:end]) {
			a += open
			seg := open + 1
			if i := bytes.LastIndexAny(t[seg:a], ",\n"); i >= 0 {
				seg += i + 1
			}
			if n, ok := pairBindsCamb(t, seg, a); ok && qualified(quals, n) {
				return true
			}
		}
		return false
	}
	ls := lineStart(t, p, max(0, p-blockWindow))
	if sec := tomlSection(t, ls); sec != nil {
		if hasCamb(sec) {
			return qualified(quals, sec)
		}
		return sc.sectionBindsCamb(ls, quals)
	}
	found, params := false, false
	yamlParents(t, ls, func(key, _ []byte) bool {
		key = trimKey(key)
		params = squashIs(lastComp(key), "providerparams")
		found = !params && hasCamb(key) && qualified(quals, key)
		return !found && !params
	})
	if found || params {
		return found
	}
	return sc.siblingBindsCamb(ls, quals) || sc.parentSiblingBindsCamb(ls, quals)
}

// pairBindsCamb reads a name = value or name: value pair that starts at
// s (after indentation, a "- " item mark or "export ") and reports the
// name when the CAMB anchor at a lies in the value.
func pairBindsCamb(t []byte, s, a int) ([]byte, bool) {
	i := skipBlank(t, s, a)
	if i < a && t[i] == '-' {
		i = skipBlank(t, i+1, a)
	}
	if bytes.HasPrefix(t[i:a], []byte("export ")) {
		i = skipBlank(t, i+len("export "), a)
	}
	var name []byte
	if v, end, ok := strFwd(t, i, a); ok {
		name, i = v, end
	} else {
		j := i
		for j < a && isIdentByte(t[j]) {
			j++
		}
		name, i = t[i:j], j
	}
	if len(name) == 0 {
		return nil, false
	}
	i = skipBlank(t, i, a)
	if i >= a || t[i] != ':' && t[i] != '=' || i+1 < len(t) && (t[i+1] == ':' || t[i+1] == '=') {
		return nil, false
	}
	if _, ok := keyLike(name); ok {
		return nil, false // another key, not a host or provider
	}
	return name, true
}

func skipBlank(t []byte, i, hi int) int {
	for i < hi && (t[i] == ' ' || t[i] == '\t') {
		i++
	}
	return i
}

// lineBindsCamb reports the name of the line [s, e) when its value names
// CAMB.
func lineBindsCamb(t []byte, s, e int) ([]byte, bool) {
	for _, a := range cambAnchors(t[s:e]) {
		if n, ok := pairBindsCamb(t, s, s+a); ok {
			return n, true
		}
	}
	return nil, false
}

// siblingBindsCamb looks at the lines of the same indentation as the
// line at ls, siblingLines either way, stopping at a shallower line.
func (sc *scan) siblingBindsCamb(ls int, quals []string) bool {
	t := sc.t
	cur, skip := indent(t, ls)
	if skip {
		return false
	}
	check := func(s int) (stop, ok bool) {
		n, skip := indent(t, s)
		if skip {
			return false, false
		}
		if n < cur {
			return true, false
		}
		if n == cur {
			e := lineEnd(t, s, min(len(t), s+maxLine))
			if name, b := lineBindsCamb(t, s, e); b && qualified(quals, name) {
				return true, true
			}
		}
		return false, false
	}
	return sc.aroundLine(ls, check)
}

// sectionBindsCamb looks at the lines of the TOML or INI section of the
// line at ls, up to its header and the next one, siblingLines either way.
func (sc *scan) sectionBindsCamb(ls int, quals []string) bool {
	t := sc.t
	header := func(s, e int) bool {
		l := bytes.TrimSpace(t[s:e])
		return len(l) > 2 && l[0] == '['
	}
	check := func(s int) (stop, ok bool) {
		e := lineEnd(t, s, min(len(t), s+maxLine))
		if header(s, e) {
			return true, false
		}
		if name, b := lineBindsCamb(t, s, e); b && qualified(quals, name) {
			return true, true
		}
		return false, false
	}
	return sc.aroundLine(ls, check)
}

// aroundLine runs check on the lines before the line at ls, nearest first,
// then on the lines after it, siblingLines and blockWindow bytes each way
// at most; check's stop ends a direction, and its ok answers true.
func (sc *scan) aroundLine(ls int, check func(s int) (stop, ok bool)) bool {
	t := sc.t
	lo := max(0, ls-blockWindow)
	for p, k := ls, 0; p > lo && k < siblingLines; k++ {
		s := lineStart(t, p-1, lo)
		p = s
		if stop, ok := check(s); stop {
			if ok {
				return true
			}
			break
		}
	}
	hi := min(len(t), ls+blockWindow)
	for p, k := lineEnd(t, ls, hi)+1, 0; p < hi && k < siblingLines; k++ {
		if stop, ok := check(p); stop {
			return ok
		}
		p = lineEnd(t, p, hi) + 1
	}
	return false
}
