package hostile

import (
	"fmt"
	"io"
	"os"
	"time"
)

// bombRepo builds a bare repository whose main commit, tree or a blob is a
// 512 MiB object in a pack that weighs about a megabyte; key is at a.env
// (under big/ for the tree bomb).
func bombRepo(e *Env, kind, key string) (string, error) {
	dir, err := e.BareRepo(kind + ".git")
	if err != nil {
		return "", err
	}
	blob, tree, err := keyObjects(dir, key)
	if err != nil {
		return "", err
	}
	pw, err := NewPackWriter(dir, 1)
	if err != nil {
		return "", err
	}
	var head string
	switch kind {
	case "commit":
		head = FakeID("commit-bomb")
		hdr := CommitBody(tree, nil, "")
		err = pw.AddStream(head, objCommit, int64(len(hdr))+bombSize, func(w io.Writer) error {
			w.Write(hdr)
			return Repeat(w, []byte("a commit message that never ends\n"), bombSize)
		})
	case "tree":
		// The key's entry first, then 512 MiB of entries for one name.
		bomb := FakeID("tree-bomb")
		first := TreeBody(TreeEntry{"100644", "a.env", blob})
		filler := TreeBody(TreeEntry{"100644", "z", FakeID("nothing")})
		n := int64(bombSize / len(filler))
		err = pw.AddStream(bomb, objTree, int64(len(first))+n*int64(len(filler)), func(w io.Writer) error {
			w.Write(first)
			return Repeat(w, filler, n*int64(len(filler)))
		})
		if err == nil {
			root, err2 := PutLoose(dir, "", "tree", TreeBody(TreeEntry{"40000", "big", bomb}))
			if err2 != nil {
				return "", err2
			}
			head, err = PutLoose(dir, "", "commit", CommitBody(root, nil, "tree bomb\n"))
		}
	case "blob":
		err = pw.AddStream(FakeID("blob-bomb"), objBlob, bombSize, func(w io.Writer) error {
			return Repeat(w, []byte("a line of text in a blob that never ends\n"), bombSize)
		})
		if err == nil {
			head, err = PutLoose(dir, "", "commit", CommitBody(tree, nil, "blob bomb\n"))
		}
	}
	if err != nil {
		return "", err
	}
	if err := pw.Close(); err != nil {
		return "", err
	}
	return dir, SetRef(dir, "refs/heads/main", head)
}

// deltaBombRepo is a pack of six 64 MiB base blobs, each the base of a
// chain of two deltas, every object over the default --max-file-size of
// 10 MiB: none of it needs inflating.
func deltaBombRepo(e *Env, key string) (string, error) {
	dir, err := e.BareRepo("deltabomb.git")
	if err != nil {
		return "", err
	}
	_, tree, err := keyObjects(dir, key)
	if err != nil {
		return "", err
	}
	c, err := PutLoose(dir, "", "commit", CommitBody(tree, nil, "delta bomb\n"))
	if err != nil {
		return "", err
	}
	const base, bases, depth = 64 << 20, 6, 2
	pw, err := NewPackWriter(dir, bases*(1+depth))
	if err != nil {
		return "", err
	}
	for b := range bases {
		prev := FakeID(fmt.Sprint("delta-base-", b))
		line := []byte(fmt.Sprintf("the base %d of a delta chain\n", b))
		if err := pw.AddStream(prev, objBlob, base, func(w io.Writer) error {
			return Repeat(w, line, base)
		}); err != nil {
			return "", err
		}
		size := int64(base)
		for i := range depth {
			id := FakeID(fmt.Sprint("delta-", b, "-", i))
			add := []byte(fmt.Sprintf("version %d\n", i))
			d := Delta(size, size+int64(len(add)), DeltaOp{Off: 0, Size: size}, DeltaOp{Insert: add})
			if err := pw.AddRefDelta(id, prev, d); err != nil {
				return "", err
			}
			prev, size = id, size+int64(len(add))
		}
	}
	if err := pw.Close(); err != nil {
		return "", err
	}
	return dir, SetRef(dir, "refs/heads/main", c)
}

func bombCases() []Case {
	bomb := func(id, kind, what string, extra ...string) Case {
		return Case{
			ID: id, Point: "2", What: what, Timeout: 30 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				if len(extra) > 0 {
					if err := needGit(); err != nil {
						return nil, err
					}
				}
				k := e.Key("k")
				dir, err := bombRepo(e, kind, k)
				if err != nil {
					return nil, err
				}
				args := append(append([]string{"git"}, extra...), "-f", "json", dir)
				return &Invocation{Args: args, WantExit: []int{1}, Check: JSONFindings(Any, []string{k})}, nil
			},
		}
	}
	return []Case{
		bomb("2a-tree-bomb", "tree", "a 512 MiB tree in a 1 MB pack"),
		bomb("2b-commit-bomb", "commit", "a 512 MiB commit in a 1 MB pack"),
		{
			ID: "2c-delta-base-bomb", Point: "2", What: "-j 6, six 64 MiB delta bases, every blob over the cap",
			// Nothing here is under the cap, so nothing needs inflating.
			Timeout: 30 * time.Second, MaxRSS: 128 << 20,
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				dir, err := deltaBombRepo(e, k)
				if err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"git", "-j", "6", "-f", "json", dir}, WantExit: []int{1},
					Check: JSONFindings(Is("a.env"), []string{k}, SkippedSome)}, nil
			},
		},
		{
			ID: "2d-sparse-file", Point: "2", What: "a 2 GiB sparse file under --max-file-size 4GiB",
			Timeout: 30 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				e.Write("d/app.env", EnvLine(k))
				f, err := os.Create(e.Path("d", "sparse.bin"))
				if err != nil {
					return nil, err
				}
				defer f.Close()
				if err := f.Truncate(2 << 30); err != nil {
					return nil, needs("a sparse 2 GiB file: " + err.Error())
				}
				return &Invocation{Args: []string{"scan", "--max-file-size", "4GiB", "-f", "json", e.Path("d")},
					WantExit: []int{1}, Check: JSONFindings(HasSuffix("app.env"), []string{k})}, nil
			},
		},
		{
			ID: "2e-jobs-times-size", Point: "2", What: "-j 8 on eight links to a 96 MiB text file",
			Timeout: 60 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				e.Write("d/app.env", EnvLine(k))
				big := e.Path("d", "big-0.txt")
				f, err := os.Create(big)
				if err != nil {
					return nil, err
				}
				err = Repeat(f, []byte("plain text, no keys here, just a large log file line\n"), 96<<20)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
				if err != nil {
					return nil, err
				}
				for i := 1; i < 8; i++ {
					if err := os.Link(big, e.Path("d", fmt.Sprintf("big-%d.txt", i))); err != nil {
						return nil, needs("hard links: " + err.Error())
					}
				}
				return &Invocation{Args: []string{"scan", "-j", "8", "--max-file-size", "1GiB", "-f", "json", e.Path("d")},
					WantExit: []int{1}, Check: JSONFindings(HasSuffix("app.env"), []string{k})}, nil
			},
		},
		bomb("2f-commit-bomb-exec", "commit", "the commit bomb through git cat-file", "--git-backend", "exec"),
		bomb("2g-blob-bomb-exec", "blob", "a 512 MiB blob through git cat-file", "--git-backend", "exec"),
	}
}
