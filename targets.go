package main

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/cambscan/cambscan/internal/safefile"
)

// gitTargets returns the repositories of a git scan: the arguments and the
// lines of --repos-file, then the --shard share of them.
//
// With a listing flag (--github-org...) the share is taken later, by
// resolveListings, over the arguments and the listed repositories; an
// empty list then does not default to ".".
func gitTargets(f *scanFlags, args []string) ([]string, error) {
	if err := checkListFlags(&f.list); err != nil {
		return nil, err
	}
	targets := append([]string(nil), args...)
	if f.reposFile != "" {
		lines, err := readReposFile(f.reposFile)
		if err != nil {
			return nil, usageErrorf("--repos-file: %v", err)
		}
		targets = append(targets, lines...)
		if len(targets) == 0 {
			return nil, usageErrorf("--repos-file %s lists no repository", f.reposFile)
		}
	}
	if f.shard == "" {
		return targets, nil
	}
	i, n, err := parseShard(f.shard)
	if err != nil {
		return nil, usageErrorf("--shard: %v", err)
	}
	if f.list.any() {
		return targets, nil
	}
	if len(targets) == 0 {
		targets = []string{"."}
	}
	return shard(targets, i, n), nil
}

// readReposFile returns the repositories a --repos-file lists, one a line;
// blank lines and lines starting with # are left out. The file must be a
// regular file (a FIFO or a device is refused without blocking) of at most
// safefile.ListCap bytes.
func readReposFile(name string) ([]string, error) {
	fh, st, err := safefile.Open(name, safefile.Options{})
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	if st.Size() > safefile.ListCap {
		return nil, fmt.Errorf("%s: %d bytes, over the %d MiB limit for a repository list", name, st.Size(), safefile.ListCap>>20)
	}
	var lines []string
	sc := bufio.NewScanner(safefile.LimitReader(fh, name, safefile.ListCap))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return lines, nil
}

// parseShard parses "I/N" with 0 <= I < N.
func parseShard(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("%q is not I/N with 0 <= I < N", s)
	}
	return i, n, nil
}

// shard returns the targets whose FNV-1a hash is i modulo n: a
// deterministic share that does not move when other lines are added.
func shard(targets []string, i, n int) []string {
	var out []string
	for _, t := range targets {
		h := fnv.New32a()
		h.Write([]byte(t))
		if int(h.Sum32()%uint32(n)) == i {
			out = append(out, t)
		}
	}
	return out
}
