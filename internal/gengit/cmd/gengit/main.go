// Command gengit builds a realistic git history with planted fake CAMB keys
// for benchmarks, and prints what a history scan must find as JSON.
//
//	go run ./internal/gengit/cmd/gengit -commits 5000 -files 1500 -keys 20 /tmp/bench.git
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/cambscan/cambscan/internal/gengit"
)

func main() {
	var o gengit.Options
	flag.IntVar(&o.Commits, "commits", 1000, "commits on all branches together")
	flag.IntVar(&o.Files, "files", 300, "files in the first commit")
	flag.IntVar(&o.Keys, "keys", 8, "fake keys to plant")
	flag.Int64Var(&o.Seed, "seed", 1, "random seed")
	flag.StringVar(&o.Source, "source", "", "directory of text files to replay (default $(go env GOROOT)/src)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: gengit [flags] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	repo, err := gengit.Generate(context.Background(), flag.Arg(0), o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gengit:", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(repo)
}
