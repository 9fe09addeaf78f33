package rules

import "bytes"

// This file reads keys in XML: .NET appSettings entries
// (<add key="CambApiKey" value="K" />, attributes in either order, any
// number of entries), settings files (<setting name="CambApiKey">
// <value>K</value></setting>), elements named for the key
// (<CambApiKey>K</CambApiKey>, Maven's <camb.api.key>K</camb.api.key>),
// Android string resources (<string name="camb_api_key">K</string>) and
// api-key entries inside a CAMB-named element or section
// (<camb><add key="ApiKey" value="K" /></camb>).

// xmlWindow bounds every read around a key in XML: back to the tag that
// holds it, forward to its end, and back over the enclosing elements.
const xmlWindow = 1024

// xmlContext returns the context of the key at s when it is an XML
// attribute value or element text, and ok=false when the key is not in
// XML (the other readers then decide).
func (sc *scan) xmlContext(s int) (verdict, bool) {
	t := sc.t
	none := verdict{ctx: ctxNone}
	if s == 0 {
		return none, false
	}
	var name []byte
	var tagStart int
	switch c := t[s-1]; {
	case c == '"' || c == '\'':
		// An attribute value: name="K" inside <tag ...>. The cheap test
		// for the "=" comes first: most quoted keys are not attributes.
		if q, _ := spaceBack(t, s-1, max(0, s-17)); q == 0 || t[q-1] != '=' || q >= 2 && (t[q-2] == '=' || t[q-2] == '!') {
			return none, false
		}
		lt := tagOpenBack(t, s)
		if lt < 0 {
			return none, false
		}
		eq := prevTok(t, s-1, lt)
		if !eq.is("=") {
			return none, false
		}
		attr := prevTok(t, eq.s, lt)
		if attr.kind != 'i' {
			return none, false
		}
		tag := xmlTag(t, lt)
		if tag.end < s || tag.closing || !tag.wellFormed(t) {
			return none, false
		}
		name = attr.v
		if isValueName(name) {
			name = tag.attr(t, "key", "name")
		}
		if name == nil {
			return none, true
		}
		tagStart = lt
	default:
		// Element text: <Name attrs>K</Name>, white space allowed.
		q, _ := spaceBack(t, s, max(0, s-xmlWindow))
		if q == 0 || t[q-1] != '>' || !closeTagFwd(t, s+keyLen) {
			return none, false
		}
		lt := tagOpenBack(t, q-1)
		if lt < 0 {
			return none, false
		}
		tag := xmlTag(t, lt)
		if tag.end != q-1 || tag.closing || tag.selfClosing || tag.nameE != tag.end && !tag.wellFormed(t) {
			return none, false
		}
		name = tag.attr(t, "name", "key")
		if name == nil {
			name = t[tag.nameS:tag.nameE]
		}
		tagStart = lt
		if isValueName(name) {
			// <setting name="CambApiKey"><value>K</value></setting>
			p, ok := xmlParent(t, lt)
			if !ok {
				return none, true
			}
			parent := xmlTag(t, p)
			if name = parent.attr(t, "name", "key"); name == nil {
				return none, true
			}
			tagStart = p
		}
	}
	switch {
	case isCambVar(name):
		return verdict{ctx: ctxVariable}, true
	case isAPIKeyName(name) || squashIs(lastComp(name), "key"):
		if xmlCambAncestor(t, tagStart) {
			return verdict{ctx: ctxConfig}, true
		}
	}
	if sc.xmlSiblingsBindCamb(tagStart, name) {
		return verdict{ctx: ctxConfig}, true // <add key="Speech.Provider" value="camb"/> beside it
	}
	return none, true
}

// tagOpenBack returns the offset of the '<' of the tag that the offset p
// lies inside (no '>' between them), or -1.
func tagOpenBack(t []byte, p int) int {
	lo := max(0, p-xmlWindow)
	for i := p - 1; i >= lo; i-- {
		switch t[i] {
		case '>':
			return -1
		case '<':
			if i+1 < len(t) && (isLetter(t[i+1]) || t[i+1] == '/' || t[i+1] == '_') {
				return i
			}
			return -1
		}
	}
	return -1
}

// closeTagFwd reports whether the element text ending at e is followed,
// after white space, by a closing tag.
func closeTagFwd(t []byte, e int) bool {
	p := skipSpaceFwd(t, e, min(len(t), e+64))
	return p+1 < len(t) && t[p] == '<' && t[p+1] == '/'
}

// An xmlTagInfo is one tag read forward from its '<'.
type xmlTagInfo struct {
	nameS, nameE         int // the element name
	end                  int // offset of the closing '>', or -1
	closing, selfClosing bool
}

// xmlTag reads the tag that opens at lt.
func xmlTag(t []byte, lt int) xmlTagInfo {
	hi := min(len(t), lt+xmlWindow)
	tg := xmlTagInfo{end: -1}
	p := lt + 1
	if p < hi && t[p] == '/' {
		tg.closing = true
		p++
	}
	tg.nameS = p
	for p < hi && (isIdentByte(t[p]) || t[p] == ':') {
		p++
	}
	tg.nameE = p
	if tg.nameE == tg.nameS {
		return tg
	}
	// Find the '>' that ends the tag, outside quoted attribute values.
	var q byte
	for ; p < hi; p++ {
		c := t[p]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '<':
			return tg
		case c == '>':
			tg.end = p
			tg.selfClosing = p > 0 && t[p-1] == '/'
			return tg
		}
	}
	return tg
}

// wellFormed reports whether the tag's text after its name is a run of
// name="value" attributes (and an optional '/'): then it is XML and not
// a comparison in code that happens to hold a '<' and a '>'.
func (tg xmlTagInfo) wellFormed(t []byte) bool {
	if tg.end < 0 || tg.nameE >= tg.end || !isSpace(t[tg.nameE]) {
		return false
	}
	for p := tg.nameE; ; {
		p = skipSpaceFwd(t, p, tg.end)
		if p >= tg.end || p == tg.end-1 && t[p] == '/' {
			return true
		}
		a := p
		for p < tg.end && (isIdentByte(t[p]) || t[p] == ':') {
			p++
		}
		if p == a {
			return false
		}
		p = skipSpaceFwd(t, p, tg.end)
		if p >= tg.end || t[p] != '=' {
			return false
		}
		p = skipSpaceFwd(t, p+1, tg.end)
		_, e, ok := strFwd(t, p, tg.end)
		if !ok {
			return false
		}
		p = e
	}
}

// attr returns the value of the first of the named attributes the tag
// has (matched case-insensitively), or nil.
func (tg xmlTagInfo) attr(t []byte, names ...string) []byte {
	if tg.end < 0 {
		return nil
	}
	for _, want := range names {
		for p := tg.nameE; p < tg.end; {
			p = skipSpaceFwd(t, p, tg.end)
			a := p
			for p < tg.end && (isIdentByte(t[p]) || t[p] == ':') {
				p++
			}
			if p == a {
				p++
				continue
			}
			n := t[a:p]
			p = skipSpaceFwd(t, p, tg.end)
			if p >= tg.end || t[p] != '=' {
				continue
			}
			p = skipSpaceFwd(t, p+1, tg.end)
			v, e, ok := strFwd(t, p, tg.end)
			if !ok {
				continue
			}
			p = e
			if squashIs(n, want) {
				return v
			}
		}
	}
	return nil
}

// xmlParent returns the '<' of the element that encloses the tag at lt,
// reading back over whole sibling elements, or false.
func xmlParent(t []byte, lt int) (int, bool) {
	lo := max(0, lt-xmlWindow)
	depth := 0
	for p := lt; p > lo; {
		i := bytes.LastIndexByte(t[lo:p], '<')
		if i < 0 {
			return 0, false
		}
		i += lo
		p = i
		tg := xmlTag(t, i)
		switch {
		case tg.end < 0 || tg.nameE == tg.nameS || tg.selfClosing:
		case tg.closing:
			depth++
		case depth > 0:
			depth--
		default:
			return i, true
		}
	}
	return 0, false
}

// xmlCambAncestor reports whether the tag at lt, or one of the (at most
// three) elements that enclose it, is named for CAMB or has an attribute
// value that names CAMB: <camb>, <CambSettings>, <section name="camb">.
func xmlCambAncestor(t []byte, lt int) bool {
	for level := 0; level < 4; level++ {
		tg := xmlTag(t, lt)
		if tg.end < 0 {
			return false
		}
		if hasCamb(t[tg.nameS:tg.nameE]) || len(cambAnchors(t[tg.nameE:tg.end])) > 0 {
			return true
		}
		p, ok := xmlParent(t, lt)
		if !ok {
			return false
		}
		lt = p
	}
	return false
}
