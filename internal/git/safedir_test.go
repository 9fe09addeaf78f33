package git

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// envOf is a getenv over a map.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// TestDubiousOwnership applies git's safe.directory rule: a repository
// whose .git (or work tree, or bare git directory) another user owns is
// refused unless the protected configuration lists it. It needs root to
// give a directory away (chown).
func TestDubiousOwnership(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to chown a .git directory to another user")
	}
	const other = 12345
	r := newTestRepo(t)
	r.commitAll("one")
	sub := filepath.Join(r.dir, "sub")
	os.MkdirAll(sub, 0o755)
	top, _ := filepath.EvalSymlinks(r.dir)
	home := t.TempDir()
	global := filepath.Join(home, "global.gitconfig")
	base := map[string]string{"HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": global}
	find := func(env map[string]string, workTree bool) error {
		e := map[string]string{}
		for k, v := range base {
			e[k] = v
		}
		for k, v := range env {
			e[k] = v
		}
		_, err := Find(sub, FindOptions{WorkTree: workTree, Getenv: envOf(e)})
		return err
	}
	setGlobal := func(content string) {
		t.Helper()
		if err := os.WriteFile(global, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := find(nil, true); err != nil {
		t.Fatalf("own repository: %v", err)
	}
	if err := os.Chown(filepath.Join(r.dir, ".git"), other, other); err != nil {
		t.Fatal(err)
	}
	for _, workTree := range []bool{true, false} {
		var dub *DubiousOwnershipError
		err := find(nil, workTree)
		if !errors.As(err, &dub) || dub.Path != top || dub.Owned != filepath.Join(r.dir, ".git") {
			t.Fatalf("WorkTree %v: err %v, want dubious ownership of %s", workTree, err, top)
		}
	}
	for _, c := range []struct {
		name   string
		global string
		env    map[string]string
		safe   bool
	}{
		{"no config", "", nil, false},
		{"listed", "[safe]\n\tdirectory = " + top + "\n", nil, true},
		{"listed quoted with comment", "[safe]\n\tdirectory = \"" + top + "\" # mine\n", nil, true},
		{"star", "[safe]\ndirectory = *\n", nil, true},
		{"reset after star", "[safe]\ndirectory = *\ndirectory =\n", nil, false},
		{"other directory", "[safe]\ndirectory = /elsewhere\n", nil, false},
		{"parent prefix", "[safe]\ndirectory = " + filepath.Dir(top) + "/*\n", nil, true},
		{"other section", "[unsafe]\ndirectory = *\n", nil, false},
		{"home relative", "", map[string]string{"HOME": filepath.Dir(top), "GIT_CONFIG_GLOBAL": filepath.Join(home, "g2")}, false},
		{"command line count", "", map[string]string{"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "safe.directory", "GIT_CONFIG_VALUE_0": "*"}, true},
		{"command line parameters", "", map[string]string{"GIT_CONFIG_PARAMETERS": "'core.x'='y' 'safe.directory'='" + top + "'"}, true},
		{"sudo user", "", map[string]string{"SUDO_UID": strconv.Itoa(other)}, true},
		{"sudo other user", "", map[string]string{"SUDO_UID": "4242"}, false},
	} {
		setGlobal(c.global)
		err := find(c.env, true)
		if c.safe != (err == nil) {
			t.Errorf("%s: err %v, want safe %v", c.name, err, c.safe)
		}
	}
	// "~/" is the home directory.
	os.WriteFile(filepath.Join(home, "g2"), []byte("[safe]\n\tdirectory = ~/"+filepath.Base(top)+"\n"), 0o644)
	if err := find(map[string]string{"HOME": filepath.Dir(top), "GIT_CONFIG_GLOBAL": filepath.Join(home, "g2")}, true); err != nil {
		t.Errorf("~/ value: %v", err)
	}
	// GIT_DIR names the repository: no discovery, no check (as git).
	setGlobal("")
	if _, err := Find(sub, FindOptions{WorkTree: true, Getenv: envOf(base), Env: envOf(map[string]string{"GIT_DIR": filepath.Join(r.dir, ".git")})}); err != nil {
		t.Errorf("GIT_DIR: %v", err)
	}
	// The work tree's top counts too, and a bare repository is named by
	// its git directory.
	os.Chown(filepath.Join(r.dir, ".git"), 0, 0)
	os.Chown(r.dir, other, other)
	if err := find(nil, true); err == nil {
		t.Error("a work tree owned by another user was trusted")
	}
	bare := t.TempDir()
	r.gitIn(bare, "init", "-q", "--bare")
	os.Chown(bare, other, other)
	var dub *DubiousOwnershipError
	realBare, _ := filepath.EvalSymlinks(bare)
	if _, err := Find(bare, FindOptions{Getenv: envOf(base)}); !errors.As(err, &dub) || dub.Path != realBare {
		t.Errorf("bare repository owned by another user: err %v", err)
	}
}

func TestConfigParsing(t *testing.T) {
	name := filepath.Join(t.TempDir(), "config")
	os.WriteFile(name, []byte(`[core]
	directory = /no
[safe] directory = /a
[Safe]
	# comment
	directory = "/b c" ; comment
	Directory = /d\"e
	directory
[safe "sub"]
	directory = /no
`), 0o644)
	if d := cmp.Diff([]string{"/a", "/b c", `/d"e`, ""}, configValues(name, "safe", "directory")); d != "" {
		t.Errorf("configValues (-want +got):\n%s", d)
	}
	got := configParameters(`'safe.directory'='/x'\''y' 'a.b=c' 'bad`)
	if d := cmp.Diff([][2]string{{"safe.directory", "/x'y"}, {"a.b", "c"}}, got); d != "" {
		t.Errorf("configParameters (-want +got):\n%s", d)
	}
}
