// Package cache is the on-disk cache of `cambscan git --cache-dir`: a bare
// mirror per repository URL, the set of blobs already scanned under each
// rules version (shared by every repository of the cache, so a blob that
// a thousand forks share is read once), and a record per repository of
// the findings reported, with when each was first and last seen.
//
// # Layout
//
//	DIR/mirrors/NAME.git        bare mirror of one URL (+refs/*:refs/*)
//	DIR/locks/NAME.lock         lock of that repository (mirror and record)
//	DIR/blobs/VERSION/seg-*.ids sorted 20-byte ids of blobs scanned clean
//	DIR/records/NAME.json       findings of the repository, no keys
//	DIR/verify/SHA256.json      last liveness probe of a key, by its SHA-256
//
// NAME is the URL's host and path, sanitised, plus 128 bits of a hash of
// the URL without its userinfo (see [Name]). Every directory is 0700 and every
// file 0600: the mirrors hold whatever the repositories hold, keys too.
// Files are written to a temporary name and renamed, so a killed run
// leaves the previous state or the new one, never half of one.
//
// The package does no git work itself: scanner/history clones and fetches
// the mirrors; the caller holds the repository's [Lock] meanwhile.
package cache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A Cache is an open cache directory. It is safe for concurrent use, and
// other processes may use the same directory at the same time.
type Cache struct {
	dir string
}

// Open opens the cache directory dir, creating it (0700) if needed.
func Open(dir string) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("empty cache directory")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for _, d := range []string{abs, filepath.Join(abs, "mirrors"), filepath.Join(abs, "locks"), filepath.Join(abs, "blobs"), filepath.Join(abs, "records")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("cache directory: %w", err)
		}
	}
	return &Cache{dir: abs}, nil
}

// Dir returns the cache's absolute directory.
func (c *Cache) Dir() string { return c.dir }

// MirrorDir returns the directory of the mirror of url (which need not
// exist yet).
func (c *Cache) MirrorDir(url string) string {
	return filepath.Join(c.dir, "mirrors", Name(url)+".git")
}

// MirrorsDir is the directory that holds the mirrors: temporary clones
// are made there, so that renaming one into place is atomic.
func (c *Cache) MirrorsDir() string { return filepath.Join(c.dir, "mirrors") }

// recordPath is the findings record of target.
func (c *Cache) recordPath(target string) string {
	return filepath.Join(c.dir, "records", Name(target)+".json")
}

// LockRepo takes the lock of target's entry (its mirror and its record),
// waiting while another run holds it, until ctx ends.
func (c *Cache) LockRepo(ctx context.Context, target string) (*Lock, error) {
	return lockFile(ctx, filepath.Join(c.dir, "locks", Name(target)+".lock"))
}

// maxNameLen bounds the readable part of a name.
const maxNameLen = 80

// nameHashLen is the number of hex digits of the URL's SHA-256 in a name:
// 128 bits, so that no one can make two repository names share a mirror
// or a record (48 bits took about 2^48 tries).
const nameHashLen = 32

// Name returns the cache name of a repository URL or path: its host and
// path with every byte outside [A-Za-z0-9._-] turned into "_", at most
// maxNameLen bytes (and "_" before a Windows device name), then "-" and
// the first nameHashLen (32) hex digits of the SHA-256 of the URL without
// its userinfo.
// The userinfo (a token) is never part of it, and two URLs that differ
// only in it share a mirror.
func Name(url string) string {
	clean := StripUserinfo(url)
	sum := sha256.Sum256([]byte(clean))
	readable := clean
	if i := strings.Index(readable, "://"); i >= 0 {
		readable = readable[i+3:]
	} else if at := strings.IndexByte(readable, '@'); at >= 0 && !strings.ContainsAny(readable[:at], "/\\") {
		readable = readable[at+1:] // git@host:path
	}
	readable = strings.TrimSuffix(strings.TrimRight(readable, "/"), ".git")
	b := []byte(readable)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	readable = strings.Trim(string(b), "._")
	if len(readable) > maxNameLen {
		readable = readable[:maxNameLen]
	}
	if readable == "" {
		readable = "repo"
	}
	if stem, _, _ := strings.Cut(readable, "."); isDevice(stem) {
		readable = "_" + readable // Windows would open the device
	}
	return readable + "-" + hex.EncodeToString(sum[:nameHashLen/2])
}

// isDevice reports whether s is a name Windows reserves for a device
// (CON, PRN, AUX, NUL, COM0-9, LPT0-9), in any case; "nul.tar.gz" opens
// the device too, so the part of a name before its first dot counts.
func isDevice(s string) bool {
	switch u := strings.ToUpper(s); {
	case u == "CON" || u == "PRN" || u == "AUX" || u == "NUL":
		return true
	case len(u) == 4 && (u[:3] == "COM" || u[:3] == "LPT") && u[3] >= '0' && u[3] <= '9':
		return true
	}
	return false
}

// StripUserinfo returns url without the userinfo of its authority
// (scheme://user:token@host/... becomes scheme://host/...); scp-like
// addresses and paths are returned as they are.
func StripUserinfo(url string) string {
	i := strings.Index(url, "://")
	if i < 0 {
		return url
	}
	start := i + 3
	end := len(url)
	if j := strings.IndexAny(url[start:], "/?#"); j >= 0 {
		end = start + j
	}
	at := strings.LastIndexByte(url[start:end], '@')
	if at < 0 {
		return url
	}
	return url[:start] + url[start+at+1:]
}

// isName reports whether name has the shape Name gives: [A-Za-z0-9._-]
// bytes, "-" and nameHashLen lower-case hex digits.
func isName(name string) bool {
	readable, sum, ok := cutLast(name, '-')
	if !ok || len(sum) != nameHashLen || len(readable) > maxNameLen+1 {
		return false
	}
	for i := 0; i < len(sum); i++ {
		if c := sum[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	for i := 0; i < len(readable); i++ {
		if c := readable[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return readable != "" && !strings.HasPrefix(readable, ".")
}

func cutLast(s string, sep byte) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// ownEntry reports whether e is of the kind the cache makes: a directory
// (a mirror) or a regular file (a record); never a symbolic link.
func ownEntry(e fs.DirEntry, dir bool) bool {
	if dir {
		return e.Type()&fs.ModeType == fs.ModeDir
	}
	return e.Type().IsRegular()
}

// Prune removes the mirrors and records of repositories not in keep (URLs
// or paths as given to the scan), and returns the names of the mirrors it
// removed. It waits for a run that holds a repository's lock. It removes
// only entries the cache makes (named as Name names them, a directory for
// a mirror, a regular file for a record), and never follows a link.
func (c *Cache) Prune(ctx context.Context, keep []string) ([]string, error) {
	want := map[string]bool{}
	for _, k := range keep {
		want[Name(k)] = true
	}
	var removed []string
	for _, sub := range []struct{ dir, ext string }{{"mirrors", ".git"}, {"records", ".json"}} {
		entries, err := os.ReadDir(filepath.Join(c.dir, sub.dir))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
		for _, e := range entries {
			name, ok := strings.CutSuffix(e.Name(), sub.ext)
			if !ok || want[name] || !isName(name) || !ownEntry(e, sub.dir == "mirrors") {
				continue
			}
			if err := ctx.Err(); err != nil {
				return removed, err
			}
			l, err := lockFile(ctx, filepath.Join(c.dir, "locks", name+".lock"))
			if err != nil {
				return removed, err
			}
			err = os.RemoveAll(filepath.Join(c.dir, sub.dir, e.Name()))
			l.Unlock()
			if err != nil {
				return removed, err
			}
			if sub.dir == "mirrors" {
				removed = append(removed, name)
			}
		}
	}
	return removed, nil
}
