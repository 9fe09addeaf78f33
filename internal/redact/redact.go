// Package redact makes text that cambscan prints safe to show: it hides
// the keys a scan found, drops credentials from URLs, and escapes control
// characters the way git quotes paths.
//
// Every sink (text, JSON and SARIF reports, and the lines on stderr) uses
// it, so a key in a file name, a token in a clone URL or an escape
// sequence in a path is handled the same way wherever it shows up:
//
//   - [Key] shortens a key to its first and last four characters.
//   - A [Redactor] knows the keys of one scan and replaces each occurrence
//     of any of them, in any letter case, inside any text ([Redactor.Text]);
//     it also drops URL userinfo ([DropUserinfo]).
//   - [Quote] prints a name (a path, a target) as git does with
//     core.quotePath: unchanged when plain, else in double quotes with C
//     escapes. [Escape] does the same to free text (a warning, a skip
//     reason, an error) without adding quotes.
//
// Machine-readable reports (JSON, SARIF) take [Redactor.Text] only: their
// encoders escape control characters themselves. Text for a terminal takes
// [Redactor.Name] or [Redactor.Line], which redact and then escape.
package redact

import (
	"strings"
)

// Key returns key with all but its first and last four characters
// replaced by "...": enough to tell keys apart, 32 of a key's 122 random
// bits. Keys of 12 characters or fewer are hidden whole.
func Key(key string) string {
	if len(key) <= 12 {
		return "[redacted]"
	}
	return key[:4] + "..." + key[len(key)-4:]
}

// A Redactor hides the keys of one scan in text. The zero value and nil
// hide no key but still drop URL userinfo. A Redactor is safe for
// concurrent use once built.
type Redactor struct {
	// keys holds every key in lower case.
	keys map[string]struct{}
	// uuids is set when every key is UUID-shaped (36 bytes, "-4" at 13,
	// as every key package rules finds): occurrences are then found by
	// that anchor in one pass, whatever the number of keys.
	uuids bool
	show  bool
}

// minKey is the shortest key hidden inside text: shorter strings would
// shred ordinary words, and no key of any rule is that short.
const minKey = 8

// New returns a Redactor for keys (keys under 8 bytes are ignored). With show
// set, [Redactor.Secret] returns keys whole and [Redactor.Text] leaves
// them in place (--show-secrets); userinfo is dropped either way.
func New(keys []string, show bool) *Redactor {
	r := &Redactor{keys: make(map[string]struct{}, len(keys)), uuids: true, show: show}
	for _, k := range keys {
		if len(k) < minKey {
			continue
		}
		r.keys[asciiLower(k)] = struct{}{}
		if !uuidShaped(k) {
			r.uuids = false
		}
	}
	return r
}

// Secret returns key as a report shows it: whole with show, else [Key].
func (r *Redactor) Secret(key string) string {
	if r != nil && r.show {
		return key
	}
	return Key(key)
}

// Text returns s with URL userinfo dropped and, unless show, every
// occurrence of a known key (in any letter case) shortened with [Key]. It
// returns s itself when there is nothing to change.
func (r *Redactor) Text(s string) string {
	s = DropUserinfo(s)
	if r == nil || r.show || len(r.keys) == 0 {
		return s
	}
	return r.hideKeys(s)
}

// Name returns a name (a path, a target, an author) for a terminal:
// [Redactor.Text], then [Quote].
func (r *Redactor) Name(s string) string { return Quote(r.Text(s)) }

// Line returns free text (a warning, a reason, an error message) for a
// terminal: [Redactor.Text], then [Escape].
func (r *Redactor) Line(s string) string { return Escape(r.Text(s)) }

// hideKeys shortens every occurrence of a known key in s.
func (r *Redactor) hideKeys(s string) string {
	if r.uuids {
		return r.hideUUIDs(s)
	}
	return r.hideAny(s)
}

// hideUUIDs finds candidates by the "-4" every key has at offset 13 (the
// prefilter of package rules) and looks each up, so the cost does not grow
// with the number of keys.
func (r *Redactor) hideUUIDs(s string) string {
	const n = 36
	if len(s) < n {
		return s
	}
	var b strings.Builder
	done := 0 // s[:done] is written to b (or needs no change)
	for from := 13; from+2 <= len(s); {
		i := strings.Index(s[from:], "-4")
		if i < 0 {
			break
		}
		at := from + i - 13 // where a key would start
		from += i + 1
		if at < done || at+n > len(s) {
			continue
		}
		m := s[at : at+n]
		if _, ok := r.keys[asciiLower(m)]; !ok {
			continue
		}
		b.WriteString(s[done:at])
		b.WriteString(Key(m))
		done = at + n
		from = done + 13
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// hideAny is hideUUIDs for keys of any shape (tests, future rules): one
// case-insensitive search per key.
func (r *Redactor) hideAny(s string) string {
	for k := range r.keys {
		if len(s) < len(k) {
			continue
		}
		low := asciiLower(s)
		var b strings.Builder
		done := 0
		for from := 0; ; {
			i := strings.Index(low[from:], k)
			if i < 0 {
				break
			}
			at := from + i
			b.WriteString(s[done:at])
			b.WriteString(Key(s[at : at+len(k)]))
			done = at + len(k)
			from = done
		}
		if done > 0 {
			b.WriteString(s[done:])
			s = b.String()
		}
	}
	return s
}

// asciiLower lowers ASCII letters only, so offsets in the result are
// offsets in s (strings.ToLower may change the length of other text).
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// uuidShaped reports whether k has the shape of a UUIDv4 as far as the
// "-4" anchor needs: 36 bytes with "-4" at offset 13.
func uuidShaped(k string) bool {
	return len(k) == 36 && k[13] == '-' && k[14] == '4'
}
