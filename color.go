package main

// Terminal manners: when the text report on stdout is coloured, and when
// the auto progress line (which rewrites itself with ANSI escapes) may run.

// useColor reports whether the text report on stdout gets ANSI colour.
//
// An explicit --color always or never wins over the environment (a flag
// given for this run is more specific than a variable set for a session,
// as no-color.org asks). Under auto, in this order:
//   - NO_COLOR set to anything non-empty: no colour (no-color.org);
//   - CLICOLOR_FORCE set and not "0": colour, even into a pipe or a file
//     (bixense.com/clicolors), and even under TERM=dumb: it is a request;
//   - TERM=dumb: no colour (the terminal cannot show it);
//   - else colour when stdout is a terminal.
func useColor(mode string, stdoutTTY bool, getenv env) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if getenv("NO_COLOR") != "" {
		return false
	}
	if v := getenv("CLICOLOR_FORCE"); v != "" && v != "0" {
		return true
	}
	if dumbTerminal(getenv) {
		return false
	}
	return stdoutTTY
}

// dumbTerminal reports whether TERM says the terminal understands no
// escape sequences: no colour, and no auto progress line (it erases
// itself with ESC [ K).
func dumbTerminal(getenv env) bool { return getenv("TERM") == "dumb" }

// checkColor validates --color.
func checkColor(mode string) error {
	switch mode {
	case "auto", "always", "never":
		return nil
	}
	return usageErrorf("--color must be auto, always or never, not %q", mode)
}
