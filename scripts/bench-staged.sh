#!/usr/bin/env bash
# Benchmark of "cambscan staged" (the pre-commit path) against gitleaks 8.30.1
# "git --pre-commit --staged", on generated repositories of 5 000, 50 000 and
# 200 000 tracked files with a few thousand commits each, one file changed
# and staged. Prints the median wall time of RUNS runs (hyperfine) and the
# ratio gitleaks / cambscan. Target (issue 4): under 100 ms at 50 000 files,
# and flat in the repository size.
#
# usage: scripts/bench-staged.sh [FILES...]   (default: 5000 50000 200000)
# env:   RUNS (default 10), COMMITS (default 3000), BENCH_DIR (where the
#        repositories are generated and kept for reruns; default
#        /tmp/cambscan-bench-staged), GITLEAKS (default: gitleaks on PATH,
#        else /work/bench-bin/gitleaks), KEEP=1 keeps the repositories.
# needs: git, go, hyperfine (apt-get install hyperfine), awk.
#
# The repositories are written with git fast-import (seconds, not minutes):
# a first commit with every file (src/mNN/pNNN/fNNNNNN.txt, 50 files a
# directory, ~300 bytes each), then COMMITS-1 commits that each modify 3
# files. The index comes from "git read-tree HEAD", which also writes the
# cache-tree extension, as every git commit does; no work tree is checked
# out, because neither tool reads it. The staged change is one file
# modified with "git update-index --cacheinfo" of a new blob: what
# "git add" of one edited file leaves behind.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(5000 50000 200000)
runs=${RUNS:-10}
commits=${COMMITS:-3000}
bench=${BENCH_DIR:-/tmp/cambscan-bench-staged}
shared=$(cd .. && pwd)/shared
gitleaks=${GITLEAKS:-$(command -v gitleaks || echo /work/bench-bin/gitleaks)}
command -v hyperfine >/dev/null || { echo "bench-staged: hyperfine not found (apt-get install hyperfine)" >&2; exit 2; }
[ -x "$gitleaks" ] || { echo "bench-staged: gitleaks not found (set GITLEAKS)" >&2; exit 2; }
mkdir -p "$bench"
[ "${KEEP:-1}" = 1 ] || trap 'rm -rf "$bench"' EXIT

go build -o "$bench/cambscan" .
gl_config=$shared/bench/gitleaks-camb.toml
[ -f "$gl_config" ] || gl_config=

# gen FILES COMMITS: the fast-import stream of one repository.
gen() {
  awk -v N="$1" -v C="$2" 'function file(i, rev,   s) {
      s = sprintf("package p%d\n\n// File %d, revision %d of a generated benchmark repository.\n", int(i / 50), i, rev)
      s = s sprintf("func F%d() string {\n\treturn \"%08x-%d\"\n}\n", i, i * 2654435761 % 4294967296, rev)
      s = s "// The header is read from the environment, never hardcoded:\n"
      s = s "// req.Header.Set(\"x-api-key\", os.Getenv(\"CAMB_API_KEY\"))\n"
      return s
    }
    function path(i) { return sprintf("src/m%02d/p%03d/f%06d.txt", int(i / 1000), int(i / 50) % 20, i) }
    function commit(n, msg) {
      printf "commit refs/heads/main\nmark :%d\n", n
      printf "author Bench <bench@example.invalid> %d +0000\n", 1700000000 + n * 60
      printf "committer Bench <bench@example.invalid> %d +0000\n", 1700000000 + n * 60
      printf "data %d\n%s\n", length(msg), msg
    }
    function put(i, rev,   s) { s = file(i, rev); printf "M 100644 inline %s\ndata %d\n%s\n", path(i), length(s), s }
    BEGIN {
      srand(42)
      commit(1, "initial import")
      for (i = 0; i < N; i++) put(i, 0)
      for (c = 2; c <= C; c++) {
        commit(c, "change " c)
        for (k = 0; k < 3; k++) put(int(rand() * N), c)
      }
    }'
}

declare -A med
for n in "${sizes[@]}"; do
  repo=$bench/repo-$n
  if [ ! -f "$repo/.ready" ]; then
    rm -rf "$repo"
    git init -q -b main "$repo"
    t0=$(date +%s.%N)
    gen "$n" "$commits" | git -C "$repo" fast-import --quiet
    git -C "$repo" read-tree HEAD
    touch "$repo/.ready"
    echo "generated $repo: $n files, $commits commits in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
  fi
  # Stage one modified file (the same one each time the script runs).
  git -C "$repo" read-tree HEAD
  target=$(git -C "$repo" ls-files | awk -v n="$n" 'NR == int(n / 2)')
  blob=$( { git -C "$repo" cat-file blob "HEAD:$target"; echo "// one more line, staged"; } | git -C "$repo" hash-object -w --stdin)
  git -C "$repo" update-index --cacheinfo "100644,$blob,$target"
  [ "$(git -C "$repo" diff --cached --name-only | wc -l)" = 1 ] || { echo "bench-staged: expected one staged file" >&2; exit 1; }
  # Both tools must agree that the change is clean before they are timed.
  (cd "$repo" && "$bench/cambscan" staged -q --progress never) || { echo "bench-staged: cambscan staged failed" >&2; exit 1; }
  gl=("$gitleaks" git --pre-commit --staged --no-banner --redact --exit-code 0 --report-format json --report-path "$bench/gl-$n.json")
  [ -n "$gl_config" ] && gl+=(--config "$gl_config")
  gl+=("$repo")
  (cd "$repo" && hyperfine -N --style none --warmup 2 --runs "$runs" --export-json "$bench/hf-$n.json" \
    -n cambscan "$bench/cambscan staged -q --progress never" \
    -n gitleaks "$(printf '%q ' "${gl[@]}")" \
    -n start "$bench/cambscan version" >/dev/null)
  med[$n,cambscan]=$(jq -r '.results[] | select(.command == "cambscan") | .median' "$bench/hf-$n.json")
  med[$n,gitleaks]=$(jq -r '.results[] | select(.command == "gitleaks") | .median' "$bench/hf-$n.json")
  med[$n,start]=$(jq -r '.results[] | select(.command == "start") | .median' "$bench/hf-$n.json")
done

echo
echo "one staged file; median wall of $runs runs (hyperfine), milliseconds;"
echo "'cambscan version' is the process start alone, for reference"
printf '%-14s %10s %12s %18s %17s\n' "tracked files" cambscan gitleaks "gitleaks/cambscan" "cambscan version"
for n in "${sizes[@]}"; do
  awk -v n="$n" -v a="${med[$n,cambscan]}" -v b="${med[$n,gitleaks]}" -v s="${med[$n,start]}" \
    'BEGIN {printf "%-14s %10.1f %12.1f %17.1fx %17.1f\n", n, a * 1000, b * 1000, b / a, s * 1000}'
done
