package scanner

import "sort"

// histFindingKey identifies a reported history finding.
type histFindingKey struct {
	rule, secret, path string
}

// A histAggregate collects the pairs that carry one finding key.
type histAggregate struct {
	tmpl       *Finding // the finding in the blob of the best introduction
	occ        int
	reach      bool
	found      bool
	intro      *gitCommit
	introReach bool
}

// findings turns the matches of target blobs into one finding per (rule,
// key, path). strict drops keys at paths no commit of the set introduced
// (a --range scan: they were already there before the range).
func (p *histProvenance) findings(in []Finding, excludes []string, strict bool) []Finding {
	byBlob := map[gitID][]*Finding{}
	var blobs []gitID
	for i := range in {
		id, _ := parseGitID(in[i].Blob)
		if byBlob[id] == nil {
			blobs = append(blobs, id)
		}
		byBlob[id] = append(byBlob[id], &in[i])
	}
	sort.Slice(blobs, func(i, j int) bool { return string(blobs[i][:]) < string(blobs[j][:]) })
	pathsOf := map[gitID][]string{}
	for pr := range p.pairs {
		pathsOf[pr.blob] = append(pathsOf[pr.blob], pr.path)
	}
	aggs := map[histFindingKey]*histAggregate{}
	var keys []histFindingKey
	for _, blob := range blobs {
		first := firstPerKey(byBlob[blob])
		paths := pathsOf[blob]
		sort.Strings(paths)
		if len(paths) == 0 {
			paths = []string{""} // a blob no commit or ref names
		}
		for _, path := range paths {
			st := p.pairs[fpair{path, blob}]
			if st == nil {
				st = &histPairStat{}
			}
			for _, f := range first {
				k := histFindingKey{f.RuleID, f.Secret, path}
				a := aggs[k]
				if a == nil {
					a = &histAggregate{tmpl: f}
					aggs[k] = a
					keys = append(keys, k)
				}
				a.occ += st.occ
				a.reach = a.reach || st.reach
				if st.found && p.better(st, a) {
					a.tmpl, a.found, a.intro, a.introReach = f, true, st.intro, st.introReach
				}
			}
		}
	}
	out := make([]Finding, 0, len(keys))
	for _, k := range keys {
		a := aggs[k]
		if (strict && !a.found) || (k.path != "" && Excluded(k.path, excludes)) {
			continue
		}
		f := *a.tmpl
		f.Path = k.path
		f.Reachable = a.reach
		f.Occurrences = a.occ
		if c := a.intro; c != nil {
			f.Commit, f.Author, f.Email, f.Date = c.id.String(), c.author, c.email, c.date
		}
		out = append(out, f)
	}
	return out
}

// better reports whether st's introduction beats a's: any over none, a
// commit over a ref naming the blob directly, reachable over unreachable,
// then older.
func (p *histProvenance) better(st *histPairStat, a *histAggregate) bool {
	switch {
	case !a.found:
		return true
	case st.intro == nil:
		return false
	case a.intro == nil:
		return true
	case st.introReach != a.introReach:
		return st.introReach
	}
	return p.older(st.intro, a.intro)
}

// firstPerKey keeps, for each (rule, key) of one blob, its first match.
func firstPerKey(fs []*Finding) []*Finding {
	type rk struct{ rule, secret string }
	idx := map[rk]int{}
	var out []*Finding
	for _, f := range fs {
		k := rk{f.RuleID, f.Secret}
		i, ok := idx[k]
		if !ok {
			idx[k] = len(out)
			out = append(out, f)
			continue
		}
		if g := out[i]; f.Line < g.Line || (f.Line == g.Line && f.Column < g.Column) {
			out[i] = f
		}
	}
	return out
}
