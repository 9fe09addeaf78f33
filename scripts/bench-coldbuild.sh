#!/usr/bin/env bash
# Cold-build cost of cambscan at one or more revisions, side by side: what a
# developer's first `pre-commit` run or `go install` pays (issues 13 and 14).
# Each revision is exported with `git archive` and built with empty module and
# build caches (modules from $GOPROXY); the script prints wall time, CPU time
# (user+sys), the bytes downloaded and the module cache size, with the load
# average before and after. Revisions alternate when RUNS > 1.
#
#   scripts/bench-coldbuild.sh 6b54cd4 HEAD
#   RUNS=2 scripts/bench-coldbuild.sh v0.1.0 HEAD
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- HEAD
RUNS=${RUNS:-1}
work=$(mktemp -d /tmp/bench-coldbuild.XXXXXX)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
echo "load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
printf '%-14s %8s %8s %10s %10s\n' revision wall_s cpu_s download_MB modcache_MB
for run in $(seq "$RUNS"); do
  for rev in "$@"; do
    d="$work/$run-$(echo "$rev" | tr -c 'A-Za-z0-9._-' _)"
    mkdir -p "$d/src" "$d/mod" "$d/cache"
    git archive "$rev" | tar -x -C "$d/src"
    start=$(date +%s.%N)
    ( cd "$d/src" && GOMODCACHE="$d/mod" GOCACHE="$d/cache" GOFLAGS=-modcacherw \
        /usr/bin/time -f '%U %S' -o "$d/time" go build -o "$d/cambscan" . )
    end=$(date +%s.%N)
    cpu=$(awk '{print $1 + $2}' "$d/time")
    dl=$(du -sm "$d/mod/cache/download" | cut -f1)
    mc=$(du -sm "$d/mod" | cut -f1)
    printf '%-14s %8.1f %8.1f %10s %10s\n' "$rev" "$(echo "$end - $start" | bc)" "$cpu" "$dl" "$mc"
  done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
