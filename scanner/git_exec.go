package scanner

import (
	"context"
	"errors"
)

func (g *gitSource) execChunks(ctx context.Context, yield func(Chunk) error) error {
	return errors.New("not yet")
}
