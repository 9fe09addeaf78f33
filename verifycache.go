package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/cambscan/cambscan/internal/cache"
	"github.com/cambscan/cambscan/internal/redact"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/verify"
)

// checkVerifyMaxAge validates --verify-max-age: it reuses results of the
// cache, so it needs --cache-dir, and only means something with --verify.
func checkVerifyMaxAge(f *scanFlags) error {
	switch {
	case f.verifyMaxAge < 0:
		return usageErrorf("--verify-max-age must not be negative, not %s", f.verifyMaxAge)
	case f.verifyMaxAge == 0:
		return nil
	case f.cacheDir == "":
		return usageErrorf("--verify-max-age needs --cache-dir: the results it reuses are kept there")
	case !f.verify:
		return usageErrorf("--verify-max-age needs --verify: without a probe there is no result to reuse")
	}
	return nil
}

// verifyChecker returns the Checker of a run's --verify: probe itself,
// or with --cache-dir a cachedChecker that keeps every result in the
// cache (for `audit report`) and reuses those younger than
// --verify-max-age.
func verifyChecker(c *config, probe *verify.Client, stderr io.Writer) scanner.Checker {
	if c.gitCache == nil {
		return probe
	}
	return &cachedChecker{probe: probe, c: c.gitCache.c, maxAge: c.flags.verifyMaxAge, now: time.Now, stderr: stderr, quiet: c.flags.quiet}
}

// A cachedChecker probes a key unless the cache holds a definite result
// (live or revoked) younger than maxAge, and keeps what it probed under
// the key's SHA-256. Unknown results (a timeout, a rate limit) are never
// reused, and never replace a definite result: the cache answers "what
// was this key last known to be", which a failed probe does not change.
// Each unique key of a run reaches Check once (scanner.Verify, and
// verify.Client's single flight), so each is probed at most once a run.
type cachedChecker struct {
	probe  scanner.Checker
	c      *cache.Cache
	maxAge time.Duration
	now    func() time.Time
	stderr io.Writer
	quiet  bool
	once   sync.Once // the warning of a result that could not be kept
}

// definite reports whether status says something about the key itself.
func definite(status string) bool {
	return status == string(verify.Live) || status == string(verify.Revoked)
}

// Check returns the key's liveness, from the cache when fresh enough.
func (k *cachedChecker) Check(ctx context.Context, key string) verify.Result {
	sum := sha256.Sum256([]byte(key))
	sha := hex.EncodeToString(sum[:])
	old, had := k.c.Liveness(sha)
	if had && k.maxAge > 0 && definite(old.Status) {
		if age := k.now().Sub(old.CheckedAt); age >= 0 && age < k.maxAge {
			return verify.Result{Status: verify.Status(old.Status), HTTPStatus: old.HTTPStatus, Reason: old.Reason, CheckedAt: old.CheckedAt}
		}
	}
	res := k.probe.Check(ctx, key)
	if ctx.Err() != nil && res.Status == verify.Unknown {
		return res // cut short: nothing was learned
	}
	if res.Status == verify.Unknown && had && definite(old.Status) {
		return res
	}
	err := k.c.PutLiveness(sha, cache.Liveness{Status: string(res.Status), HTTPStatus: res.HTTPStatus, Reason: res.Reason, CheckedAt: res.CheckedAt.UTC()})
	if err != nil && !k.quiet {
		k.once.Do(func() {
			fmt.Fprintf(k.stderr, "cambscan: --cache-dir: a liveness result was not kept: %s\n", redact.Escape(err.Error()))
		})
	}
	return res
}
