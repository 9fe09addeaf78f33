package rules

// This file splits names into words without allocating: the per-key
// questions (is this name CAMB-named, does it say id) ask it for every
// candidate name, and the strings of words were a tenth of Match's CPU
// on the corpus.

// A wordIter yields the words of a name, lower-cased, as [words] splits
// it: at punctuation and at camelCase boundaries. A word is valid until
// the next call of next. Keep it a local variable: it then stays on the
// stack.
type wordIter struct {
	name     []byte
	i, start int
	buf      [32]byte // the current word; longer words are copied
}

// wordsOf returns an iterator over the words of name.
func wordsOf(name []byte) wordIter {
	return wordIter{name: name, start: -1}
}

// next returns the next word, or false when there is none.
func (it *wordIter) next() ([]byte, bool) {
	name := it.name
	for it.i < len(name) {
		i := it.i
		it.i++
		c := name[i]
		if !isLetter(c) && !isDigit(c) {
			if w := it.flush(i); w != nil {
				return w, true
			}
			continue
		}
		if it.start < 0 {
			it.start = i
			continue
		}
		prev := name[i-1]
		switch {
		case isUpper(c) && (isLower(prev) || isDigit(prev)):
			// cambApi: a new word starts at the capital.
			w := it.flush(i)
			it.start = i
			return w, true
		case isLower(c) && isUpper(prev) && i-1 > it.start && isUpper(name[i-2]):
			// AIClient: the last capital of an acronym starts the next word.
			w := it.flush(i - 1)
			it.start = i - 1
			return w, true
		}
	}
	if it.i == len(name) {
		it.i++
		if w := it.flush(len(name)); w != nil {
			return w, true
		}
	}
	return nil, false
}

// flush ends the current word at end and returns it lower-cased (nil
// when there is none).
func (it *wordIter) flush(end int) []byte {
	s := it.start
	it.start = -1
	if s < 0 || end <= s {
		return nil
	}
	src := it.name[s:end]
	var w []byte
	if len(src) <= len(it.buf) {
		w = it.buf[:len(src)]
	} else {
		w = make([]byte, len(src))
	}
	for i, c := range src {
		w[i] = lower(c)
	}
	return w
}

// hasSep reports whether name holds a byte of one of lastComp's
// separators (".", "::", "->", "/", ":"); most names hold none.
func hasSep(name []byte) bool {
	for _, c := range name {
		switch c {
		case '.', ':', '>', '/':
			return true
		}
	}
	return false
}

// trimSigils is bytes.TrimLeft(name, "$@-") without building the set:
// like it, it returns nil when nothing is left.
func trimSigils(name []byte) []byte {
	for len(name) > 0 && (name[0] == '$' || name[0] == '@' || name[0] == '-') {
		name = name[1:]
	}
	if len(name) == 0 {
		return nil
	}
	return name
}

// equalLower reports whether the ASCII bytes b, lower-cased, equal s (a
// lower-case ASCII string), without allocating.
func equalLower(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		if lower(b[i]) != s[i] {
			return false
		}
	}
	return true
}
