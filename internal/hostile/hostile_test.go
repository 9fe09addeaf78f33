package hostile

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The test binary doubles as the child the harness runs: with
// HOSTILE_CHILD set it behaves as told instead of running the tests.
func TestMain(m *testing.M) {
	if mode := os.Getenv("HOSTILE_CHILD"); mode != "" {
		os.Exit(child(mode))
	}
	os.Exit(m.Run())
}

// child runs one behaviour of a fake cambscan and returns its exit code.
func child(mode string) int {
	verb, arg, _ := strings.Cut(mode, ":")
	switch verb {
	case "sleep":
		time.Sleep(time.Minute)
	case "alloc": // touch 16 MiB more every 5 ms, up to 2 GiB
		var keep [][]byte
		for i := 0; i < 128; i++ {
			b := make([]byte, 16<<20)
			for j := range b {
				b[j] = byte(j)
			}
			keep = append(keep, b)
			time.Sleep(5 * time.Millisecond)
		}
		runtime.KeepAlive(keep)
	case "print":
		fmt.Print(arg)
	case "sigint":
		c := make(chan os.Signal, 1)
		signal.Notify(c, os.Interrupt)
		fmt.Println("ready")
		select {
		case <-c:
			return 130
		case <-time.After(time.Minute):
		}
	case "exit":
		n, _ := strconv.Atoi(arg)
		return n
	}
	return 0
}

// noCap is the RSS cap of tests that are not about memory: a -race test
// binary, child or harness, is far bigger than cambscan.
const noCap = 1 << 40

// runChild runs one invocation of the test binary in mode under the
// given limits and returns the outcome.
func runChild(t *testing.T, mode string, c Case, inv Invocation) Outcome {
	t.Helper()
	c.ID, c.Point, c.What = "test-"+strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return '-'
	}, mode), "test", mode
	if c.MaxRSS == 0 {
		c.MaxRSS = noCap
	}
	c.Setup = func(e *Env) (*Invocation, error) {
		inv.Env = append(inv.Env, "HOSTILE_CHILD="+mode)
		if inv.Check == nil {
			inv.Check = func(*Result) error { return nil }
		}
		return &inv, nil
	}
	return runCase(c, Options{Bin: os.Args[0], TmpDir: t.TempDir()})
}

func TestRunTimeoutKillsTheGroup(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("process groups need unix")
	}
	out := runChild(t, "sleep", Case{Timeout: 500 * time.Millisecond}, Invocation{WantExit: []int{0}})
	if out.Verdict != "FAIL" || out.Limit != "timeout" || !strings.Contains(out.Reason, "still running") {
		t.Fatalf("outcome %+v, want a FAIL by timeout", out)
	}
}

func TestRunRSSWatchdog(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the watchdog reads /proc")
	}
	out := runChild(t, "alloc", Case{MaxRSS: 64 << 20, Timeout: 30 * time.Second}, Invocation{WantExit: []int{0}})
	if out.Verdict != "FAIL" || out.Limit != "rss" {
		t.Fatalf("outcome %+v, want a FAIL by the RSS cap", out)
	}
	if out.RSSMiB < 64 || out.RSSMiB > 1024 {
		t.Errorf("peak %.0f MiB, want just over the 64 MiB cap", out.RSSMiB)
	}
}

// TestRSSIsTheChilds checks that the harness's own high-water mark does
// not leak into the child's ru_maxrss (see lowerHWM): what the child
// reports stays well under the harness's peak, though not under its
// current RSS, which is the floor (and large under -race).
func TestRSSIsTheChilds(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ru_maxrss inheritance is a Linux matter")
	}
	big := make([]byte, 200<<20)
	for i := range big {
		big[i] = 1
	}
	runtime.KeepAlive(big)
	big = nil
	peak := selfStatus(t, "VmHWM")
	out := runChild(t, "exit:0", Case{}, Invocation{WantExit: []int{0}})
	if out.Verdict != "PASS" {
		t.Fatalf("outcome %+v", out)
	}
	if out.RSSMiB == 0 || out.RSSMiB > float64(peak>>20)-100 {
		t.Errorf("child's peak RSS %.0f MiB, harness's peak %d MiB: the harness's memory leaked into the child's (or nothing was measured)", out.RSSMiB, peak>>20)
	}
}

// selfStatus reads a size field of /proc/self/status, in bytes.
func selfStatus(t *testing.T, field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n << 10
		}
	}
	t.Skipf("no %s in /proc/self/status", field)
	return 0
}

func TestExitCodes(t *testing.T) {
	if out := runChild(t, "exit:3", Case{}, Invocation{WantExit: []int{3}}); out.Verdict != "PASS" || out.Exit != "3" {
		t.Errorf("outcome %+v, want PASS with exit 3", out)
	}
	if out := runChild(t, "exit:0", Case{}, Invocation{WantExit: []int{1, 2}}); out.Verdict != "FAIL" || !strings.Contains(out.Reason, "exit 0, want 1|2") {
		t.Errorf("outcome %+v, want FAIL on the exit code", out)
	}
}

func TestLeakChecks(t *testing.T) {
	cases := []struct {
		name, print string
		args        []string
		want        string // reason substring; "" for PASS
	}{
		{"key", "found KEY\n", nil, "a whole key"},
		{"upper", "found UPPER\n", nil, "a whole key"},
		{"show", "found KEY\n", []string{"--show-secrets"}, ""},
		{"redacted", "found RED\n", nil, ""},
		{"escape", "name \x1b[2J\n", nil, "raw control byte 0x1b"},
		{"secret", "clone of https://SECRET@host\n", nil, "the secret"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Case{ID: "test-leak-" + tc.name, Point: "test", What: tc.name, MaxRSS: noCap}
			c.Setup = func(e *Env) (*Invocation, error) {
				k := e.Key("k")
				e.Secret("s3cr3t-token")
				text := strings.NewReplacer("KEY", k, "UPPER", strings.ToUpper(k), "RED", Redacted(k), "SECRET", "s3cr3t-token").Replace(tc.print)
				return &Invocation{Args: tc.args, Env: []string{"HOSTILE_CHILD=print:" + text}, WantExit: []int{0}}, nil
			}
			out := runCase(c, Options{Bin: os.Args[0], TmpDir: t.TempDir()})
			if tc.want == "" && out.Verdict != "PASS" || tc.want != "" && !strings.Contains(out.Reason, tc.want) {
				t.Errorf("outcome %+v, want reason %q", out, tc.want)
			}
		})
	}
}

func TestInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals need unix")
	}
	out := runChild(t, "sigint", Case{Timeout: 30 * time.Second}, Invocation{
		WantExit: []int{130},
		During:   signalAfter(300*time.Millisecond, interrupt),
		Check:    within(20 * time.Second), // a hang guard, not a timing test
	})
	if out.Verdict != "PASS" {
		t.Fatalf("outcome %+v, want the child to exit 130 on SIGINT", out)
	}
}

func TestNAStaysNA(t *testing.T) {
	c := Case{ID: "test-na", Point: "test", What: "n/a", Setup: func(*Env) (*Invocation, error) { return nil, needs("a unicorn") }}
	out := runCase(c, Options{Bin: os.Args[0], TmpDir: t.TempDir()})
	if out.Verdict != "n/a" || out.Reason != "needs a unicorn" {
		t.Errorf("outcome %+v", out)
	}
}

// TestPackWriter has git read a pack and index the harness wrote: a blob,
// a ref-delta on it, a tree and a commit, all under their real names.
func TestPackWriter(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	e := &Env{ID: "pack", Dir: t.TempDir()}
	dir, err := e.BareRepo("r.git")
	if err != nil {
		t.Fatal(err)
	}
	base := bytes.Repeat([]byte("line of the base\n"), 5000)
	target := append(append([]byte("head\n"), base[:40000]...), "tail\n"...)
	delta := Delta(int64(len(base)), int64(len(target)),
		DeltaOp{Insert: []byte("head\n")}, DeltaOp{Off: 0, Size: 40000}, DeltaOp{Insert: []byte("tail\n")})
	pw, err := NewPackWriter(dir, 4)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pw.Add("", objBlob, base)
	d := ObjectID("blob", target)
	if err := pw.AddRefDelta(d, b, delta); err != nil {
		t.Fatal(err)
	}
	tree, _ := pw.Add("", objTree, TreeBody(TreeEntry{"100644", "a.txt", b}, TreeEntry{"100644", "b.txt", d}))
	c, _ := pw.Add("", objCommit, CommitBody(tree, nil, "pack\n"))
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := SetRef(dir, "refs/heads/main", c); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) string {
		out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	idx, _ := filepath.Glob(filepath.Join(dir, "objects", "pack", "*.idx"))
	if len(idx) != 1 {
		t.Fatalf("indexes %v", idx)
	}
	git("verify-pack", idx[0])
	git("fsck", "--full", "--strict")
	if got := git("cat-file", "blob", d); got != string(target) {
		t.Errorf("the delta resolves to %d bytes, want %d", len(got), len(target))
	}
	if got := git("rev-parse", "main:b.txt"); strings.TrimSpace(got) != d {
		t.Errorf("main:b.txt = %s, want %s", got, d)
	}
}

// TestCaseTable checks that every point of the issue has cases and that
// IDs are unique and selectable.
func TestCaseTable(t *testing.T) {
	id := regexp.MustCompile(`^[1-9][a-z]-[a-z0-9-]+$`)
	seen := map[string]bool{}
	points := map[string]int{}
	for _, c := range Cases() {
		if !id.MatchString(c.ID) || seen[c.ID] {
			t.Errorf("bad or repeated case ID %q", c.ID)
		}
		seen[c.ID] = true
		points[c.Point]++
		if c.What == "" || c.Setup == nil {
			t.Errorf("%s: no What or no Setup", c.ID)
		}
		if len(c.What) > 60 {
			t.Errorf("%s: What is %d characters; the table wants at most 60", c.ID, len(c.What))
		}
	}
	for _, p := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "new"} {
		if points[p] == 0 {
			t.Errorf("no case for point %s of the issue", p)
		}
	}
	if got := Select(Cases(), regexp.MustCompile(`^1`)); len(got) == 0 || len(got) != points["1"] {
		t.Errorf("Select ^1 gave %d cases, want %d", len(got), points["1"])
	}
}
