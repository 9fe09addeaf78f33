package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/cambscan/cambscan/internal/cache"
	"github.com/cambscan/cambscan/internal/redact"
)

const cachePruneUsage = `Usage: cambscan cache prune --cache-dir DIR [REPO|URL...] [--repos-file FILE]

Remove from the cache of 'cambscan git --cache-dir' the mirrors and records
of the repositories no longer listed: those not among the arguments and the
lines of --repos-file. The blobs already scanned stay known. A repository a
running scan holds is removed once that scan lets it go.

Flags:
`

// cachePruneFlagSet returns the flags of 'cache prune'.
func cachePruneFlagSet(dir, reposFile *string) *pflag.FlagSet {
	fs := pflag.NewFlagSet("cambscan cache prune", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.StringVar(dir, "cache-dir", "", "the cache `DIR` of 'cambscan git --cache-dir'")
	fs.StringVar(reposFile, "repos-file", "", "read the repositories to keep from `FILE`, one path or URL a line")
	return fs
}

// runCache is 'cambscan cache SUBCOMMAND'; prune is the only one.
func runCache(ctx context.Context, args []string, stdout io.Writer) error {
	var dir, reposFile string
	fs := cachePruneFlagSet(&dir, &reposFile)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprint(stdout, cachePruneUsage+flagHelp(fs, helpWidth))
		return errHelp
	}
	if len(args) == 0 || args[0] != "prune" {
		sub := ""
		if len(args) > 0 {
			sub = args[0]
		}
		return usageErrorf("cache: unknown subcommand %q (want prune)%s", sub, didYouMean(sub, []string{"prune"}, "%q"))
	}
	if err := fs.Parse(args[1:]); err != nil {
		if err == pflag.ErrHelp {
			fmt.Fprint(stdout, cachePruneUsage+flagHelp(fs, helpWidth))
			return errHelp
		}
		return usageErrorf("%v", err)
	}
	if dir == "" {
		return usageErrorf("cache prune: --cache-dir is required")
	}
	keep := fs.Args()
	if reposFile != "" {
		lines, err := readReposFile(reposFile)
		if err != nil {
			return usageErrorf("--repos-file: %v", err)
		}
		keep = append(keep, lines...)
	}
	if len(keep) == 0 {
		return usageErrorf("cache prune: no repository listed: give the repositories to keep (arguments or --repos-file)")
	}
	c, err := cache.Open(dir)
	if err != nil {
		return &exitError{code: 2, msg: "--cache-dir: " + redact.Escape(err.Error())}
	}
	removed, err := c.Prune(ctx, keep)
	for _, name := range removed {
		fmt.Fprintf(stdout, "removed %s\n", redact.Escape(name))
	}
	if err != nil {
		return &exitError{code: 2, msg: "cache prune: " + redact.Escape(err.Error())}
	}
	return nil
}
