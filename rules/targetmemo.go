package rules

import "sort"

// targetMemo remembers the answers of targetOf by position. Most
// questions come in rising order (one per header key, keys in text
// order) and are never asked again: those go to a sorted slice, which
// costs an append instead of a map insert; the others (the header sites
// of indirect keys) to a map made on first need. A 1 MB line of 20 000
// headers spent a tenth of Match in the map.
type targetMemo struct {
	at   []int
	v    []target
	rest map[int]target
}

// memoOf returns the remembered answer for p.
func (nf *nameFacts) memoOf(p int) (target, bool) {
	m := &nf.memo
	if n := len(m.at); n > 0 && p <= m.at[n-1] {
		if i := sort.SearchInts(m.at, p); m.at[i] == p {
			return m.v[i], true
		}
	}
	v, ok := m.rest[p]
	return v, ok
}

// remember records the answer v for p, which memoOf did not know.
func (nf *nameFacts) remember(p int, v target) {
	m := &nf.memo
	if n := len(m.at); n == 0 || p > m.at[n-1] {
		m.at = append(m.at, p)
		m.v = append(m.v, v)
		return
	}
	if m.rest == nil {
		m.rest = map[int]target{}
	}
	m.rest[p] = v
}
