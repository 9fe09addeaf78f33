package rules

import (
	"bytes"
	"sort"
)

// This file reads a key whose context is percent-encoded or HTML-escaped:
// x-api-key%3A%20K in a logged URL, api_key%22%3A%22K in an encoded JSON
// body, CAMB_API_KEY%3DK in a query string, &quot;x-api-key&quot;:
// &quot;K&quot; in an HTML page. The key itself needs no escaping, so the
// "-4" prefilter finds it; only keys that no plain context took, and that
// have a '%' or '&' just before them, are looked at again: a window
// around the key is unescaped into a small buffer and judged there.

// escGap is how close to a key the escape must be: x-api-key%3A%20K,
// &quot;: &quot;K, CAMB_API_KEY%3DK.
const escGap = 12

// encodedOf returns the context of the key at k judged in its unescaped
// surroundings, and the encoding (EncURL or EncHTML), or ctxNone.
func (sc *scan) encodedOf(k int) (verdict, Encoding) {
	t := sc.t
	none := verdict{ctx: ctxNone}
	encs, n := escapesIn(t[max(0, k-escGap):k])
	if n == 0 {
		return none, Plain
	}
	lo := max(0, k-3*nameWindow)
	hi := min(len(t), k+keyLen+maxLine)
	for _, enc := range encs[:n] {
		un := unescaper(enc)
		buf := un(make([]byte, 0, hi-lo), t[lo:k])
		at := len(buf)
		if bytes.Equal(buf, t[lo:k]) {
			continue // nothing was unescaped
		}
		buf = append(buf, t[k:k+keyLen]...)
		buf = un(buf, t[k+keyLen:hi])
		if !isKeyAt(buf, at) {
			continue
		}
		sub := &scan{t: buf}
		if v := sub.contextOf(at); v.ctx != ctxNone {
			v.site = 0 // offsets of the buffer, not of the text
			return v, enc
		}
	}
	return none, Plain
}

// escapesIn returns the encodings whose escapes near holds, URL before
// HTML: '%' for EncURL, '&' for EncHTML.
func escapesIn(near []byte) (encs [2]Encoding, n int) {
	if bytes.IndexByte(near, '%') >= 0 {
		encs[n] = EncURL
		n++
	}
	if bytes.IndexByte(near, '&') >= 0 {
		encs[n] = EncHTML
		n++
	}
	return encs, n
}

// unescaper returns the function that undoes enc (EncURL or EncHTML),
// appending to dst.
func unescaper(enc Encoding) func(dst, src []byte) []byte {
	if enc == EncHTML {
		return htmlUnescape
	}
	return urlUnescape
}

// escapedKeyAt reports whether t[s:s+36] is a UUIDv4 right after a
// percent escape (x-api-key%3A%20K, CAMB_API_KEY%3DK), whose last hex
// digit would otherwise count as a word byte touching the key.
func escapedKeyAt(t []byte, s int) bool {
	return s >= 3 && t[s-3] == '%' && unhex(t[s-2]) >= 0 && unhex(t[s-1]) >= 0 && isKeyAt(t[s:], 0)
}

// unhex returns the value of the hex digit c, or -1.
func unhex(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// urlUnescape appends src to dst with %XX escapes decoded and '+' read as
// a space (query strings). A '%' not followed by two hex digits stays.
func urlUnescape(dst, src []byte) []byte {
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '%' && i+2 < len(src) && unhex(src[i+1]) >= 0 && unhex(src[i+2]) >= 0:
			dst = append(dst, byte(unhex(src[i+1])<<4|unhex(src[i+2])))
			i += 2
		case c == '+':
			dst = append(dst, ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// htmlEntities are the named entities that matter around a key.
var htmlEntities = map[string]byte{
	"quot": '"', "apos": '\'', "amp": '&', "lt": '<', "gt": '>', "colon": ':',
	"equals": '=', "comma": ',', "lbrace": '{', "rbrace": '}', "lcub": '{', "rcub": '}',
	"nbsp": ' ', "sol": '/', "lpar": '(', "rpar": ')', "lsqb": '[', "rsqb": ']', "grave": '`',
}

// htmlUnescape appends src to dst with HTML character references decoded:
// the named entities above and numeric ones (&#34;, &#x22;) for ASCII.
// Anything else stays as it is.
func htmlUnescape(dst, src []byte) []byte {
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c != '&' {
			dst = append(dst, c)
			continue
		}
		end := bytes.IndexByte(src[i+1:min(len(src), i+10)], ';')
		if end < 1 {
			dst = append(dst, c)
			continue
		}
		ref := src[i+1 : i+1+end]
		if b, ok := charRef(ref); ok {
			dst = append(dst, b)
			i += end + 1
			continue
		}
		dst = append(dst, c)
	}
	return dst
}

// charRef decodes the reference between '&' and ';': a named entity, or
// a decimal or hex number below 128.
func charRef(ref []byte) (byte, bool) {
	if ref[0] != '#' {
		b, ok := htmlEntities[string(ref)]
		return b, ok
	}
	n, base, d := 0, 10, ref[1:]
	if len(d) > 0 && (d[0] == 'x' || d[0] == 'X') {
		base, d = 16, d[1:]
	}
	if len(d) == 0 {
		return 0, false
	}
	for _, c := range d {
		v := unhex(c)
		if v < 0 || v >= base {
			return 0, false
		}
		n = n*base + v
		if n >= 128 {
			return 0, false
		}
	}
	return byte(n), true
}

// otherContext judges a key that no plain context took: a data row or
// structure that names CAMB (ctxData), or a context that is percent-encoded
// or HTML-escaped around it.
func (sc *scan) otherContext(k int) (verdict, Encoding) {
	if c := sc.dataOf(k); c != ctxNone {
		return verdict{ctx: c}, Plain
	}
	return sc.encodedOf(k)
}

// encoded adds the base64-encoded keys of text to out, the plain keys
// that Match found (sc is nil when it found no UUID), keeping out ordered
// by Start.
func (s *Set) encoded(text []byte, sc *scan, out []Match) []Match {
	if !b64Gate(text) {
		return out
	}
	if sc == nil {
		sc = &scan{t: text}
	}
	n := len(out)
	out = sc.base64Keys(out, s.rules)
	if len(out) > n {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	}
	return out
}
