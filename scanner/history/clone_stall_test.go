package history

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/cambscan/cambscan/scanner"
)

// silentServer accepts connections on loopback and never answers; it
// returns its address.
func silentServer(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// TestCloneStall: a server that accepts the connection and then says
// nothing makes the clone fail with ErrCloneStalled once CloneIdle passes
// without progress, over HTTP and over git://; before, the clone waited
// forever. Nothing is left in the temporary directory.
func TestCloneStall(t *testing.T) {
	addr := silentServer(t)
	for _, url := range []string{"http://" + addr + "/repo.git", "git://" + addr + "/repo.git"} {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		src := NewSource(url, Options{CloneIdle: 500 * time.Millisecond})
		errc := make(chan error, 1)
		go func() {
			_, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{})
			errc <- err
		}()
		select {
		case err := <-errc:
			if !errors.Is(err, ErrCloneStalled) {
				t.Errorf("%s: err = %v, want ErrCloneStalled", url, err)
			}
		case <-time.After(time.Minute):
			t.Fatalf("%s: the clone of a silent server hung", url)
		}
		src.(interface{ Close() error }).Close()
		noClonesLeft(t, tmp)
	}
}

// TestCloneStallCancel: Ctrl-C (the context ending) still stops a clone
// that is waiting on a silent server, long before the idle limit.
func TestCloneStallCancel(t *testing.T) {
	addr := silentServer(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	src := NewSource("http://"+addr+"/repo.git", Options{CloneIdle: time.Hour})
	errc := make(chan error, 1)
	go func() {
		_, err := scanner.Run(ctx, []scanner.Source{src}, scanner.Options{})
		errc <- err
	}()
	select {
	case err := <-errc:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want the deadline", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("cancelling a clone of a silent server hung")
	}
	src.(interface{ Close() error }).Close()
	noClonesLeft(t, tmp)
}
