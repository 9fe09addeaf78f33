package scanner_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
)

// memSource yields in-memory chunks and records what the engine calls.
type memSource struct {
	target   string
	chunks   []scanner.Chunk
	err      error
	resolved atomic.Int32
	closed   atomic.Int32
	resolve  func([]scanner.Finding) []scanner.Finding
	block    chan struct{} // when set, Chunks waits on it after the first chunk
}

func (m *memSource) Target() string { return m.target }

func (m *memSource) Chunks(ctx context.Context, yield func(scanner.Chunk) error) error {
	for i, c := range m.chunks {
		if err := yield(c); err != nil {
			return err
		}
		if i == 0 && m.block != nil {
			select {
			case <-m.block:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return m.err
}

func (m *memSource) Resolve(ctx context.Context, fs []scanner.Finding) ([]scanner.Finding, error) {
	m.resolved.Add(1)
	if m.resolve != nil {
		return m.resolve(fs), nil
	}
	return fs, nil
}

func (m *memSource) Warnings() []string { return []string{"history of " + m.target + " is incomplete"} }

func (m *memSource) Close() error { m.closed.Add(1); return nil }

func chunk(path, text string) scanner.Chunk {
	return scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Path: path}, Data: []byte(text), Size: int64(len(text))}
}

func TestRunResolvesWarnsClosesAndFilters(t *testing.T) {
	k := fakekey.N("engine", 3)
	src := &memSource{target: "repo", chunks: []scanner.Chunk{
		chunk("z.py", leak(k[0])),
		chunk("a.py", leak(k[1])+leak(k[2])),
		chunk("clean.py", "x = 1\n"),
		{Origin: scanner.Origin{Path: "gone.py"}, Skip: &scanner.Skip{Class: scanner.SkipCorrupt, Detail: "corrupt object"}},
		{Origin: scanner.Origin{Path: "huge.py"}, Size: 1 << 30},
		{Origin: scanner.Origin{Path: "broken.py"}, Open: func([]byte, int64) ([]byte, error) { return nil, errors.New("permission denied") }},
	}}
	// The resolver drops the finding of k[2], as the staged source drops
	// findings on lines the commit does not add.
	src.resolve = func(fs []scanner.Finding) []scanner.Finding {
		var out []scanner.Finding
		for _, f := range fs {
			if f.Secret != k[2] {
				out = append(out, f)
			}
		}
		return out
	}
	probe := &scanner.Finding{RuleID: "camb-api-key-header", Secret: k[0], Origin: scanner.Origin{Path: "z.py"}}
	res, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{
		Baseline: map[string]bool{probe.Fingerprint(): true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(paths(res), ","); got != "a.py" || res.Findings[0].Secret != k[1] {
		t.Errorf("findings %s", got)
	}
	if res.Suppressed != 1 {
		t.Errorf("suppressed %d, want 1 (baseline)", res.Suppressed)
	}
	if src.resolved.Load() != 1 || src.closed.Load() != 1 {
		t.Errorf("resolve called %d times, close %d times", src.resolved.Load(), src.closed.Load())
	}
	reasons := skipReasons(res)
	if reasons["gone.py"] != "corrupt object" || reasons["broken.py"] != "permission denied" ||
		!strings.HasPrefix(reasons["huge.py"], "larger than") || res.Stats.Skipped != 3 {
		t.Errorf("skipped %v", res.Skipped)
	}
	if len(res.Warnings) != 1 || res.Targets[0] != "repo" || res.Stats.Files != 3 {
		t.Errorf("warnings %v targets %v stats %+v", res.Warnings, res.Targets, res.Stats)
	}
}

func TestRunMinConfidence(t *testing.T) {
	// A bare x-api-key header with no CAMB anchor is medium confidence.
	src := &memSource{target: "t", chunks: []scanner.Chunk{chunk("m.sh", `curl -H "x-api-key: `+fakekey.New("medium")+`" "$URL"`+"\n")}}
	res, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{MinConfidence: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 {
		t.Errorf("medium finding kept with MinConfidence high: %+v", res.Findings[0].Confidence)
	}
}

func TestRunSourceErrors(t *testing.T) {
	bad := &memSource{target: "bad", err: errors.New("bad is not a git repository")}
	good := &memSource{target: "good", chunks: []scanner.Chunk{chunk("a.py", leak(fakekey.New("ok")))}}
	res, err := scanner.Run(context.Background(), []scanner.Source{bad, good}, scanner.Options{})
	if err != nil {
		t.Fatalf("one good source: err %v", err)
	}
	if len(res.Findings) != 1 || res.Skipped[0].Target != "bad" || !strings.Contains(res.Skipped[0].Reason(), "not a git repository") {
		t.Errorf("findings %d skipped %v", len(res.Findings), res.Skipped)
	}
	_, err = scanner.Run(context.Background(), []scanner.Source{bad}, scanner.Options{})
	if err == nil || !strings.Contains(err.Error(), "not a git repository") {
		t.Errorf("only bad sources: err %v", err)
	}
}

func TestRunCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	src := &memSource{target: "slow", block: make(chan struct{}), chunks: []scanner.Chunk{
		chunk("a.py", leak(fakekey.New("cancel"))), chunk("b.py", "x"),
	}}
	done := make(chan struct{})
	var res *scanner.Result
	var err error
	go func() {
		res, err = scanner.Run(ctx, []scanner.Source{src}, scanner.Options{})
		close(done)
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(60 * time.Second): // a hang guard
		t.Fatal("Run did not return after cancel")
	}
	if !errors.Is(err, context.Canceled) || res == nil || src.closed.Load() != 1 {
		t.Errorf("err %v, result %v, closed %d", err, res != nil, src.closed.Load())
	}
}

func TestRunProgress(t *testing.T) {
	var chunks []scanner.Chunk
	for i := 0; i < 50; i++ {
		chunks = append(chunks, scanner.Chunk{Origin: scanner.Origin{Path: fmt.Sprint(i)}, Open: func([]byte, int64) ([]byte, error) {
			time.Sleep(2 * time.Millisecond)
			return []byte("hello\n"), nil
		}})
	}
	var buf syncBuffer
	_, err := scanner.Run(context.Background(), []scanner.Source{&memSource{target: "p", chunks: chunks}},
		scanner.Options{Progress: &buf, ProgressEvery: 5 * time.Millisecond, Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "scanned ") || !strings.Contains(out, "objects") {
		t.Errorf("no progress line in %q", out)
	}
}

// syncBuffer is a bytes.Buffer safe for the progress goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// leak returns a line that holds key in an x-api-key header.
func leak(key string) string {
	return `requests.get("https://client.camb.ai/apis/list-voices", headers={"x-api-key": "` + key + `"})` + "\n"
}

func paths(res *scanner.Result) []string {
	var ps []string
	for _, f := range res.Findings {
		ps = append(ps, f.Path)
	}
	return ps
}

func skipReasons(res *scanner.Result) map[string]string {
	m := map[string]string{}
	for _, s := range res.Skipped {
		m[s.Path] = s.Reason()
	}
	return m
}
