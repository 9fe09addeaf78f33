package history

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sessionMembers returns the live (not zombie) processes of session sid.
func sessionMembers(sid int) []int {
	var out []int
	names, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			continue
		}
		s := string(b)
		r := strings.LastIndexByte(s, ')')
		if r < 0 {
			continue
		}
		f := strings.Fields(s[r+1:]) // state ppid pgrp session ...
		if len(f) < 4 || f[0] == "Z" {
			continue
		}
		if id, _ := strconv.Atoi(f[3]); id == sid {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(n)))
			out = append(out, pid)
		}
	}
	return out
}

// liveClonePid waits for a git clone to be running and returns its pid.
func liveClonePid(t *testing.T) int {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		liveClones.mu.Lock()
		for cmd := range liveClones.procs {
			pid := cmd.Process.Pid
			liveClones.mu.Unlock()
			return pid
		}
		liveClones.mu.Unlock()
	}
	t.Fatal("no git clone started")
	return 0
}

// TestCloneGitKilledWithGroup: cancelling a git clone (Ctrl-C) and a
// forced exit (RemoveTempClones) kill git and the helpers it started
// (git-remote-http here), not git alone.
func TestCloneGitKilledWithGroup(t *testing.T) {
	needGit(t)
	t.Setenv(cloneBackendEnv, "git")
	addr := silentServer(t)
	for _, how := range []string{"cancel", "RemoveTempClones"} {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, err := cloneTemp(ctx, "http://"+addr+"/repo.git", time.Hour, nil)
			errc <- err
		}()
		pid := liveClonePid(t)
		// Wait for git to start its transport helper.
		for deadline := time.Now().Add(30 * time.Second); len(sessionMembers(pid)) < 2 && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		if n := len(sessionMembers(pid)); n < 2 {
			t.Fatalf("%s: %d process(es) in the clone's session, want git and its helper", how, n)
		}
		if how == "cancel" {
			cancel()
		} else {
			RemoveTempClones(10 * time.Second)
		}
		select {
		case err := <-errc:
			if err == nil {
				t.Fatalf("%s: the clone of a silent server succeeded", how)
			}
		case <-time.After(time.Minute):
			t.Fatalf("%s: the clone did not stop", how)
		}
		cancel()
		var left []int
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if left = sessionMembers(pid); len(left) == 0 {
				break
			}
		}
		if len(left) > 0 {
			t.Errorf("%s: processes of the clone still running: %v", how, left)
		}
	}
}
