package scanner

import (
	"context"
	"errors"
)

// STUB: the history work replaces this file.

// GitOptions configure a history scan.
type GitOptions struct {
	Refs     []string // scan only what these refs reach; nil means every ref and unreachable object
	Range    string   // "A..B": only blobs introduced by commits reachable from B and not from A
	Backend  string   // "auto", "go" or "exec"
	Excludes []string // path globs to drop (see Excluded)
}

// NewGitSource returns the history source of the repository or clone URL
// target. Nothing is opened or cloned until Chunks runs; Close removes any
// temporary clone.
func NewGitSource(target string, opts GitOptions) Source {
	return &gitSource{target: target}
}

type gitSource struct{ target string }

func (g *gitSource) Target() string { return g.target }

func (g *gitSource) Chunks(ctx context.Context, yield func(Chunk) error) error {
	return errors.New("git history scanning is not implemented yet")
}
