package scanner

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// progress prints a progress line from a ticker goroutine.
type progress struct {
	w       io.Writer
	files   atomic.Int64
	bytes   atomic.Int64
	total   atomic.Int64 // chunks expected, 0 when unknown
	started time.Time
	done    chan struct{}
	exited  chan struct{}
}

func startProgress(w io.Writer, every time.Duration) *progress {
	if every <= 0 {
		every = 200 * time.Millisecond
	}
	p := &progress{w: w, started: time.Now(), done: make(chan struct{}), exited: make(chan struct{})}
	go func() {
		defer close(p.exited)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				fmt.Fprint(p.w, "\r\033[K")
				return
			case <-t.C:
				p.print()
			}
		}
	}()
	return p
}

// setSource asks src for its total once, before Chunks runs: Totaler
// implementations need not be safe to call during Chunks. A clone URL or a
// --range scan cannot say in advance; its progress line has no ETA.
func (p *progress) setSource(src Source) {
	if t, ok := src.(Totaler); ok {
		if n, _ := t.Total(); n > 0 {
			p.total.Store(int64(n) + p.files.Load())
			return
		}
	}
	p.total.Store(0)
}

func (p *progress) add(n int64) {
	p.files.Add(1)
	p.bytes.Add(n)
}

func (p *progress) print() {
	files, bytes := p.files.Load(), p.bytes.Load()
	secs := time.Since(p.started).Seconds()
	line := fmt.Sprintf("\r\033[Kscanned %d objects, %.1f MiB, %.1f MiB/s", files, float64(bytes)/(1<<20), float64(bytes)/(1<<20)/secs)
	if total := p.total.Load(); total > 0 && files > 0 && files <= total {
		eta := time.Duration(secs*float64(total-files)/float64(files)) * time.Second
		line += fmt.Sprintf(", %d%%, ETA %s", files*100/total, eta.Round(time.Second))
	}
	fmt.Fprint(p.w, line)
}

func (p *progress) stop() {
	close(p.done)
	<-p.exited
}
