package rules

import "bytes"

// This file reads a note whose words about the key are followed by a
// short clause of other words, on the line before a key that stands
// alone:
//
//	- the next line is our camb key, do not share it outside the team
//	K
//	# CAMB.AI API key; keep it out of git
//	# K
//
// The clause before the separator must be a note by itself (notePhrase);
// the clause after it must be a few words of prose with no word that
// makes the key something else (noteStops).

// trailWords bounds the words of the trailing clause.
const trailWords = 8

// noteSeps separate a note's clause about the key from a trailing one.
var noteSeps = []string{", ", "; ", " - ", " — ", " – "}

// trailingNote reports whether phrase, the line before a key that stands
// alone, is a note about the key followed by a short trailing clause.
func trailingNote(phrase []byte) bool {
	if len(phrase) > 200 || !hasFold(phrase, "camb") || !hasFold(phrase, "key") && !hasFold(phrase, "token") {
		return false
	}
	for _, sep := range noteSeps {
		i := bytes.Index(phrase, []byte(sep))
		if i < 0 {
			continue
		}
		if notePhrase(phrase[:i]) && trailClause(phrase[i+len(sep):]) {
			return true
		}
	}
	return false
}

// trailClause reports whether tail is a few words of prose that say
// nothing of ids, examples or fixes.
func trailClause(tail []byte) bool {
	tail = bytes.TrimRight(tail, " \t\r.!:;)")
	ws := bytes.Fields(tail)
	if len(ws) == 0 || len(ws) > trailWords || stops(tail) {
		return false
	}
	for _, w := range ws {
		if !prose(bytes.Trim(w, ",;:!?()")) {
			return false
		}
	}
	return true
}
