package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// zipOf returns a zip archive of the given members (name, content).
func zipOf(t *testing.T, members ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for i := 0; i+1 < len(members); i += 2 {
		f, err := w.Create(members[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(members[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestExcludeArchiveMembers: --exclude (and a config's exclude) applies to
// archive members by the path reports give them, as written
// ("dist/app.jar!conf/**") or with the archive taken as a directory
// ("**/testdata/**", "*.properties"), in scan and in git history alike.
func TestExcludeArchiveMembers(t *testing.T) {
	t.Parallel()
	keys := fakekey.N("exclude-archive", 3)
	env := func(k string) string { return "CAMB_API_KEY=" + k + "\n" }
	inner := zipOf(t, "secret.env", env(keys[2]))
	jar := zipOf(t, "conf/app.properties", env(keys[0]), "src/testdata/t.env", env(keys[1]), "lib/inner.zip", string(inner))
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "dist"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dist", "app.jar"), jar, 0o644); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "add jar")

	const (
		props  = "dist/app.jar!conf/app.properties"
		td     = "dist/app.jar!src/testdata/t.env"
		nested = "dist/app.jar!lib/inner.zip!secret.env"
	)
	scan := func(args ...string) (paths []string, stderr string) {
		t.Helper()
		var out, errOut bytes.Buffer
		err := run(t.Context(), append(args, "-f", "json", "--progress", "never", "--no-config"), strings.NewReader(""), &out, &errOut, func(string) string { return "" })
		var rep struct {
			Findings []struct{ Path string }
			Warnings []string
		}
		if jerr := json.Unmarshal(out.Bytes(), &rep); jerr != nil {
			t.Fatalf("%q: %v (%v)\n%s%s", args, jerr, err, out.String(), errOut.String())
		}
		for _, f := range rep.Findings {
			paths = append(paths, strings.TrimPrefix(f.Path, filepath.ToSlash(dir)+"/"))
		}
		slices.Sort(paths)
		return paths, errOut.String() + strings.Join(rep.Warnings, "\n")
	}
	for _, c := range []struct {
		globs []string
		want  []string
	}{
		{nil, []string{props, nested, td}},
		{[]string{"**/testdata/**"}, []string{props, nested}},
		{[]string{"*.properties"}, []string{nested, td}},
		{[]string{"dist/app.jar!conf/**"}, []string{nested, td}}, // as reported
		{[]string{"conf/app.properties"}, []string{nested, td}},
		{[]string{"lib/inner.zip"}, []string{props, td}}, // a nested archive, whole
		{[]string{"app.jar!lib/inner.zip!secret.env"}, []string{props, td}},
		{[]string{"*.env"}, []string{props}},
		{[]string{"dist"}, nil},
		{[]string{"*.jar"}, nil},
	} {
		var flags []string
		for _, g := range c.globs {
			flags = append(flags, "--exclude", g)
		}
		for _, cmd := range []string{"scan", "git"} {
			got, stderr := scan(append(append([]string{cmd}, flags...), dir)...)
			if !slices.Equal(got, c.want) {
				t.Errorf("%s --exclude %q: findings %q, want %q", cmd, c.globs, got, c.want)
			}
			if strings.Contains(stderr, "matched no path") {
				t.Errorf("%s --exclude %q: a glob that matched a member is reported as matching nothing:\n%s", cmd, c.globs, stderr)
			}
		}
	}

	// The repository config's excludes apply to members too.
	if err := os.WriteFile(filepath.Join(dir, ".cambscan.yaml"), []byte("exclude: [\"**/testdata/**\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	run(t.Context(), []string{"scan", "-f", "json", "--progress", "never", dir}, strings.NewReader(""), &out, &errOut, func(string) string { return "" })
	if strings.Contains(out.String(), "testdata") || !strings.Contains(out.String(), "conf/app.properties") {
		t.Errorf("config exclude on members:\n%s%s", out.String(), errOut.String())
	}
}
