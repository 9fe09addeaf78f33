package redact

import "strings"

// DropUserinfo returns s with the userinfo of every URL in it removed:
// https://x-access-token:TOKEN@host/org/repo.git becomes
// https://host/org/repo.git, also inside a longer text such as an error
// message that quotes the URL. A URL is found by its "://" after a
// scheme; its authority runs to the first "/", "?", "#", white space,
// control character, quote, angle bracket or backslash (none of which
// RFC 3986 allows in userinfo unescaped), and everything in it up to the
// last "@" is userinfo, so an unescaped "@" in a user name does not leave
// half of it behind. A user name alone is dropped too: a token often is
// one (https://TOKEN@host/...). scp-like addresses (git@host:org/repo)
// have no "://" and keep their user: it names an account, not a secret.
// DropUserinfo returns s itself when it holds no userinfo.
func DropUserinfo(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	done := 0 // s[:done] is written to b
	for from := 0; ; {
		i := strings.Index(s[from:], "://")
		if i < 0 {
			break
		}
		i += from
		start := i + 3 // the authority
		from = start
		if i == 0 || !isSchemeByte(s[i-1]) {
			continue
		}
		end := start
		for end < len(s) && !endsAuthority(s[end]) {
			end++
		}
		at := strings.LastIndexByte(s[start:end], '@')
		if at < 0 {
			continue
		}
		b.WriteString(s[done:start])
		done = start + at + 1
		from = done
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

func isSchemeByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'
}

// endsAuthority reports whether c cannot be part of a URL's authority
// (RFC 3986 excludes it from userinfo and host).
func endsAuthority(c byte) bool {
	if c <= ' ' || c == 0x7f {
		return true
	}
	return strings.IndexByte("/?#\"<>`\\{}|^", c) >= 0
}
