#!/usr/bin/env bash
# Benchmark of "cambscan scan" on a large real tree against the baselines of
# issue 2: ripgrep (the floor) and gitleaks dir with a CAMB-only rule (the
# peer). Medians of RUNS alternating runs (default 7) and peak RSS.
#
# usage: scripts/bench-scan.sh [TREE]   (default: $(go env GOROOT)/src)
# needs: rg (apt-get install ripgrep); gitleaks 8.30.1 on PATH or in
# $GITLEAKS (GOBIN=DIR go install github.com/zricethezav/gitleaks/v8@v8.30.1)
set -euo pipefail
cd "$(dirname "$0")/.."
tree=${1:-$(go env GOROOT)/src}
runs=${RUNS:-7}
shared=$(cd .. && pwd)/shared
gitleaks=${GITLEAKS:-$(command -v gitleaks || echo /work/bench-bin/gitleaks)}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

go build -o "$out/cambscan" .
echo "tree: $tree ($(find "$tree" -type f | wc -l) files, $(du -sh "$tree" | cut -f1))"

# time_one CMD...: prints wall seconds and peak RSS KiB of one run.
time_one() {
  /usr/bin/time -f '%e %M' -o "$out/t" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$out/t"
}

declare -A wall rss
names=(cambscan rg)
[ -x "$gitleaks" ] && names+=(gitleaks)
for ((i = 0; i < runs; i++)); do
  for n in "${names[@]}"; do
    case $n in
      cambscan) r=$(time_one "$out/cambscan" scan --progress never "$tree") ;;
      rg) r=$(time_one rg -c -F -i x-api-key "$tree") ;;
      gitleaks) r=$(time_one "$gitleaks" dir --no-banner --redact --report-format json \
          --report-path "$out/gl.json" --exit-code 0 --config "$shared/bench/gitleaks-camb.toml" "$tree") ;;
    esac
    wall[$n]+="${r% *} "
    rss[$n]+="${r#* } "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
printf '%-10s %10s %14s\n' tool "median s" "peak RSS MiB"
declare -A med
for n in "${names[@]}"; do
  med[$n]=$(echo "${wall[$n]}" | median)
  peak=$(echo "${rss[$n]}" | tr ' ' '\n' | sort -g | tail -1)
  awk -v n="$n" -v m="${med[$n]}" -v p="$peak" 'BEGIN {printf "%-10s %10s %14.1f\n", n, m, p/1024}'
done
echo
awk -v c="${med[cambscan]}" -v r="${med[rg]}" 'BEGIN {printf "cambscan / rg       = %.2fx (target <= 2x)\n", c/r}'
if [ -n "${med[gitleaks]:-}" ]; then
  awk -v c="${med[cambscan]}" -v g="${med[gitleaks]}" 'BEGIN {printf "gitleaks / cambscan = %.1fx (target >= 20x)\n", g/c}'
fi
