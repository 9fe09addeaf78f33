package scanner

import (
	"bytes"
	"fmt"
	"strconv"
	"time"
)

// A gitCommit is what provenance needs of a commit.
type gitCommit struct {
	id      gitID
	tree    gitID
	parents []gitID
	author  string
	email   string
	date    time.Time // author date
	ctime   int64     // committer time, for walk order
}

// parseGitCommit reads the headers of a commit object.
func parseGitCommit(id gitID, data []byte) (*gitCommit, error) {
	c := &gitCommit{id: id}
	haveTree := false
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(line) == 0 {
			break // end of headers
		}
		key, val, _ := bytes.Cut(line, []byte{' '})
		switch string(key) {
		case "tree":
			c.tree, haveTree = parseGitID(string(val))
		case "parent":
			if p, ok := parseGitID(string(val)); ok {
				c.parents = append(c.parents, p)
			}
		case "author":
			c.author, c.email, c.date = parseGitSignature(val)
		case "committer":
			_, _, t := parseGitSignature(val)
			c.ctime = t.Unix()
		}
	}
	if !haveTree {
		return nil, fmt.Errorf("%w: commit %s has no tree", errGitCorrupt, id)
	}
	return c, nil
}

// parseGitSignature splits "Name <email> 1700000000 +0100".
func parseGitSignature(b []byte) (name, email string, when time.Time) {
	lt := bytes.IndexByte(b, '<')
	gt := bytes.LastIndexByte(b, '>')
	if lt < 0 || gt < lt {
		return string(bytes.TrimSpace(b)), "", time.Time{}
	}
	name = string(bytes.TrimSpace(b[:lt]))
	email = string(b[lt+1 : gt])
	f := bytes.Fields(b[gt+1:])
	if len(f) == 0 {
		return name, email, time.Time{}
	}
	secs, err := strconv.ParseInt(string(f[0]), 10, 64)
	if err != nil {
		return name, email, time.Time{}
	}
	loc := time.UTC
	if len(f) > 1 && len(f[1]) == 5 {
		tz := f[1]
		h, err1 := strconv.Atoi(string(tz[1:3]))
		m, err2 := strconv.Atoi(string(tz[3:5]))
		if err1 == nil && err2 == nil {
			off := h*3600 + m*60
			if tz[0] == '-' {
				off = -off
			}
			loc = time.FixedZone(string(tz), off)
		}
	}
	return name, email, time.Unix(secs, 0).In(loc)
}

// parseGitTag returns the object an annotated tag points at.
func parseGitTag(data []byte) (gitID, bool) {
	line, _, _ := bytes.Cut(data, []byte{'\n'})
	if h, ok := bytes.CutPrefix(line, []byte("object ")); ok {
		return parseGitID(string(h))
	}
	return gitID{}, false
}

// A gitTreeEntry is one entry of a tree object. Name aliases the tree's
// content.
type gitTreeEntry struct {
	name []byte
	mode uint32
	id   gitID
}

const (
	gitModeTree    = 0o40000
	gitModeGitlink = 0o160000
)

func (e *gitTreeEntry) isTree() bool { return e.mode == gitModeTree }

// isBlob reports whether the entry is a file or a symlink (not a tree or
// a submodule commit).
func (e *gitTreeEntry) isBlob() bool {
	return e.mode&0o170000 == 0o100000 || e.mode&0o170000 == 0o120000
}

// eachTreeEntry calls fn for every entry of tree data, in order.
func eachTreeEntry(data []byte, fn func(e *gitTreeEntry)) error {
	var e gitTreeEntry
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		if sp < 0 {
			return fmt.Errorf("%w: bad tree entry", errGitCorrupt)
		}
		var mode uint32
		for _, c := range data[:sp] {
			if c < '0' || c > '7' {
				return fmt.Errorf("%w: bad tree mode", errGitCorrupt)
			}
			mode = mode<<3 | uint32(c-'0')
		}
		data = data[sp+1:]
		nul := bytes.IndexByte(data, 0)
		if nul < 0 || nul+21 > len(data) {
			return fmt.Errorf("%w: bad tree entry", errGitCorrupt)
		}
		e.name, e.mode = data[:nul], mode
		copy(e.id[:], data[nul+1:nul+21])
		data = data[nul+21:]
		fn(&e)
	}
	return nil
}
