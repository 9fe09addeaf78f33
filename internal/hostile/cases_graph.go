package hostile

import (
	"fmt"
)

// Cycles and bombs in git objects: points 1 and 2 of the issue.

const bombSize = 512 << 20 // a commit or tree this big stands for "up to 1 GiB"

// keyObjects writes, loose into gitDir, a blob a.env holding key and a
// root tree with it, and returns the blob's and the tree's names.
func keyObjects(gitDir, key string) (blob, tree string, err error) {
	if blob, err = PutLoose(gitDir, "", "blob", []byte(EnvLine(key))); err != nil {
		return "", "", err
	}
	tree, err = PutLoose(gitDir, "", "tree", TreeBody(TreeEntry{"100644", "a.env", blob}))
	return blob, tree, err
}

// cycleRepo is a bare repository whose four commits form a cycle of
// parents, a -> b -> c -> d -> a. a and c hold key at a.env, b and d hold
// an empty tree, so two commits introduce the key and choosing the oldest
// asks how deep each one is.
func cycleRepo(e *Env, key string) (string, error) {
	dir, err := e.BareRepo("cycle.git")
	if err != nil {
		return "", err
	}
	_, tree, err := keyObjects(dir, key)
	if err != nil {
		return "", err
	}
	empty, err := PutLoose(dir, "", "tree", nil)
	if err != nil {
		return "", err
	}
	ids := []string{FakeID("commit-a"), FakeID("commit-b"), FakeID("commit-c"), FakeID("commit-d")}
	for i, id := range ids {
		t := tree
		if i%2 == 1 {
			t = empty
		}
		parent := ids[(i+1)%len(ids)]
		if _, err := PutLoose(dir, id, "commit", CommitBody(t, []string{parent}, fmt.Sprintf("commit %d\n", i))); err != nil {
			return "", err
		}
	}
	return dir, SetRef(dir, "refs/heads/main", ids[0])
}

func graphCases() []Case {
	return []Case{
		{
			ID: "1a-commit-cycle", Point: "1", What: "four commits whose parents form a cycle",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				dir, err := cycleRepo(e, k)
				if err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"git", "-f", "json", dir}, WantExit: []int{1},
					Check: JSONFindings(Is("a.env"), []string{k})}, nil
			},
		},
		{
			ID: "1b-commit-cycle-exec", Point: "1", What: "commit cycle, --git-backend exec",
			Setup: func(e *Env) (*Invocation, error) {
				if err := needGit(); err != nil {
					return nil, err
				}
				k := e.Key("k")
				dir, err := cycleRepo(e, k)
				if err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"git", "--git-backend", "exec", "-f", "json", dir}, WantExit: []int{1},
					Check: JSONFindings(Is("a.env"), []string{k})}, nil
			},
		},
		{
			ID: "1c-tree-lists-itself", Point: "1", What: "a tree that lists itself as a subtree",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				dir, err := e.BareRepo("self.git")
				if err != nil {
					return nil, err
				}
				blob, err := PutLoose(dir, "", "blob", []byte(EnvLine(k)))
				if err != nil {
					return nil, err
				}
				tree := FakeID("tree")
				body := TreeBody(TreeEntry{"100644", "a.env", blob}, TreeEntry{"40000", "d", tree})
				if _, err := PutLoose(dir, tree, "tree", body); err != nil {
					return nil, err
				}
				c, err := PutLoose(dir, "", "commit", CommitBody(tree, nil, "self\n"))
				if err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"git", "-f", "json", dir}, WantExit: []int{1},
					Check: JSONFindings(HasSuffix("a.env"), []string{k})}, SetRef(dir, "refs/heads/main", c)
			},
		},
		{
			ID: "1d-delta-cycle", Point: "1", What: "ref-deltas that are each other's base, and one its own",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				dir, err := e.BareRepo("delta.git")
				if err != nil {
					return nil, err
				}
				_, tree, err := keyObjects(dir, k)
				if err != nil {
					return nil, err
				}
				c, err := PutLoose(dir, "", "commit", CommitBody(tree, nil, "c\n"))
				if err != nil {
					return nil, err
				}
				pw, err := NewPackWriter(dir, 3)
				if err != nil {
					return nil, err
				}
				x, y, z := FakeID("delta-x"), FakeID("delta-y"), FakeID("delta-z")
				d := Delta(16, 21, DeltaOp{Off: 0, Size: 16}, DeltaOp{Insert: []byte("hello")})
				for _, o := range [][2]string{{x, y}, {y, x}, {z, z}} {
					if err := pw.AddRefDelta(o[0], o[1], d); err != nil {
						return nil, err
					}
				}
				if err := pw.Close(); err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"git", "-f", "json", dir}, WantExit: []int{1},
					Check: JSONFindings(Is("a.env"), []string{k}, SkippedSome)}, SetRef(dir, "refs/heads/main", c)
			},
		},
	}
}
