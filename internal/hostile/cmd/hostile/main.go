// Command hostile runs the hostile-input cases of issue 10 against a
// cambscan binary and prints, for each, the exit code, wall time, peak RSS
// and a PASS or FAIL verdict with its reason.
//
//	go run ./internal/hostile/cmd/hostile -bin ./cambscan [-run REGEXP] [-json]
//
// scripts/hostile.sh builds cambscan and runs this. The exit status is 1
// when a case fails, 2 on a usage error.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/cambscan/cambscan/internal/hostile"
)

func main() { os.Exit(run()) }

func run() int {
	var (
		bin    = flag.String("bin", os.Getenv("CAMBSCAN"), "the cambscan binary to test (default $CAMBSCAN)")
		sel    = flag.String("run", "", "run only the cases whose ID matches `REGEXP`")
		asJSON = flag.Bool("json", false, "print the outcomes as JSON instead of a table")
		before = flag.String("before", "", "add the verdict, time and RSS of each case from an earlier -json `FILE`")
		save   = flag.String("save", "", "also write the outcomes as JSON to `FILE` (for a later -before)")
		list   = flag.Bool("list", false, "list the cases and exit")
		keep   = flag.Bool("keep", false, "keep each case's temporary directory")
		tmp    = flag.String("tmp", "", "parent `DIR` of the case directories (default $TMPDIR)")
		scale  = flag.Float64("timeout-scale", 1, "multiply every case's timeout by `F` (slow machines)")
		kscale = flag.Float64("kill-scale", 1, "let a child reach `F` times its RSS cap before killing it, to measure how far over it goes (verdicts still use the cap)")
		big    = flag.String("big-repo", "", "a large repository `DIR` for case 8m (e.g. made by internal/gengit); 8m is n/a without it")
		quiet  = flag.Bool("q", false, "no progress lines on stderr")
		verb   = flag.Bool("v", false, "show the first line of each child's stderr in the progress lines")
	)
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		return 2
	}
	var re *regexp.Regexp
	if *sel != "" {
		var err error
		if re, err = regexp.Compile(*sel); err != nil {
			fmt.Fprintln(os.Stderr, "hostile: -run:", err)
			return 2
		}
	}
	cases := hostile.Select(hostile.Cases(), re)
	if *list {
		for _, c := range cases {
			fmt.Printf("%-28s %-4s %s\n", c.ID, c.Point, c.What)
		}
		return 0
	}
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "hostile: no binary: pass -bin or set CAMBSCAN")
		return 2
	}
	abs, err := filepath.Abs(*bin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hostile:", err)
		return 2
	}
	var prev map[string]hostile.Outcome
	if *before != "" {
		if prev, err = hostile.ReadJSON(*before); err != nil {
			fmt.Fprintln(os.Stderr, "hostile: -before:", err)
			return 2
		}
	}
	ver, _ := exec.Command(abs, "version").Output()
	gitVer, _ := exec.Command("git", "version").Output()
	header := fmt.Sprintf("# hostile-input harness, %s\n# binary %s (%s)\n# %s, %s/%s, %d CPUs\n",
		time.Now().UTC().Format(time.RFC3339), abs, strings.TrimSpace(string(ver)),
		strings.TrimSpace(string(gitVer)), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	o := hostile.Options{Bin: abs, Keep: *keep, TmpDir: *tmp, Scale: *scale, KillScale: *kscale, BigRepo: *big}
	if !*quiet {
		fmt.Fprint(os.Stderr, header)
		o.Progress = func(out hostile.Outcome) {
			fmt.Fprintf(os.Stderr, "%-4s %-28s exit %s/%s  %.2fs  %.0fMiB  %s\n",
				out.Verdict, out.ID, out.Exit, out.WantExit, out.WallSec, out.RSSMiB, out.Reason)
			if *verb && out.Stderr != "" {
				fmt.Fprintf(os.Stderr, "     stderr: %s\n", out.Stderr)
			}
		}
	}
	outs := hostile.RunAll(cases, o)
	if *asJSON {
		err = hostile.WriteJSON(os.Stdout, outs)
	} else {
		fmt.Print(header + "\n")
		err = hostile.WriteTable(os.Stdout, outs, prev)
	}
	if err == nil && *save != "" {
		var f *os.File
		if f, err = os.Create(*save); err == nil {
			err = hostile.WriteJSON(f, outs)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hostile:", err)
		return 2
	}
	if _, fail, _ := hostile.Counts(outs); fail > 0 {
		return 1
	}
	return 0
}
