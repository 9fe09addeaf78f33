#!/usr/bin/env bash
# Benchmark of --verify (issue 6): 1 000 unique keys probed against a
# loopback fake CAMB API that answers after 50 ms, with the default
# concurrency of 4, at three spacings: the default 50 ms, 10 ms and none.
# Reports wall seconds per run, probes per second, and the bound
# min(concurrency / latency, 1 / spacing): 20/s, 80/s and 80/s.
#
# The default run takes about 50 s + 12.5 s + 12.5 s. For a quicker look:
#   scripts/bench-verify.sh 'spacing=none'
#
# usage: scripts/bench-verify.sh [SUB-BENCHMARK REGEXP]
set -euo pipefail
cd "$(dirname "$0")/.."
filter=${1:-.}
go test ./scanner -run '^$' -bench "^BenchmarkVerify\$/$filter" -benchtime 1x -count 1 |
  awk '/^BenchmarkVerify/ {
         printf "%-32s", $1
         for (i = 3; i < NF; i += 2) printf "  %s %s", $i, $(i+1)
         print ""
         next
       }
       /^(ok|FAIL|PASS)/ || /^---/ { print }'
