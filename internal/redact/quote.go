package redact

import (
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// quoteBackslash is whether a backslash makes a name quoted. Git quotes
// it because it is an ordinary byte in a path; on Windows it separates
// path components (and no file name can hold one), so it is left alone
// there, as are the paths users type.
const quoteBackslash = filepath.Separator != '\\'

// Quote returns name as git prints a path with core.quotePath: unchanged
// when it is plain, else in double quotes with C escapes. A name is plain
// unless it holds a control character (bytes 0-31 and 127), a double
// quote, a backslash (not on Windows), bytes that are not UTF-8, or a
// character that is not graphic (C1 controls, bidirectional and other
// format characters such as U+202E, line and paragraph separators).
// Escapes are \a \b \t \n \v \f \r \" \\, and three-digit octal for every
// other byte of a character that needs one (ESC is \033, U+202E is
// \342\200\256). Letters of any script, spaces and symbols stay as they
// are, so "ünï code.md" prints unchanged.
func Quote(name string) string {
	if plain(name, true) {
		return name
	}
	var b strings.Builder
	b.Grow(len(name) + 8)
	b.WriteByte('"')
	escape(&b, name, true)
	b.WriteByte('"')
	return b.String()
}

// Escape returns free text (a warning, a skip reason, an error message)
// with the characters [Quote] escapes escaped the same way, except that
// double quotes and backslashes stay as they are and no quotes are added:
// the text cannot move the cursor, clear the screen or start a line of
// its own, and ordinary messages print unchanged.
func Escape(text string) string {
	if plain(text, false) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 8)
	escape(&b, text, false)
	return b.String()
}

// plain reports whether s prints unchanged.
func plain(s string, quote bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f || quote && (c == '"' || c == '\\' && quoteBackslash) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !unicode.IsGraphic(r) {
			return false
		}
		i += n
	}
	return true
}

// cEscapes are the one-letter escapes git uses (quote.c, sq_lookup).
var cEscapes = [...]byte{'\a': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r'}

func escape(b *strings.Builder, s string, quote bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case int(c) < len(cEscapes) && cEscapes[c] != 0:
				b.WriteByte('\\')
				b.WriteByte(cEscapes[c])
			case c < ' ' || c == 0x7f:
				octal(b, c)
			case quote && (c == '"' || c == '\\' && quoteBackslash):
				b.WriteByte('\\')
				b.WriteByte(c)
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !unicode.IsGraphic(r) {
			for j := i; j < i+n; j++ {
				octal(b, s[j])
			}
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
}

func octal(b *strings.Builder, c byte) {
	b.WriteByte('\\')
	b.WriteByte('0' + c>>6)
	b.WriteByte('0' + c>>3&7)
	b.WriteByte('0' + c&7)
}
