package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// A jsonStream is a small JSON reader for the baseline. encoding/json's
// Token and Decode allocate about 80 bytes for each 32-byte fingerprint,
// and with the collector's slack that garbage doubled the peak memory of a
// large baseline; this reader allocates nothing per fingerprint. It
// validates what it skips as encoding/json would, up to maxDepth nested
// values.
type jsonStream struct {
	r   *bufio.Reader
	off int64 // bytes consumed, for messages
}

const (
	maxDepth = 10000 // nesting, as encoding/json allows
	maxKept  = 256   // bytes kept of a field name or the schema
)

func (s *jsonStream) errorf(format string, args ...any) error {
	return fmt.Errorf("not a cambscan baseline: byte %d: %s", s.off, fmt.Sprintf(format, args...))
}

// next returns the next byte; the end of the input is an error.
func (s *jsonStream) next() (byte, error) {
	c, err := s.r.ReadByte()
	if err == io.EOF {
		return 0, s.errorf("unexpected end of the file")
	}
	if err != nil {
		return 0, err
	}
	s.off++
	return c, nil
}

// nonSpace returns the next byte that is not JSON white space.
func (s *jsonStream) nonSpace() (byte, error) {
	for {
		c, err := s.next()
		if err != nil || (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			return c, err
		}
	}
}

// expect reads the next byte that is not white space and requires it to be
// want.
func (s *jsonStream) expect(want byte) error {
	c, err := s.nonSpace()
	if err == nil && c != want {
		err = s.errorf("found %q where %q belongs", c, want)
	}
	return err
}

// end requires that only white space is left.
func (s *jsonStream) end() error {
	for {
		c, err := s.r.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		s.off++
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return s.errorf("data after the baseline object")
		}
	}
}

// members reads the members of an object whose '{' was read, calling field
// with each name; field must read the value.
func (s *jsonStream) members(field func(name string) error) error {
	c, err := s.nonSpace()
	if err != nil || c == '}' {
		return err
	}
	for {
		if c != '"' {
			return s.errorf("found %q where a field name belongs", c)
		}
		name, err := s.str(maxKept)
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if err := field(name); err != nil {
			return err
		}
		if c, err = s.nonSpace(); err != nil {
			return err
		}
		switch c {
		case '}':
			return nil
		case ',':
			if c, err = s.nonSpace(); err != nil {
				return err
			}
		default:
			return s.errorf("found %q after a field, want ',' or '}'", c)
		}
	}
}

// elements reads the elements of an array whose '[' was read, calling
// each with the first byte of each element; each must read the rest.
func (s *jsonStream) elements(each func(first byte) error) error {
	c, err := s.nonSpace()
	if err != nil || c == ']' {
		return err
	}
	for {
		if err := each(c); err != nil {
			return err
		}
		if c, err = s.nonSpace(); err != nil {
			return err
		}
		switch c {
		case ']':
			return nil
		case ',':
			if c, err = s.nonSpace(); err != nil {
				return err
			}
		default:
			return s.errorf("found %q after an element, want ',' or ']'", c)
		}
	}
}

// skip reads past the value whose first byte is c, at nesting depth.
func (s *jsonStream) skip(depth int, c byte) error {
	if depth > maxDepth {
		return s.errorf("nested more than %d deep", maxDepth)
	}
	switch {
	case c == '{':
		return s.members(func(string) error {
			c, err := s.nonSpace()
			if err != nil {
				return err
			}
			return s.skip(depth+1, c)
		})
	case c == '[':
		return s.elements(func(c byte) error { return s.skip(depth+1, c) })
	case c == '"':
		_, err := s.str(0)
		return err
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number(c)
	}
	return s.errorf("found %q where a value belongs", c)
}

// literal reads the rest of word, whose first byte was read.
func (s *jsonStream) literal(word string) error {
	for i := 1; i < len(word); i++ {
		c, err := s.next()
		if err != nil {
			return err
		}
		if c != word[i] {
			return s.errorf("found %q in the literal %s", c, word)
		}
	}
	return nil
}

// number reads a JSON number whose first byte c was read:
// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *jsonStream) number(c byte) error {
	var err error
	if c == '-' {
		if c, err = s.next(); err != nil {
			return err
		}
	}
	if c < '0' || c > '9' {
		return s.errorf("found %q in a number", c)
	}
	if c != '0' {
		s.digits()
	}
	if s.accept(".") && s.digits() == 0 {
		return s.errorf("no digit after a decimal point")
	}
	if s.accept("eE") {
		s.accept("+-")
		if s.digits() == 0 {
			return s.errorf("no digit in an exponent")
		}
	}
	return nil
}

// accept reads the next byte if it is one of set.
func (s *jsonStream) accept(set string) bool {
	b, err := s.r.Peek(1)
	if err != nil || strings.IndexByte(set, b[0]) < 0 {
		return false
	}
	s.r.ReadByte()
	s.off++
	return true
}

// digits reads decimal digits and returns how many.
func (s *jsonStream) digits() int {
	n := 0
	for s.accept("0123456789") {
		n++
	}
	return n
}

// str reads a string whose opening quote was read and returns its first
// keep bytes, unescaped (a longer string is cut and ends in "...").
func (s *jsonStream) str(keep int) (string, error) {
	var out []byte
	cut := false
	add := func(b ...byte) {
		if len(out)+len(b) > keep {
			cut = keep > 0
			return
		}
		out = append(out, b...)
	}
	for {
		c, err := s.next()
		if err != nil {
			return "", err
		}
		switch {
		case c == '"':
			if cut {
				return string(out) + "...", nil
			}
			return string(out), nil
		case c < 0x20:
			return "", s.errorf("control character %q in a string", c)
		case c != '\\':
			add(c)
			continue
		}
		if c, err = s.next(); err != nil {
			return "", err
		}
		switch c {
		case '"', '\\', '/':
			add(c)
		case 'b':
			add('\b')
		case 'f':
			add('\f')
		case 'n':
			add('\n')
		case 'r':
			add('\r')
		case 't':
			add('\t')
		case 'u':
			var r rune
			for range 4 {
				if c, err = s.next(); err != nil {
					return "", err
				}
				d := hexDigit(c)
				if d < 0 {
					return "", s.errorf("found %q in a \\u escape", c)
				}
				r = r<<4 | d
			}
			add(utf8.AppendRune(nil, r)...) // a surrogate half becomes U+FFFD
		default:
			return "", s.errorf("unknown escape \\%c", c)
		}
	}
}

// fingerprint reads a string whose opening quote was read into sum, when it
// is 64 lowercase hex digits; it reads nothing otherwise.
func (s *jsonStream) fingerprint(sum *[32]byte) bool {
	b, _ := s.r.Peek(65)
	if len(b) != 65 || b[64] != '"' || !isLowerHex(b[:64]) {
		return false
	}
	hex.Decode(sum[:], b[:64])
	s.r.Discard(65)
	s.off += 65
	return true
}

// hexDigit returns the value of a hex digit, or -1.
func hexDigit(c byte) rune {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0')
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}
