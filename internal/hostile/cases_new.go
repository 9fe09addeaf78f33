package hostile

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// What a new user tries: keys that pass with exit 0 because the input is
// not read at all (the last list). Archives are scanned inside and
// their members reported as archive.zip!path/inside.

// member matches the report path of a member inside archive: the archive's
// path, "!", and the member's path.
func member(archive, inside string) func(string) bool {
	return func(p string) bool {
		return strings.HasSuffix(p, archive+"!"+inside) || strings.HasSuffix(p, archive+"!/"+inside)
	}
}

// gzMember matches a .gz file reported as itself or with any member name.
func gzMember(archive string) func(string) bool {
	return func(p string) bool {
		return strings.HasSuffix(p, archive) || strings.Contains(p, archive+"!")
	}
}

func newUserCases() []Case {
	// archive: a directory with one archive (built by build from the key)
	// that a scan must look into.
	archive := func(id, name, what string, match func(string) bool, build func(k string) ([]byte, error), extra ...string) Case {
		return Case{
			ID: id, Point: "new", What: what,
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				b, err := build(k)
				if err != nil {
					return nil, err
				}
				e.Write("d/"+name, string(b))
				args := append(append([]string{"scan"}, extra...), "-f", "json", e.Path("d"))
				return &Invocation{Args: args, WantExit: []int{1}, Check: JSONFindings(match, []string{k})}, nil
			},
		}
	}
	zipOf := func(inside string, content func(k string) string) func(string) ([]byte, error) {
		return func(k string) ([]byte, error) {
			return ZipBytes(Member{Name: "README.txt", Body: []byte("read me\n")}, Member{Name: inside, Body: []byte(content(k))})
		}
	}
	py := func(k string) string { return KeyFile(k) }
	env := func(k string) string { return EnvLine(k) }
	keyInNested := func(k string) ([]byte, error) {
		inner, err := ZipBytes(Member{Name: "conf/key.env", Body: []byte(EnvLine(k))})
		if err != nil {
			return nil, err
		}
		return TarBytes(true, Member{Name: "package/inner.zip", Body: inner})
	}
	return []Case{
		{
			ID: "9a-stdin-dash", Point: "new", What: "`cat f | cambscan scan -`",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				return &Invocation{Args: []string{"scan", "-f", "json", "-"}, Stdin: strings.NewReader(KeyFile(k)),
					WantExit: []int{1}, Check: JSONFindings(Any, []string{k})}, nil
			},
		},
		{
			ID: "9b-dev-stdin", Point: "new", What: "`cat f | cambscan scan /dev/stdin`",
			Setup: func(e *Env) (*Invocation, error) {
				if err := needUnix(); err != nil {
					return nil, err
				}
				k := e.Key("k")
				r, w, err := os.Pipe()
				if err != nil {
					return nil, err
				}
				e.Defer(func() { r.Close() })
				go func() {
					io.WriteString(w, KeyFile(k))
					w.Close()
				}()
				return &Invocation{Args: []string{"scan", "-f", "json", "/dev/stdin"}, Stdin: r,
					WantExit: []int{1}, Check: JSONFindings(Any, []string{k})}, nil
			},
		},
		{
			ID: "9c-named-pipe-target", Point: "new", What: "a FIFO named on the command line",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				fifo := e.Path("keys.fifo")
				if err := Mkfifo(fifo); err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"scan", "-f", "json", fifo}, WantExit: []int{1},
					During: func(p *Proc) error { return feedFIFO(p, fifo, KeyFile(k)) },
					Check:  JSONFindings(Any, []string{k})}, nil
			},
		},
		archive("9d-zip", "app.zip", "a key in a .zip", member("app.zip", "config/settings.py"), zipOf("config/settings.py", py)),
		archive("9e-jar", "app.jar", "a key in a .jar", member("app.jar", "BOOT-INF/classes/application.env"), zipOf("BOOT-INF/classes/application.env", env)),
		archive("9f-wheel", "camb_tool-1.0-py3-none-any.whl", "a key in a Python wheel",
			member("camb_tool-1.0-py3-none-any.whl", "camb_tool/settings.py"), zipOf("camb_tool/settings.py", py)),
		archive("9g-apk", "app.apk", "a key in an .apk", member("app.apk", "assets/config.env"), zipOf("assets/config.env", env)),
		archive("9h-docx", "notes.docx", "a key in a .docx", member("notes.docx", "word/document.xml"), zipOf("word/document.xml", func(k string) string {
			return `<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>CAMB_API_KEY=` + k + `</w:t></w:r></w:p></w:body></w:document>`
		})),
		archive("9i-tar", "src.tar", "a key in a .tar", member("src.tar", "src/settings.py"), func(k string) ([]byte, error) {
			return TarBytes(false, Member{Name: "src/settings.py", Body: []byte(KeyFile(k))})
		}),
		archive("9j-tgz-npm", "camb-client-1.0.0.tgz", "a key in an npm package (.tgz)",
			member("camb-client-1.0.0.tgz", "package/index.js"), func(k string) ([]byte, error) {
				return TarBytes(true,
					Member{Name: "package/package.json", Body: []byte(`{"name": "camb-client", "version": "1.0.0"}`)},
					Member{Name: "package/index.js", Body: []byte("const CAMB_API_KEY = \"" + k + "\";\n")})
			}),
		archive("9k-gz", "settings.py.gz", "a key in a .gz", gzMember("settings.py.gz"), func(k string) ([]byte, error) {
			return GzipBytes("settings.py", []byte(KeyFile(k)))
		}),
		archive("9l-nested", "release.tar.gz", "a key in a .zip in a .tar.gz",
			func(p string) bool {
				return strings.Contains(p, "release.tar.gz!") && strings.HasSuffix(p, "inner.zip!conf/key.env")
			},
			keyInNested),
		{
			ID: "9m-zip-bomb", Point: "new", What: "a zip with a 1 GiB member: skipped, the key next to it found",
			Timeout: 30 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				b, err := ZipBytes(
					Member{Name: "bomb.txt", Size: 1 << 30, Gen: func(w io.Writer) error {
						return Repeat(w, []byte("all work and no play makes a zip bomb\n"), 1<<30)
					}},
					Member{Name: "key.env", Body: []byte(EnvLine(k))})
				if err != nil {
					return nil, err
				}
				e.Write("d/bomb.zip", string(b))
				return &Invocation{Args: []string{"scan", "-f", "json", e.Path("d")}, WantExit: []int{1},
					Check: JSONFindings(member("bomb.zip", "key.env"), []string{k}, SkippedSome)}, nil
			},
		},
		{
			ID: "9n-git-blob-archive", Point: "new", What: "git: a committed .zip with a key",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				b, err := ZipBytes(Member{Name: "conf/key.env", Body: []byte(EnvLine(k))})
				if err != nil {
					return nil, err
				}
				if _, err := e.Repo("r", map[string]string{"dist/app.zip": string(b)}); err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"git", "-f", "json", e.Path("r")}, WantExit: []int{1},
					Check: JSONFindings(member("dist/app.zip", "conf/key.env"), []string{k})}, nil
			},
		},
		{
			ID: "9o-staged-archive", Point: "new", What: "staged: a .zip with a key",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				b, err := ZipBytes(Member{Name: "conf/key.env", Body: []byte(EnvLine(k))})
				if err != nil {
					return nil, err
				}
				if _, err := e.Repo("r", map[string]string{"README": "hello\n"}); err != nil {
					return nil, err
				}
				e.Write("r/dist/app.zip", string(b))
				if _, err := e.Git("r", "add", "dist/app.zip"); err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"staged", "-f", "json"}, Dir: e.Path("r"), WantExit: []int{1},
					Check: JSONFindings(member("dist/app.zip", "conf/key.env"), []string{k})}, nil
			},
		},
		{
			ID: "9p-no-archives", Point: "new", What: "--no-archives leaves a .zip alone",
			Setup: func(e *Env) (*Invocation, error) {
				b, err := ZipBytes(Member{Name: "conf/key.env", Body: []byte(EnvLine(e.Key("k")))})
				if err != nil {
					return nil, err
				}
				e.Write("d/app.zip", string(b))
				return &Invocation{Args: []string{"scan", "--no-archives", e.Path("d")}, WantExit: []int{0}}, nil
			},
		},
		excludeCase("9q-exclude-testdata", "**/testdata/**", "a/testdata/x.env", "b/app.env"),
		excludeCase("9r-exclude-docs-md", "docs/**/*.md", "docs/a/b/guide.md", "docs/setup.env"),
		{
			ID: "9s-exclude-warns", Point: "new", What: "an --exclude that matched nothing is warned about",
			Setup: func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				e.Write("d/app.env", EnvLine(k))
				return &Invocation{Args: []string{"scan", "--exclude", "nosuchdir/**", "-f", "json", "."}, Dir: e.Path("d"),
					WantExit: []int{1}, Check: All(JSONFindings(Is("app.env"), []string{k}), StderrSays("nosuchdir/**"))}, nil
			},
		},
	}
}

// excludeCase scans a tree with a key at excluded and one at kept, with
// --exclude glob: only kept may be reported.
func excludeCase(id, glob, excluded, kept string) Case {
	return Case{
		ID: id, Point: "new", What: "--exclude '" + glob + "'",
		Setup: func(e *Env) (*Invocation, error) {
			ks := e.Keys("k", 2)
			for i, p := range []string{excluded, kept} {
				content := EnvLine(ks[i])
				if strings.HasSuffix(p, ".md") {
					content = "# Setup\n\n    export " + EnvLine(ks[i])
				}
				e.Write("d/"+p, content)
			}
			return &Invocation{Args: []string{"scan", "--exclude", glob, "-f", "json", "."}, Dir: e.Path("d"),
				WantExit: []int{1}, Check: JSONFindings(Is(kept), ks[1:], func(rep *Report) error {
					if rep.Has(ks[0], Any) {
						return fmt.Errorf("%s is reported though --exclude '%s' matches it", excluded, glob)
					}
					return nil
				})}, nil
		},
	}
}
