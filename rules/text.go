package rules

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// SniffLen is how many leading bytes decide whether content is text: the
// window git's own binary check reads. [Text]'s verdict depends on these
// bytes only, so a reader may read SniffLen bytes, ask [Binary], and read
// the rest only for text.
const SniffLen = 8000

// Text turns raw file bytes into UTF-8 text for [Set.Match]. It returns a
// non-empty skip reason instead when the data is not text it can read.
//
//   - A UTF-8 byte order mark is stripped (offsets then count from the
//     first character, which is what editors show).
//   - UTF-16 and UTF-32 with a byte order mark are decoded to UTF-8, and
//     so is UTF-16 without one when its first 8000 bytes are ASCII or
//     Latin-1 text interleaved with NULs (a few stray code units allowed).
//     Decoding is lenient: an unpaired surrogate, an invalid code point or
//     a trailing partial code unit (an odd length) becomes U+FFFD.
//   - Data is skipped as "binary" when [Binary] says so: a NUL in the
//     first 8000 bytes, as git decides, unless those bytes are text but for
//     a few stray NUL or control bytes (one, or at most 1 in 100).
//
// Invalid UTF-8 elsewhere is not a reason to skip: the bytes are matched
// as they are. Text allocates only when it decodes.
func Text(data []byte) (text []byte, skip string) {
	if Binary(data[:min(len(data), SniffLen)]) {
		return nil, "binary"
	}
	switch enc, bom := detect(data); enc {
	case encUTF8:
		return data[bom:], ""
	case encUTF16LE:
		return decode16(data[bom:], binary.LittleEndian), ""
	case encUTF16BE:
		return decode16(data[bom:], binary.BigEndian), ""
	case encUTF32LE:
		return decode32(data[bom:], binary.LittleEndian), ""
	default:
		return decode32(data[bom:], binary.BigEndian), ""
	}
}

// Binary reports whether content that starts with head (its first
// [SniffLen] bytes, or all of it when shorter) is skipped by [Text] as
// binary. git calls content binary when its first 8000 bytes hold a NUL;
// so does Binary, except that a stray NUL in text does not count: the
// window is binary only when more than one of its characters, and more
// than 1 in 100, are NUL or control characters other than tab, line
// breaks, form feed, backspace and escape. Compressed and machine data has about
// one in ten; a text file with a stray NUL one in thousands. UTF-16 and
// UTF-32 (see [Text]) are judged on their decoded characters.
func Binary(head []byte) bool {
	head = head[:min(len(head), SniffLen)]
	enc, bom := detect(head)
	head = head[bom:]
	var n, bad int
	switch enc {
	case encUTF8:
		if bytes.IndexByte(head, 0) < 0 {
			return false // git's rule: no NUL, not binary
		}
		n = len(head)
		for _, c := range head {
			bad += int(controlByte[c])
		}
	case encUTF16LE, encUTF16BE:
		order := byteOrder(enc)
		n = len(head) / 2
		for i := 0; i+1 < len(head); i += 2 {
			if control(rune(order.Uint16(head[i:]))) {
				bad++
			}
		}
	default:
		order := byteOrder(enc)
		n = len(head) / 4
		for i := 0; i+3 < len(head); i += 4 {
			if control(rune(order.Uint32(head[i:]))) {
				bad++
			}
		}
	}
	return bad > max(1, n/100)
}

// control reports whether r is a NUL or a control character that text does
// not hold; tab, LF, VT, FF, CR, backspace and escape (ANSI colours in logs)
// are text.
func control(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\v', r == '\f', r == '\r', r == '\b', r == 0x1b:
		return false
	}
	return r >= 0 && r < 0x20 || r == 0x7f
}

// controlByte is control for single bytes, as a table: the loop over a
// binary file's first 8000 bytes is a fifth of the cost without it.
var controlByte = func() (t [256]uint8) {
	for c := range t {
		if control(rune(c)) {
			t[c] = 1
		}
	}
	return t
}()

// Encodings [detect] tells apart.
const (
	encUTF8 = iota // or bytes in no known encoding
	encUTF16LE
	encUTF16BE
	encUTF32LE
	encUTF32BE
)

func byteOrder(enc int) binary.ByteOrder {
	if enc == encUTF16BE || enc == encUTF32BE {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// detect returns the encoding of data and the length of its byte order
// mark, from the mark or, for UTF-16 without one, from its first bytes.
func detect(data []byte) (enc, bom int) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return encUTF8, 3
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}):
		return encUTF32LE, 4
	case bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		return encUTF32BE, 4
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return encUTF16LE, 2
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return encUTF16BE, 2
	}
	return sniff16(data), 0
}

// sniff16 recognises UTF-16 without a byte order mark: at least 16 bytes,
// and in the first 8000 bytes the code units are printable ASCII or
// Latin-1 characters, tab, CR or LF, with the zero byte always on the same
// side, but for at most 1 in 100 stray units (a trailing odd byte is not
// looked at). Text in other scripts is not recognised (it is then matched
// as bytes or skipped as binary).
func sniff16(data []byte) int {
	n := min(len(data), SniffLen) &^ 1
	if n < 16 {
		return encUTF8
	}
	allowed := n / 2 / 100
	var le, be int // stray units for each byte order
	for i := 0; i < n && (le <= allowed || be <= allowed); i += 2 {
		a, b := data[i], data[i+1]
		if b != 0 || !latinText(a) {
			le++
		}
		if a != 0 || !latinText(b) {
			be++
		}
	}
	switch {
	case le <= allowed:
		return encUTF16LE
	case be <= allowed:
		return encUTF16BE
	}
	return encUTF8
}

func latinText(c byte) bool {
	return c >= 0x20 && c < 0x7f || c >= 0xa0 || c == '\t' || c == '\n' || c == '\r'
}

// decode16 decodes UTF-16; an unpaired surrogate and a trailing odd byte
// become U+FFFD.
func decode16(data []byte, order binary.ByteOrder) []byte {
	out := make([]byte, 0, len(data)/2+len(data)/8+3)
	for i := 0; i+1 < len(data); i += 2 {
		r := rune(order.Uint16(data[i:]))
		if utf16.IsSurrogate(r) {
			r2 := utf8.RuneError
			if i+3 < len(data) {
				r2 = rune(order.Uint16(data[i+2:]))
			}
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				out = utf8.AppendRune(out, d)
				i += 2
				continue
			}
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
	}
	if len(data)%2 != 0 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return out
}

// decode32 decodes UTF-32; an invalid code point and a trailing partial
// unit become U+FFFD.
func decode32(data []byte, order binary.ByteOrder) []byte {
	out := make([]byte, 0, len(data)/4+3)
	for i := 0; i+3 < len(data); i += 4 {
		r := rune(order.Uint32(data[i:]))
		if !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
	}
	if len(data)%4 != 0 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return out
}

// Position returns the 1-based line and column of the byte offset off in
// text. Lines end at '\n' (so a CRLF is one break, its '\r' the last
// character of the line before); the column counts Unicode code points
// (an invalid byte counts as one). An offset past the end is clamped.
//
// Cost: a vectorised count of '\n' before off, a vectorised search back
// for the line start and a rune count of the line's prefix: about 0.1 ms
// for a key at the end of a 1 MB single-line file. Call it per finding,
// not per byte.
func Position(text []byte, off int) (line, col int) {
	off = max(0, min(off, len(text)))
	before := text[:off]
	start := lastNL(before) + 1
	return bytes.Count(before, []byte{'\n'}) + 1, runeCount(before[start:]) + 1
}

// runeCount is utf8.RuneCount (an invalid byte counts as one) with a
// fast path that takes ASCII eight bytes at a time: about 4x faster on
// the long ASCII lines of minified files.
func runeCount(p []byte) int {
	n, i := 0, 0
	for i < len(p) {
		for i+8 <= len(p) && binary.LittleEndian.Uint64(p[i:])&0x8080808080808080 == 0 {
			i += 8
			n += 8
		}
		if i >= len(p) {
			break
		}
		if p[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRune(p[i:])
			i += size
		}
		n++
	}
	return n
}

// A Positioner computes [Position] for a rising sequence of offsets in one
// pass over text: each call counts only the bytes since the previous one,
// so a file with n findings costs O(len(text)) instead of O(n*len(text))
// (200 000 keys in a 10 MB .env, or 20 000 on one 8.8 MB line, took minutes
// with a Position call per finding). An offset below the previous one
// starts again from the top of the text. Offsets must fall on rune
// boundaries for the column to equal Position's, as key offsets do (a key
// is ASCII).
type Positioner struct {
	text           []byte
	off, line, col int
}

// NewPositioner returns a Positioner at the start of text.
func NewPositioner(text []byte) *Positioner {
	return &Positioner{text: text, line: 1, col: 1}
}

// At returns the 1-based line and column of off, as [Position] does.
func (p *Positioner) At(off int) (line, col int) {
	off = max(0, min(off, len(p.text)))
	if off < p.off {
		p.off, p.line, p.col = 0, 1, 1
	}
	seg := p.text[p.off:off]
	if nl := bytes.Count(seg, []byte{'\n'}); nl > 0 {
		p.line += nl
		p.col = runeCount(seg[lastNL(seg)+1:]) + 1
	} else {
		p.col += runeCount(seg)
	}
	p.off = off
	return p.line, p.col
}
