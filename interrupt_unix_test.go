//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// hangGuard only keeps a broken test from hanging the suite; the tests
// assert that the child exits and with which code, never how fast.
const hangGuard = 60 * time.Second

// startChild starts the test binary as cambscan (testscript put it on
// PATH in TestMain) with args, in dir.
func startChild(t *testing.T, dir string, stdout *os.File, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	bin, err := exec.LookPath("cambscan")
	if err != nil {
		t.Fatalf("cambscan is not on PATH: %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, &stderr
}

// waitCode waits for cmd and returns its exit code; it fails the test if
// the process was killed by a signal or did not exit before hangGuard.
func waitCode(t *testing.T, cmd *exec.Cmd, stderr *bytes.Buffer) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		st := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if st.Signaled() {
			t.Fatalf("killed by %v, want an exit code; stderr:\n%s", st.Signal(), stderr)
		}
		return st.ExitStatus()
	case <-time.After(hangGuard):
		cmd.Process.Kill()
		<-done
		t.Fatalf("still running after %s; stderr:\n%s", hangGuard, stderr)
	}
	return -1
}

// blockOnStdout starts a scan whose JSON report (about 1 MB: 2 000
// findings) goes to a pipe that the test stops reading after the first
// byte: the child blocks in a write that polls no context, as it would on
// a stalled terminal or a full FIFO. It returns once the child is writing
// (so its signal handlers are installed).
func blockOnStdout(t *testing.T) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	dir := t.TempDir()
	keys := fakekey.N("blocked", 2000)
	for f := range 40 {
		var src bytes.Buffer
		for i, k := range keys[f*50 : f*50+50] {
			fmt.Fprintf(&src, "h%d = {\"x-api-key\": \"%s\"}\n", i, k)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%02d.py", f)), src.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	cmd, stderr := startChild(t, dir, w, "scan", "-f", "json", ".")
	w.Close()
	first := make(chan error, 1)
	go func() {
		_, err := r.Read(make([]byte, 1))
		first <- err
	}()
	select {
	case err := <-first:
		if err != nil {
			t.Fatalf("the child wrote nothing: %v; stderr:\n%s", err, stderr)
		}
	case <-time.After(hangGuard):
		t.Fatalf("the child never wrote its report; stderr:\n%s", stderr)
	}
	return cmd, stderr
}

// TestSignalBlocked: a run blocked in a write that ignores its context
// still exits 130 on one SIGINT or SIGTERM (the watchdog), and on two at
// once.
func TestSignalBlocked(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		sigs []syscall.Signal
	}{
		{"SIGINT", []syscall.Signal{syscall.SIGINT}},
		{"SIGINT twice", []syscall.Signal{syscall.SIGINT, syscall.SIGINT}},
		{"SIGTERM", []syscall.Signal{syscall.SIGTERM}},
		{"SIGTERM twice", []syscall.Signal{syscall.SIGTERM, syscall.SIGTERM}},
		{"SIGTERM then SIGINT", []syscall.Signal{syscall.SIGTERM, syscall.SIGINT}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd, stderr := blockOnStdout(t)
			for _, s := range tt.sigs {
				if err := cmd.Process.Signal(s); err != nil {
					t.Fatal(err)
				}
				time.Sleep(50 * time.Millisecond)
			}
			if code := waitCode(t, cmd, stderr); code != 130 {
				t.Fatalf("exit %d, want 130; stderr:\n%s", code, stderr)
			}
			if !bytes.Contains(stderr.Bytes(), []byte("interrupted")) {
				t.Errorf("stderr does not say interrupted:\n%s", stderr)
			}
		})
	}
}

// TestSignalSlowServer: a --verify scan waiting on a server that never
// answers stops on SIGINT or SIGTERM, writes its --report and exits 130.
func TestSignalSlowServer(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			hit := make(chan struct{}, 1)
			release := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select {
				case hit <- struct{}{}:
				default:
				}
				select {
				case <-release:
				case <-r.Context().Done():
				}
			}))
			defer srv.Close()
			defer close(release)
			dir := t.TempDir()
			key := fakekey.New("signal-" + sig.String())
			if err := os.WriteFile(filepath.Join(dir, "a.py"), []byte(`h = {"x-api-key": "`+key+`"}`+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd, stderr := startChild(t, dir, nil, "scan", "--verify", "--verify-url", srv.URL,
				"--verify-timeout", "10m", "--report", "r.json", "a.py")
			select {
			case <-hit:
			case <-time.After(hangGuard):
				t.Fatalf("the probe never arrived; stderr:\n%s", stderr)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if code := waitCode(t, cmd, stderr); code != 130 {
				t.Fatalf("exit %d, want 130; stderr:\n%s", code, stderr)
			}
			checkJSONReport(t, filepath.Join(dir, "r.json"))
		})
	}
}

// checkJSONReport fails unless name holds one complete JSON object.
func checkJSONReport(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("report not written: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s is not complete JSON: %v", filepath.Base(name), err)
	}
	return doc
}

// TestSignalDuringClone: SIGINT while a URL clone waits on a server that
// never answers exits 130 and leaves no temporary clone behind.
func TestSignalDuringClone(t *testing.T) {
	t.Parallel()
	hit := make(chan struct{}, 1)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case hit <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	tmp := t.TempDir()
	bin, err := exec.LookPath("cambscan")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "git", srv.URL+"/repo.git")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "GIT_CONFIG_GLOBAL=/dev/null")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	select {
	case <-hit:
	case <-time.After(hangGuard):
		t.Fatalf("the clone never reached the server; stderr:\n%s", &stderr)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := waitCode(t, cmd, &stderr); code != 130 {
		t.Fatalf("exit %d, want 130; stderr:\n%s", code, &stderr)
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "cambscan-clone-*"))
	if len(left) > 0 {
		t.Errorf("temporary clones left behind: %v", left)
	}
}
