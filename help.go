package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// helpWidth is the width help text is wrapped to: a standard terminal, and
// what git, go and ripgrep keep their help within.
const helpWidth = 80

// flagHelp lists the flags of fs, one entry a flag, descriptions aligned
// in a column and wrapped to width, like pflag's FlagUsagesWrapped but
// without its "[=true|false]" after every switch (cambscan's boolean flags
// are plain switches) and with a column as wide as the longest flag needs.
// A word longer than the column is never broken (none is).
func flagHelp(fs *pflag.FlagSet, width int) string {
	type entry struct{ left, desc string }
	var entries []entry
	col := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		e := entry{left: flagSpec(f), desc: flagDesc(f)}
		col = max(col, len(e.left))
		entries = append(entries, e)
	})
	col += 3
	var b strings.Builder
	for _, e := range entries {
		b.WriteString(e.left)
		b.WriteString(strings.Repeat(" ", col-len(e.left)))
		b.WriteString(wrapText(e.desc, width-col, strings.Repeat(" ", col)))
		b.WriteByte('\n')
	}
	return b.String()
}

// flagSpec is the left column of a flag: "  -f, --format string" or
// "      --baseline FILE"; switches have no value name.
func flagSpec(f *pflag.Flag) string {
	s := "      --" + f.Name
	if f.Shorthand != "" {
		s = "  -" + f.Shorthand + ", --" + f.Name
	}
	if name := flagValueName(f); name != "" {
		s += " " + name
	}
	return s
}

// flagValueName is the placeholder of a flag's value ("FILE", "string",
// "int"), or "" for a switch.
func flagValueName(f *pflag.Flag) string {
	if f.Value.Type() == "bool" {
		return ""
	}
	name, _ := pflag.UnquoteUsage(f)
	return name
}

// flagDesc is a flag's usage text with its default when that is not the
// zero value.
func flagDesc(f *pflag.Flag) string {
	_, usage := pflag.UnquoteUsage(f)
	switch f.DefValue {
	case "", "false", "0", "[]":
		return usage
	}
	if f.Value.Type() == "string" {
		return fmt.Sprintf("%s (default %q)", usage, f.DefValue)
	}
	return fmt.Sprintf("%s (default %s)", usage, f.DefValue)
}

// wrapText breaks s at spaces into lines of at most width characters;
// lines after the first start with indent.
func wrapText(s string, width int, indent string) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		switch {
		case i == 0:
		case n+1+len(w) > width:
			b.WriteString("\n" + indent)
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// runHelp is 'cambscan help [COMMAND|man]': the usage text, the help of
// one command, or the man page.
func runHelp(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usageText)
		return nil
	}
	if len(args) > 1 {
		return usageErrorf("help takes one argument, a command or man; got %d", len(args))
	}
	switch name := args[0]; name {
	case "-h", "--help":
		fmt.Fprint(stdout, usageText)
	case "man":
		return writeMan(stdout)
	case "scan", "git", "staged", "pre-push":
		printCommandUsage(stdout, name, newFlagSet(name, io.Discard, &scanFlags{}))
	case "hook":
		fmt.Fprint(stdout, hookUsage)
	case "completion":
		fmt.Fprint(stdout, completionUsage)
	case "baseline":
		var history, dryRun bool
		fmt.Fprint(stdout, pruneUsage+flagHelp(pruneFlagSet(&scanFlags{}, &configFlags{}, &history, &dryRun), helpWidth))
	case "cache":
		var dir, reposFile string
		fmt.Fprint(stdout, cachePruneUsage+flagHelp(cachePruneFlagSet(&dir, &reposFile), helpWidth))
	case "audit":
		var dir, format, out string
		fmt.Fprint(stdout, auditReportUsage+flagHelp(auditFlagSet(&dir, &format, &out), helpWidth))
	case "pre-receive":
		fs, _, _, _ := preReceiveFlagSet()
		fmt.Fprint(stdout, preReceiveUsage+flagHelp(fs, helpWidth))
	case "version", "help":
		fmt.Fprint(stdout, usageText)
	default:
		return unknownCommand(name)
	}
	return nil
}
