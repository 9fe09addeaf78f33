#!/usr/bin/env bash
# Runs the hostile-input cases of issue 10 (internal/hostile) against a
# cambscan binary and prints one row per case: what it checks, the exit
# code (got/want), wall time, peak RSS and PASS/FAIL with the reason.
#
# Each case runs cambscan as a child in its own process group, under a
# wall-clock timeout that kills the group and, on Linux, a watchdog that
# kills it when the resident memory of the child and its descendants passes
# the case's cap (RLIMIT_DATA is set too, but only as a coarse backstop: Go
# maps far more writable memory than it touches, so `prlimit --data` or
# `--as` at the real cap would kill a healthy binary at start-up). Peak RSS
# is the child's ru_maxrss. Inputs are made at run time in $TMPDIR.
#
#   scripts/hostile.sh                          # build ./cambscan from this tree, run every case
#   scripts/hostile.sh -run '^(1|2)'            # cases whose ID matches
#   CAMBSCAN=/path/to/cambscan scripts/hostile.sh -json > after.json
#   scripts/hostile.sh -before before.json      # add the verdict, time and RSS of an earlier run
#   scripts/hostile.sh -big-repo /work/bench/big.git   # also case 8m (history of 80 000+ commits)
#   scripts/hostile.sh -list
#
# Exit status: 0 when every case passes (or is n/a), 1 when one fails.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ -z "${CAMBSCAN:-}" ]; then
  go build -o "$work/cambscan" .
  CAMBSCAN=$work/cambscan
fi
go build -o "$work/hostile" ./internal/hostile/cmd/hostile
"$work/hostile" -bin "$CAMBSCAN" "$@"
