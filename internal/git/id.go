package git

import (
	"encoding/hex"
	"fmt"
)

// An ID is a SHA-1 object id.
type ID [20]byte

func (id ID) String() string { return hex.EncodeToString(id[:]) }

// IsZero reports whether id is all zero bytes, which names no object.
func (id ID) IsZero() bool { return id == ID{} }

// ParseID parses a 40-digit hex object id.
func ParseID(s string) (ID, bool) {
	var id ID
	if len(s) != 40 {
		return id, false
	}
	_, err := hex.Decode(id[:], []byte(s))
	return id, err == nil
}

// Object types, as numbered in packs. A set of types is written as bits
// 1<<type in a uint8.
const (
	ObjCommit   = 1
	ObjTree     = 2
	ObjBlob     = 3
	ObjTag      = 4
	ObjOfsDelta = 6
	ObjRefDelta = 7
)

var typeNames = [...]string{ObjCommit: "commit", ObjTree: "tree", ObjBlob: "blob", ObjTag: "tag"}

// TypeName returns the name git gives an object type ("commit", "tree",
// "blob", "tag"), or "type N".
func TypeName(t uint8) string {
	if int(t) < len(typeNames) && typeNames[t] != "" {
		return typeNames[t]
	}
	return fmt.Sprintf("type %d", t)
}
