package hostile

import (
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Git object types as a pack numbers them.
const (
	objCommit   = 1
	objTree     = 2
	objBlob     = 3
	objRefDelta = 7
)

var typeNames = map[int]string{objCommit: "commit", objTree: "tree", objBlob: "blob"}

// ObjectID returns the SHA-1 name of an object of type typ ("blob", "tree",
// "commit") with body.
func ObjectID(typ string, body []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "%s %d\x00", typ, len(body))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// FakeID returns a well-formed object name derived from name, which is
// nobody's hash: cambscan does not re-hash objects, so a hostile
// repository can store anything under it.
func FakeID(name string) string {
	s := sha1.Sum([]byte("hostile-fake-id:" + name))
	return hex.EncodeToString(s[:])
}

// BareRepo creates an empty bare repository at rel whose HEAD is
// refs/heads/main, without git.
func (e *Env) BareRepo(rel string) (string, error) {
	dir := e.Path(rel)
	for _, d := range []string{"objects/pack", "objects/info", "refs/heads", "refs/tags", "info"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return "", err
		}
	}
	files := map[string]string{
		"HEAD":   "ref: refs/heads/main\n",
		"config": "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n",
	}
	for name, c := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(c), 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// SetRef points ref (e.g. "refs/heads/main") of gitDir at id.
func SetRef(gitDir, ref, id string) error {
	p := filepath.Join(gitDir, filepath.FromSlash(ref))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(id+"\n"), 0o644)
}

// PutLoose writes a loose object of type typ with body into gitDir under
// id (its real name when id is empty) and returns the name.
func PutLoose(gitDir, id, typ string, body []byte) (string, error) {
	if id == "" {
		id = ObjectID(typ, body)
	}
	var b bytes.Buffer
	z := zlib.NewWriter(&b)
	fmt.Fprintf(z, "%s %d\x00", typ, len(body))
	z.Write(body)
	if err := z.Close(); err != nil {
		return "", err
	}
	dir := filepath.Join(gitDir, "objects", id[:2])
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return id, os.WriteFile(filepath.Join(dir, id[2:]), b.Bytes(), 0o644)
}

// A TreeEntry is one line of a tree object.
type TreeEntry struct {
	Mode string // "100644", "40000", "120000"
	Name string
	ID   string // hex
}

// TreeBody encodes entries as a tree object's body, in the order given.
func TreeBody(entries ...TreeEntry) []byte {
	var b bytes.Buffer
	for _, en := range entries {
		b.WriteString(en.Mode + " " + en.Name + "\x00")
		id, err := hex.DecodeString(en.ID)
		if err != nil || len(id) != sha1.Size {
			panic("bad object id " + en.ID)
		}
		b.Write(id)
	}
	return b.Bytes()
}

// CommitBody encodes a commit of tree with parents and message.
func CommitBody(tree string, parents []string, msg string) []byte {
	var b strings.Builder
	b.WriteString("tree " + tree + "\n")
	for _, p := range parents {
		b.WriteString("parent " + p + "\n")
	}
	b.WriteString("author Hostile Harness <harness@example.com> 1700000000 +0000\n")
	b.WriteString("committer Hostile Harness <harness@example.com> 1700000000 +0000\n\n")
	b.WriteString(msg)
	return []byte(b.String())
}
