package rules

import "bytes"

// This file finds keys in notes: a line of plain text or Markdown that
// says in words that the UUID on it, or on the next line, is a CAMB key.
//
//	Our CAMB.AI API key:
//	    K
//	camb api key is K
//	| CAMB.AI | API key | K |
//
// The words must read as prose (a CAMB word and then, within noteSpan
// words and separated by spaces, a key word), end the text before the
// key but for connectors (:, =, ->, is) and a short qualifier ("(prod)",
// "for staging"), and say nothing of ids (task, run, voice, request ...).

// noteSpan is how many words a CAMB word may come before the key word
// (CAMB.AI API key; Camb AI prod key).
const noteSpan = 4

// noteStops are words that make a UUID near a CAMB key phrase something
// else: an id, an example, a changelog or issue entry.
var noteStops = map[string]bool{
	"id": true, "ids": true, "task": true, "tasks": true, "run": true, "runs": true,
	"job": true, "jobs": true, "request": true, "requests": true, "voice": true,
	"voices": true, "uuid": true, "uuids": true, "trace": true, "session": true,
	"correlation": true, "project": true, "user": true, "org": true, "workspace": true,
	"example": true, "sample": true, "dummy": true, "fake": true, "placeholder": true,
	"fix": true, "fixed": true, "fixes": true, "closes": true, "resolves": true,
	"bug": true, "issue": true,
}

// noteAt reports whether the key at k is named a CAMB key in words.
func noteAt(t []byte, k int) bool {
	ls := lineStart(t, k, max(0, k-maxLine))
	if isTableRow(t, ls, k) {
		return noteRow(t, ls, k)
	}
	phrase := t[ls:k]
	if !hasLetter(phrase) {
		// the key alone on its line: the words are on the line before,
		// past blank lines and a code fence
		p := ls
		phrase = nil
		for n := 0; n < 3 && p > 0; n++ {
			s := lineStart(t, p-1, max(0, p-1-maxLine))
			l := bytes.TrimSpace(t[s : p-1])
			p = s
			if len(l) == 0 || bytes.HasPrefix(l, []byte("```")) || bytes.HasPrefix(l, []byte("~~~")) {
				continue
			}
			phrase = l
			break
		}
		return notePhrase(phrase) || trailingNote(phrase)
	}
	return notePhrase(phrase)
}

func hasLetter(b []byte) bool {
	for _, c := range b {
		if isLetter(c) {
			return true
		}
	}
	return false
}

// connector trims the connectors and a qualifier from the end of a
// phrase: "CAMB key (prod) ->" gives "CAMB key", "camb api key is" gives
// "camb api key". strong reports a :, =, ->, | or "is" among them.
func connector(p []byte) (rest []byte, strong bool) {
	for {
		n := len(p)
		q := bytes.TrimRight(p, " \t*_`'\"<~|-=:.,>([{→—–")
		if bytes.ContainsAny(p[len(q):], ":=>|→") {
			strong = true
		}
		p = q
		// a short parenthetical qualifier: (prod), [staging]
		if len(p) > 0 && (p[len(p)-1] == ')' || p[len(p)-1] == ']') {
			if open := bytes.LastIndexAny(p, "(["); open >= 0 && len(p)-open < 32 && !stops(p[open:]) {
				p = p[:open]
			}
		}
		for _, w := range []string{" is", " was", " are", " below", " here", " as follows"} {
			if len(p) > len(w) && bytes.EqualFold(p[len(p)-len(w):], []byte(w)) {
				p, strong = p[:len(p)-len(w)], true
				break
			}
		}
		if len(p) == n {
			return p, strong
		}
	}
}

func stops(b []byte) bool {
	for _, w := range words(b) {
		if noteStops[w] {
			return true
		}
	}
	return false
}

// notePhrase reports whether phrase (the text before a key, or the line
// before it) says in words that what follows is a CAMB key.
func notePhrase(phrase []byte) bool {
	if len(phrase) > 200 {
		phrase = phrase[len(phrase)-200:]
	}
	if !hasFold(phrase, "camb") || !hasFold(phrase, "key") && !hasFold(phrase, "token") {
		return false
	}
	p, strong := connector(phrase)
	if stops(p) {
		return false
	}
	// the key word: the last word, or up to two qualifier words before a
	// strong connector ("CAMB API key for prod:")
	end := len(p)
	for n := 0; ; n++ {
		s := bytes.LastIndexAny(p[:end], " \t") + 1
		if w := bytes.Trim(p[s:end], "*_`'\".,:"); isKeyWord(w) || isTokenWord(w) {
			return cambBefore(p, s)
		}
		if n == 2 || !strong || s == 0 {
			return false
		}
		end = s - 1
		for end > 0 && (p[end-1] == ' ' || p[end-1] == '\t') {
			end--
		}
	}
}

// isKeyWord reports whether w is "key", "keys" or "apikey" (API-Key,
// api_key), in any case.
func isKeyWord(w []byte) bool {
	return squashIs(w, "key") || squashIs(w, "keys") || squashIs(w, "apikey")
}

// cambBefore reports whether the prose before a key word (ending at s)
// has a CAMB word within noteSpan space-separated words, with only
// letters, digits, spaces and . ' ’ - between them.
func cambBefore(p []byte, s int) bool {
	i := s
	for n := 0; n <= noteSpan && i > 0; n++ {
		e := i
		for e > 0 && (p[e-1] == ' ' || p[e-1] == '\t') {
			e--
		}
		if e == 0 {
			return false
		}
		b := e
		for b > 0 && !isSpace(p[b-1]) {
			b--
		}
		w := p[b:e]
		if !prose(w) {
			return false
		}
		for _, x := range words(w) {
			if cambWord(x) {
				return true
			}
		}
		i = b
	}
	return false
}

// prose reports whether a word of a note is a word of text, not code:
// letters, digits and . ' ’ - (CAMB.AI, team's, camb-ai).
func prose(w []byte) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case isLetter(c), isDigit(c), c == '.', c == '\'', c == '-', c == '*', c == '_' && i == 0, c >= 0x80:
		default:
			return false
		}
	}
	return true
}

// isTableRow reports whether the line at ls is a Markdown table row that
// the key at k is a cell of.
func isTableRow(t []byte, ls, k int) bool {
	i := skipBlank(t, ls, k)
	return i < k && t[i] == '|'
}

// noteRow reports whether a Markdown table row names its key cell a CAMB
// key: the other cells, or the header of the key's column, say CAMB and
// key, and none says id.
func noteRow(t []byte, ls, k int) bool {
	le := lineEnd(t, k, min(len(t), k+maxLine))
	row := t[ls:le]
	col := bytes.Count(t[ls:k], []byte("|"))
	var other []byte
	for i, c := range bytes.Split(row, []byte("|")) {
		if i != col {
			other = append(append(other, c...), ' ')
		}
	}
	// the header: the first of the table's rows, above a |---| line
	var head []byte
	p := ls
	for n := 0; n < 64 && p > 0; n++ {
		s := lineStart(t, p-1, max(0, p-1-maxLine))
		if !isTableRow(t, s, p-1) {
			break
		}
		head, p = t[s:p-1], s
	}
	if rowNamesCambVar(row, col) {
		return true
	}
	if head != nil {
		if cells := bytes.Split(head, []byte("|")); col < len(cells) {
			other = append(append(other, cells[col]...), ' ')
		}
	}
	if stops(other) || len(cambAnchors(other)) == 0 {
		return false
	}
	for _, w := range bytes.Fields(other) {
		if isKeyWord(bytes.Trim(w, "*_`.:")) {
			return true
		}
	}
	return false
}
