package main

import (
	"io"

	"github.com/spf13/pflag"
)

// A command is one entry of cambscan's command table. The shell
// completions and the man page are generated from this table and from the
// flag sets the commands parse with, so they cannot list a flag the
// command does not take; a test checks that the table and the usage text
// name the same commands.
type command struct {
	name     string
	synopsis string   // what follows the name on the command line
	summary  string   // one line, for completions and the man page
	subs     []string // words the first argument may be
	// flags returns the command's flag set, nil when it takes none.
	flags func() *pflag.FlagSet
}

// commands returns the command table, in the order of the usage text.
func commands() []command {
	scanSet := func(cmd string) func() *pflag.FlagSet {
		return func() *pflag.FlagSet { return newFlagSet(cmd, io.Discard, &scanFlags{}) }
	}
	hookSet := func() *pflag.FlagSet { fs, _, _ := hookFlagSet(); return fs }
	preReceiveSet := func() *pflag.FlagSet { fs, _, _, _ := preReceiveFlagSet(); return fs }
	pruneSet := func() *pflag.FlagSet {
		var history, dryRun bool
		return pruneFlagSet(&scanFlags{}, &configFlags{}, &history, &dryRun)
	}
	cmds := []command{
		{"scan", "[flags] [PATH...]", "scan files on disk", nil, scanSet("scan")},
		{"git", "[flags] [REPO|URL...]", "scan every ref and object of git histories", nil, scanSet("git")},
		{"staged", "[flags] [FILE...]", "scan what the staged changes add (pre-commit)", nil, scanSet("staged")},
		{"pre-push", "[flags] [REMOTE [URL]]", "scan the commits a push would send (pre-push)", nil, scanSet("pre-push")},
		{"hook", "install|uninstall|status [--force] [--pre-push]", "manage the git pre-commit or pre-push hook", hookSubcommands(), hookSet},
		{"baseline", "prune [flags] [PATH...]", "drop baseline fingerprints that no finding has any more", []string{"prune"}, pruneSet},
		{"cache", "prune --cache-dir DIR [REPO|URL...]", "drop cached mirrors of repositories no longer listed", []string{"prune"}, func() *pflag.FlagSet {
			var dir, reposFile string
			return cachePruneFlagSet(&dir, &reposFile)
		}},
		{"audit", "report --cache-dir DIR [-f text|json|html] [-o FILE]", "the standing report of leaked keys in a cache", []string{"report"}, func() *pflag.FlagSet {
			var dir, format, out string
			return auditFlagSet(&dir, &format, &out)
		}},
		{"pre-receive", "[flags]", "server hook: reject pushes that add a key", nil, preReceiveSet},
		{"completion", "bash|zsh|fish|powershell", "print a shell completion script", completionShells(), nil},
		{"version", "", "print the version", nil, nil},
		{"help", "[COMMAND|man]", "print this help, a command's, or the man page", nil, nil},
	}
	help := &cmds[len(cmds)-1]
	for _, c := range cmds {
		help.subs = append(help.subs, c.name)
	}
	help.subs = append(help.subs, "man")
	return cmds
}

// flagNames returns the long names of the visible flags of fs and their
// shorthands, "--help" included.
func flagNames(fs *pflag.FlagSet) (long, short []string) {
	if fs == nil {
		return []string{"help"}, []string{"h"}
	}
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		long = append(long, f.Name)
		if f.Shorthand != "" {
			short = append(short, f.Shorthand)
		}
	})
	return append(long, "help"), append(short, "h")
}
