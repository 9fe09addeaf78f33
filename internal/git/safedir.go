package git

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cambscan/cambscan/internal/safefile"
)

// A DubiousOwnershipError is a repository found by searching (not named
// with GIT_DIR) whose work tree, .git file or git directory another user
// owns, and which no safe.directory entry of the protected git
// configuration (system, global, command line) lists: git refuses such a
// repository since 2.35.2, because its config and hooks are another user's
// (CVE-2022-24765). Callers must not read its info/exclude or config.
type DubiousOwnershipError struct {
	// Path identifies the repository for safe.directory: the top of its
	// work tree, or its git directory when it is bare.
	Path string
	// Owned is the path that another user owns.
	Owned string
}

func (e *DubiousOwnershipError) Error() string {
	return fmt.Sprintf("detected dubious ownership in repository at '%s' (%s is owned by another user); "+
		"to add an exception for this directory, call: git config --global --add safe.directory %s", e.Path, e.Owned, e.Path)
}

// checkOwnership applies git's safe.directory rule (setup.c,
// ensure_valid_ownership) to a repository that discovery found: gitFile
// ("" when none), top ("" when bare) and gitDir must belong to the current
// user, unless the protected configuration lists the repository.
func checkOwnership(gitFile, top, gitDir string, getenv func(string) string) error {
	owned := ""
	for _, p := range []string{gitFile, top, gitDir} {
		if p != "" && !ownedByCurrentUser(p, getenv) {
			owned = p
			break
		}
	}
	if owned == "" {
		return nil
	}
	id := top
	if id == "" {
		id = gitDir
	}
	if real, err := filepath.EvalSymlinks(id); err == nil {
		id = real
	}
	if safeDirectory(id, getenv) {
		return nil
	}
	return &DubiousOwnershipError{Path: id, Owned: owned}
}

// ownedByCurrentUser is git's is_path_owned_by_current_uid: lstat's owner
// is the effective user; as root, a root-owned path or one owned by
// SUDO_UID (the user who ran sudo) also counts.
func ownedByCurrentUser(path string, getenv func(string) string) bool {
	fi, err := os.Lstat(path)
	if err != nil {
		return false
	}
	uid, ok := safefile.Owner(fi)
	if !ok {
		return true // not checked on this system
	}
	euid := os.Geteuid()
	if euid == 0 {
		if uid == 0 {
			return true
		}
		if s, err := strconv.Atoi(getenv("SUDO_UID")); err == nil {
			euid = s
		}
	}
	return uid == euid
}

// safeDirectory reports whether the safe.directory values of the
// protected configuration, in git's order (system, global, then the
// command line's GIT_CONFIG_COUNT and GIT_CONFIG_PARAMETERS), end up
// listing path: "*" trusts everything, an empty value resets the list, a
// value ending in "/*" trusts what is under it, "~/" is the home
// directory. include.path is not followed.
func safeDirectory(path string, getenv func(string) string) bool {
	var values []string
	if getenv("GIT_CONFIG_NOSYSTEM") == "" {
		sys := getenv("GIT_CONFIG_SYSTEM")
		if sys == "" {
			sys = "/etc/gitconfig"
		}
		values = append(values, configValues(sys, "safe", "directory")...)
	}
	home := getenv("HOME")
	if g := getenv("GIT_CONFIG_GLOBAL"); g != "" {
		values = append(values, configValues(g, "safe", "directory")...)
	} else {
		xdg := getenv("XDG_CONFIG_HOME")
		if xdg == "" && home != "" {
			xdg = filepath.Join(home, ".config")
		}
		if xdg != "" {
			values = append(values, configValues(filepath.Join(xdg, "git", "config"), "safe", "directory")...)
		}
		if home != "" {
			values = append(values, configValues(filepath.Join(home, ".gitconfig"), "safe", "directory")...)
		}
	}
	if n, err := strconv.Atoi(getenv("GIT_CONFIG_COUNT")); err == nil {
		for i := range min(n, 1000) {
			if strings.EqualFold(getenv(fmt.Sprintf("GIT_CONFIG_KEY_%d", i)), "safe.directory") {
				values = append(values, getenv(fmt.Sprintf("GIT_CONFIG_VALUE_%d", i)))
			}
		}
	}
	for _, kv := range configParameters(getenv("GIT_CONFIG_PARAMETERS")) {
		if strings.EqualFold(kv[0], "safe.directory") {
			values = append(values, kv[1])
		}
	}
	safe := false
	for _, v := range values {
		switch {
		case v == "":
			safe = false
		case v == "*":
			safe = true
		default:
			if strings.HasPrefix(v, "~/") && home != "" {
				v = filepath.Join(home, v[2:])
			}
			if prefix, ok := strings.CutSuffix(v, "/*"); ok {
				if p := filepath.Clean(prefix); path == p || strings.HasPrefix(path, p+string(filepath.Separator)) {
					safe = true
				}
				continue
			}
			v = filepath.Clean(v)
			if real, err := filepath.EvalSymlinks(v); err == nil {
				v = real
			}
			if v == path {
				safe = true
			}
		}
	}
	return safe
}

// configValues returns every value of section.key in the git config file
// name, in order: enough of git's syntax for safe.directory (sections
// with subsections are skipped, a value may be double-quoted, a key
// without a value is the empty string). The file is read through
// safefile (regular, size-capped).
func configValues(name, section, key string) []string {
	data, err := safefile.ReadFile(name, safefile.MetaCap, safefile.Options{})
	if err != nil {
		return nil
	}
	var out []string
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				in = false
				continue
			}
			in = strings.EqualFold(strings.TrimSpace(line[1:end]), section)
			line = strings.TrimSpace(line[end+1:]) // "[safe] directory = x"
		}
		if !in || line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		k, v, hasValue := strings.Cut(line, "=")
		if !strings.EqualFold(strings.TrimSpace(k), key) {
			continue
		}
		if !hasValue {
			out = append(out, "")
			continue
		}
		out = append(out, configValue(v))
	}
	return out
}

// configValue unquotes a config value and drops a trailing comment.
func configValue(v string) string {
	var b strings.Builder
	quoted := false
	v = strings.TrimSpace(v)
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"':
			quoted = !quoted
		case c == '\\' && i+1 < len(v):
			i++
			switch v[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(v[i])
			}
		case (c == '#' || c == ';') && !quoted:
			return strings.TrimSpace(b.String())
		default:
			b.WriteByte(c)
		}
	}
	return strings.TrimSpace(b.String())
}

// configParameters parses GIT_CONFIG_PARAMETERS, what `git -c k=v` passes
// to the commands and hooks it runs: shell single-quoted words separated
// by spaces, each 'key=value' or 'key'='value'.
func configParameters(s string) [][2]string {
	var out [][2]string
	for s = strings.TrimLeft(s, " "); s != ""; s = strings.TrimLeft(s, " ") {
		key, rest, ok := sqWord(s)
		if !ok {
			return out
		}
		var value string
		if strings.HasPrefix(rest, "=") {
			if value, rest, ok = sqWord(rest[1:]); !ok {
				return out
			}
		} else {
			key, value, _ = strings.Cut(key, "=")
		}
		out = append(out, [2]string{key, value})
		s = rest
	}
	return out
}

// sqWord reads one single-quoted word from the start of s and returns it
// and the rest; a quote inside the word is written as a backslash-escaped
// quote between two quoted parts, as git's sq_quote does.
func sqWord(s string) (word, rest string, ok bool) {
	var b strings.Builder
	for strings.HasPrefix(s, "'") {
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 {
			return "", "", false
		}
		b.WriteString(s[1 : 1+end])
		s = s[2+end:]
		if !strings.HasPrefix(s, `\'`) {
			return b.String(), s, true
		}
		b.WriteByte('\'')
		s = s[2:]
	}
	return "", "", false
}
