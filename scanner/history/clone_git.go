package history

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// cloneProtocols are the transports a clone may use, as go-git's: no
// ext::, fd:: or remote helpers a URL could name.
var cloneProtocols = []string{"https", "http", "ssh", "git", "file"}

// cloneWaitDelay bounds the wait for git's stderr to close once it has
// exited or been killed (a child such as ssh could hold it open).
const cloneWaitDelay = 2 * time.Second

// cloneGit clones url into the empty directory dir with `git clone
// --mirror`: git streams the pack to disk and indexes it in a separate
// process with a bounded delta cache, where go-git holds several times the
// pack in memory. The environment and configuration are clean: no system
// or global configuration (so no credential helper, URL rewriting or
// hooks), protocols limited to cloneProtocols, no templates, no prompts
// (GIT_TERMINAL_PROMPT=0, no askpass program, stdin closed, and on Unix
// its own session, so ssh has no terminal to ask on). Its stderr counts
// as progress for the stall watch and, bounded, gives the error message.
// The process (its whole process group on Unix) is killed when ctx ends.
// authEnv (CloneAuth.GitEnv) is added to the environment.
func cloneGit(ctx context.Context, url, dir string, progress *progressCount, idle time.Duration, authEnv []string) error {
	args := []string{}
	for _, c := range cloneConfig(idle) {
		args = append(args, "-c", c)
	}
	args = append(args, "clone", "--mirror", "--no-hardlinks", "--progress", "--template=", "--", url, dir)
	// Run in dir, and look for no repository above it: the configuration
	// of one around the temporary directory is not the clone's.
	env := append(cloneEnv(os.Environ()), "GIT_CEILING_DIRECTORIES="+filepath.Dir(dir))
	return runGit(ctx, "clone", args, dir, append(env, authEnv...), progress)
}

// runGit runs git with args in dir and env, as cloneGit describes: its
// stderr counts as progress and gives the error message, stdin and stdout
// are the null device, and the process (group) dies with ctx. verb names
// the command in errors ("git clone: ...").
func runGit(ctx context.Context, verb string, args []string, dir string, env []string, progress *progressCount) error {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Env = env
	cmd.Dir = dir
	stderr := &stderrTail{progress: progress}
	cmd.Stderr = stderr
	cmd.WaitDelay = cloneWaitDelay
	cloneProcAttr(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("git %s: %w", verb, err)
	}
	forget := liveClones.addProc(cmd)
	err := cmd.Wait()
	forget()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if msg := stderr.message(); msg != "" {
			return fmt.Errorf("git %s: %s (%w)", verb, msg, err)
		}
		return fmt.Errorf("git %s: %w", verb, err)
	}
	return nil
}

// cloneConfig is the configuration a clone runs with.
func cloneConfig(idle time.Duration) []string {
	c := []string{"protocol.allow=never"}
	for _, p := range cloneProtocols {
		c = append(c, "protocol."+p+".allow=always")
	}
	secs := max(int(idle/time.Second), 1)
	return append(c,
		"core.hooksPath="+os.DevNull,
		"credential.helper=", // an empty value clears the list
		"core.askPass=",
		"core.fsmonitor=false",
		// If this process dies without killing git, an HTTP transfer
		// still ends once it stalls.
		"http.lowSpeedLimit=1",
		fmt.Sprintf("http.lowSpeedTime=%d", secs),
	)
}

// cloneEnvKeep are the GIT_ variables a clone keeps: how to reach the
// server (ssh, proxy, certificates) and where git's programs are.
var cloneEnvKeep = map[string]bool{
	"GIT_SSH": true, "GIT_SSH_COMMAND": true, "GIT_SSH_VARIANT": true, "GIT_PROXY_COMMAND": true,
	"GIT_SSL_CAINFO": true, "GIT_SSL_CAPATH": true, "GIT_EXEC_PATH": true,
}

// cloneEnv returns env without the variables that would change what git
// does with the clone or let it prompt (every GIT_ variable but
// cloneEnvKeep, SSH_ASKPASS), plus the ones that keep it clean.
func cloneEnv(env []string) []string {
	out := make([]string, 0, len(env)+6)
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		up := strings.ToUpper(name) // Windows names ignore case
		if (strings.HasPrefix(up, "GIT_") && !cloneEnvKeep[up]) || up == "SSH_ASKPASS" || up == "SSH_ASKPASS_REQUIRE" ||
			up == "LC_ALL" || up == "LANGUAGE" {
			continue
		}
		out = append(out, kv)
	}
	return append(out,
		"GIT_TERMINAL_PROMPT=0",
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+os.DevNull,
		"SSH_ASKPASS_REQUIRE=never",
		// English messages: the error is picked out by git's prefixes.
		"LC_ALL=C", "LANGUAGE=C",
	)
}

// stderrKeep is how much of git's stderr is kept for the error message.
const stderrKeep = 8 << 10

// stderrTail counts what git writes on stderr as progress and keeps the
// last stderrKeep bytes of it.
type stderrTail struct {
	progress *progressCount
	mu       sync.Mutex
	buf      []byte
}

func (s *stderrTail) Write(b []byte) (int, error) {
	s.progress.Write(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf = append(s.buf, b...)
	if len(s.buf) > stderrKeep {
		s.buf = append(s.buf[:0], s.buf[len(s.buf)-stderrKeep:]...)
	}
	return len(b), nil
}

// progressLine matches git's progress lines ("Receiving objects:  45%
// (…)", "remote: Counting objects: 12", "Cloning into …").
var progressLine = regexp.MustCompile(`^(remote: )?([A-Z][a-z]+( [a-z]+)*: +[0-9]|[A-Za-z ]+: +\d+% \(|Cloning into )`)

// message returns git's error lines ("fatal: …", "error: …"), or else
// its last line that is not progress, on one line.
func (s *stderrTail) message() string {
	s.mu.Lock()
	text := string(s.buf)
	s.mu.Unlock()
	var errs, other []string
	for _, l := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' }) {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || progressLine.MatchString(l):
		case strings.HasPrefix(l, "fatal: ") || strings.HasPrefix(l, "error: "):
			errs = append(errs, l)
		default:
			other = append(other, l)
		}
	}
	if len(errs) > 0 {
		return strings.Join(errs, "; ")
	}
	if len(other) > 0 {
		return other[len(other)-1]
	}
	return ""
}
