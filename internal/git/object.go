package git

import (
	"bytes"
	"fmt"
	"strconv"
	"time"
)

// A Commit is the headers of a commit object that history needs.
type Commit struct {
	ID      ID
	Tree    ID
	Parents []ID
	Author  string
	Email   string
	Date    time.Time // author date
	CTime   int64     // committer time, in Unix seconds
}

// ParseCommit reads the headers of the commit object id. A commit without
// a tree header is corrupt; other malformed headers are ignored, as the
// fields they would set are only provenance.
func ParseCommit(id ID, data []byte) (*Commit, error) {
	c := &Commit{ID: id}
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
			c.Tree, haveTree = ParseID(string(val))
		case "parent":
			if p, ok := ParseID(string(val)); ok {
				c.Parents = append(c.Parents, p)
			}
		case "author":
			c.Author, c.Email, c.Date = ParseSignature(val)
		case "committer":
			_, _, t := ParseSignature(val)
			c.CTime = t.Unix()
		}
	}
	if !haveTree {
		return nil, fmt.Errorf("%w: commit %s has no tree", ErrCorrupt, id)
	}
	return c, nil
}

// ParseSignature splits "Name <email> 1700000000 +0100". A malformed
// signature gives what could be read and a zero time.
func ParseSignature(b []byte) (name, email string, when time.Time) {
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

// ParseTag returns the object an annotated tag points at: its first
// header, "object ID".
func ParseTag(data []byte) (ID, bool) {
	line, _, _ := bytes.Cut(data, []byte{'\n'})
	if h, ok := bytes.CutPrefix(line, []byte("object ")); ok {
		return ParseID(string(h))
	}
	return ID{}, false
}

// Tree entry modes git writes.
const (
	ModeTree       = 0o40000
	ModeRegular    = 0o100644
	ModeExecutable = 0o100755
	ModeDeprecated = 0o100664 // group-writable files of early git
	ModeSymlink    = 0o120000
	ModeGitlink    = 0o160000 // a submodule's commit
)

// A TreeEntry is one entry of a tree object. Name aliases the tree's
// content.
type TreeEntry struct {
	Name []byte
	Mode uint32
	ID   ID
}

// IsTree reports whether the entry is a subtree.
func (e *TreeEntry) IsTree() bool { return e.Mode == ModeTree }

// IsBlob reports whether the entry is a file or a symlink (not a tree or
// a submodule commit), by its type bits as git's object walk does.
func (e *TreeEntry) IsBlob() bool {
	return e.Mode&0o170000 == 0o100000 || e.Mode&0o170000 == 0o120000
}

// EachTreeEntry calls fn for every entry of tree data ("MODE NAME\0" and
// 20 id bytes), in order; the entry it passes is reused for the next one.
// It stops at the first malformed entry and returns an error wrapping
// ErrCorrupt. Modes are read as git's tree walk reads them: octal digits
// up to the space, unchecked otherwise.
func EachTreeEntry(data []byte, fn func(e *TreeEntry)) error {
	var e TreeEntry
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		if sp < 0 {
			return fmt.Errorf("%w: bad tree entry", ErrCorrupt)
		}
		var mode uint32
		for _, c := range data[:sp] {
			if c < '0' || c > '7' {
				return fmt.Errorf("%w: bad tree mode", ErrCorrupt)
			}
			mode = mode<<3 | uint32(c-'0')
		}
		data = data[sp+1:]
		nul := bytes.IndexByte(data, 0)
		if nul < 0 || nul+21 > len(data) {
			return fmt.Errorf("%w: bad tree entry", ErrCorrupt)
		}
		e.Name, e.Mode = data[:nul], mode
		copy(e.ID[:], data[nul+1:nul+21])
		data = data[nul+21:]
		fn(&e)
	}
	return nil
}
