package staged

import "bytes"

// maxDiffEdits bounds the Myers search: past this many inserted plus
// deleted lines (after the common head and tail are trimmed) the exact
// diff would need O(D²) memory, about 4 MB at 1 000, and addedLines
// falls back to matching lines by content.
const maxDiffEdits = 1000

// splitLines splits text into lines without their "\n" (a "\r" stays, on
// both sides of a diff alike). Line i of the result is line i+1 of the
// positions that rules.Position reports.
func splitLines(text []byte) [][]byte {
	return bytes.Split(text, []byte{'\n'})
}

// addedLines diffs two versions of a file line by line and reports which
// lines of b are added (true) and which lines of a are removed (true):
// the "+" and "-" lines of `git diff` (Myers' algorithm, as git's default
// diff). A line that moved shows as removed in one place and added in
// another, as in git; the staged source then treats such a pair as a move
// (see source.Resolve).
func addedLines(a, b [][]byte) (added, removed []bool) {
	added, removed = make([]bool, len(b)), make([]bool, len(a))
	// Intern lines so that the search compares integers.
	ids := map[string]int32{}
	intern := func(ls [][]byte) []int32 {
		out := make([]int32, len(ls))
		for i, l := range ls {
			id, ok := ids[string(l)]
			if !ok {
				id = int32(len(ids))
				ids[string(l)] = id
			}
			out[i] = id
		}
		return out
	}
	x, y := intern(a), intern(b)
	// Trim the common head and tail.
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	x, y = x[pre:len(x)-suf], y[pre:len(y)-suf]
	if !myers(x, y, added[pre:len(added)-suf], removed[pre:len(removed)-suf]) {
		byContent(x, y, added[pre:len(added)-suf], removed[pre:len(removed)-suf])
	}
	return added, removed
}

// myers marks the lines of a shortest edit script from a to b. It returns
// false, marking nothing, when the script is longer than maxDiffEdits.
func myers(a, b []int32, added, removed []bool) bool {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		for i := range added {
			added[i] = true
		}
		for i := range removed {
			removed[i] = true
		}
		return true
	}
	limit := min(n+m, maxDiffEdits)
	off := limit + 1
	v := make([]int32, 2*limit+3)
	// trace[d] holds v[-d..d] after step d, for backtracking.
	var trace [][]int32
	end := -1
	for d := 0; d <= limit && end < 0; d++ {
		for k := -d; k <= d; k += 2 {
			var px int32
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				px = v[off+k+1]
			} else {
				px = v[off+k-1] + 1
			}
			py := px - int32(k)
			for int(px) < n && int(py) < m && a[px] == b[py] {
				px++
				py++
			}
			v[off+k] = px
			if int(px) >= n && int(py) >= m {
				end = d
			}
		}
		trace = append(trace, append([]int32(nil), v[off-d:off+d+1]...))
	}
	if end < 0 {
		return false
	}
	px, py := n, m
	for d := end; d > 0; d-- {
		prev := trace[d-1] // v[-(d-1)..d-1]
		at := func(k int) int { return int(prev[k+d-1]) }
		k := px - py
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1 // came down: b[py-1] inserted
		} else {
			pk = k - 1 // came right: a[px-1] deleted
		}
		// Step d ended with a run of equal lines after exactly one edit
		// from the end of step d-1 on diagonal pk.
		sx := at(pk)
		sy := sx - pk
		if pk == k+1 {
			added[sy] = true
		} else {
			removed[sx] = true
		}
		px, py = sx, sy
	}
	return true
}

// byContent is the fallback for very different versions: a line of b is
// added when its content occurs more often in b than in a (the earliest
// occurrences count as kept), and likewise for removed lines of a.
func byContent(a, b []int32, added, removed []bool) {
	mark := func(from, to []int32, out []bool) {
		budget := map[int32]int{}
		for _, id := range from {
			budget[id]++
		}
		for i, id := range to {
			if budget[id] > 0 {
				budget[id]--
				continue
			}
			out[i] = true
		}
	}
	mark(a, b, added)
	mark(b, a, removed)
}
