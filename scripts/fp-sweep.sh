#!/usr/bin/env bash
# False-positive sweep (issue 12, "Must hold"): scan trees that hold no CAMB
# key, and print per tree the files, the UUIDv4s in them (ripgrep's count,
# any case) and cambscan's findings, which must be zero.
#
#   scripts/fp-sweep.sh                       # the default trees below
#   CAMBSCAN=./cambscan scripts/fp-sweep.sh /some/tree ...
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
CAMBSCAN=${CAMBSCAN:-/tmp/cambscan-fp-sweep}
[ -x "$CAMBSCAN" ] || go build -o "$CAMBSCAN" .
if [ $# -eq 0 ]; then
  set -- "$(go env GOROOT)" "$(go env GOMODCACHE)" /usr/lib/python3* /usr/share /usr/include
  [ -d /work/bench/npm/node_modules ] && set -- "$@" /work/bench/npm/node_modules
fi
uuid='[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}'
total=0
printf '%-40s %9s %9s %9s\n' tree files uuids findings
for d in "$@"; do
  [ -d "$d" ] || continue
  files=$(rg --files --no-ignore --hidden "$d" 2>/dev/null | wc -l)
  uuids=$(rg -o --no-ignore --hidden -a -I "$uuid" "$d" 2>/dev/null | wc -l)
  n=$("$CAMBSCAN" scan -q -f jsonl --no-ignore "$d" 2>/dev/null | grep -c '"rule"')
  total=$((total + n))
  printf '%-40s %9s %9s %9s\n' "$d" "$files" "$uuids" "$n"
  if [ "$n" -gt 0 ]; then
    "$CAMBSCAN" scan -f text --no-ignore "$d" 2>/dev/null | head -40
  fi
done
echo "findings: $total"
[ "$total" -eq 0 ]
