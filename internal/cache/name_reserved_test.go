package cache

import (
	"strings"
	"testing"
)

// A name never starts with a Windows device name (CON, NUL, COM1, ...)
// before its first dot: Windows opens the device for "con.example.com_x",
// not a directory.
func TestNameNotWindowsDevice(t *testing.T) {
	for _, url := range []string{
		"https://con.example.com/org/repo",
		"https://NUL.corp/x.git",
		"ssh://git@aux.host/r",
		"git@prn.host:r.git",
		"https://com1.internal/r",
		"https://LPT9/r",
		"/srv/git/nul",
		"nul",
		"CON.git",
	} {
		n := Name(url)
		stem, _, _ := strings.Cut(n, ".")
		stem, _, _ = strings.Cut(stem, "-")
		if windowsDevice(stem) {
			t.Errorf("Name(%q) = %q starts with a Windows device name", url, n)
		}
		if !isName(n) {
			t.Errorf("Name(%q) = %q is not a name prune recognises", url, n)
		}
	}
	if n := Name("https://github.com/org/repo"); !strings.HasPrefix(n, "github.com_org_repo-") {
		t.Errorf("an ordinary name changed: %q", n)
	}
}

func windowsDevice(s string) bool {
	switch strings.ToUpper(strings.TrimRight(s, " ")) {
	case "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		return true
	}
	return false
}
