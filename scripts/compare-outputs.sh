#!/usr/bin/env bash
# Compare what two cambscan binaries print on the same inputs: stdout,
# stderr and the exit code of scan, git and staged in every format, on the
# rules corpus, a tree with skipped inputs, a generated history and a staged
# change. Used to show that a refactoring changed no output.
#
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY
#   (OLD_BINARY may be built from an earlier commit: git worktree add /tmp/old REV
#    && (cd /tmp/old && go build -o /tmp/cambscan-old .))
#
# Timings are normalised (duration_ms, "in 12ms"); everything else must be
# byte-identical. Exit 0 when every case agrees, 1 and a diff otherwise.
# env: COMMITS (generated history size, default 600), KEEP=1 keeps the work dir.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
old=$(realpath "$1")
new=$(realpath "$2")
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/compare-outputs.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# Inputs.
cp -r testdata/corpus "$work/corpus"
mkdir -p "$work/skips/sub"
key=$(go run ./internal/fakekey/cmd/fakekey compare-skips)
printf 'CAMB_API_KEY=%s\n' "$key" > "$work/skips/app.env"
printf 'x\0\1\2\3y CAMB_API_KEY=%s\n' "$key" > "$work/skips/bin.dat"
head -c 5000 /dev/urandom | base64 > "$work/skips/sub/big.txt"
printf 'CAMB_API_KEY=%s\n' "$key" >> "$work/skips/sub/big.txt"
ln -s /etc/hostname "$work/skips/out-link"
ln -s missing "$work/skips/broken-link"

go run ./internal/gengit/cmd/gengit -commits "${COMMITS:-600}" -files 200 -keys 6 "$work/repo.git" > /dev/null
first=$(git -C "$work/repo.git" rev-list --max-parents=0 --all | head -1)
tip=$(git -C "$work/repo.git" rev-parse HEAD)

git init -q "$work/stage"
git -C "$work/stage" config user.email t@example.com
git -C "$work/stage" config user.name t
printf 'hello\n' > "$work/stage/a.py"
git -C "$work/stage" add a.py
git -C "$work/stage" commit -qm init
printf 'hello\nclient = CambAI(api_key="%s")\n' "$key" > "$work/stage/a.py"
git -C "$work/stage" add a.py

# Cases: a name and the arguments, run in a directory.
cases=()
add() { cases+=("$*"); }
for fmt in text json jsonl sarif; do
  add "corpus-$fmt|$work|scan corpus -f $fmt"
  add "skips-$fmt|$work|scan skips -f $fmt --max-file-size 4KiB -v"
  add "git-$fmt|$work|git repo.git -f $fmt"
  add "staged-$fmt|$work/stage|staged -f $fmt"
done
add "git-range|$work|git repo.git --range $first..$tip -f json"
add "git-exec|$work|git repo.git --git-backend exec -f json"
add "git-ref|$work|git repo.git --ref HEAD -f json"
add "usage|$work|scan --no-such-flag"
add "missing|$work|scan no-such-dir -f json"

norm() {
  sed -E -e 's/"duration_ms": [0-9]+/"duration_ms": N/' \
    -e 's/ in [0-9.]+(ns|µs|us|ms|s|m[0-9.]+s)/ in T/g' \
    -e 's/([vV]ersion": ")[^"]*"/\1V"/g; s/cambscan [0-9][^ ]*/cambscan V/g'
}

fail=0
for c in "${cases[@]}"; do
  IFS='|' read -r name dir args <<<"$c"
  for which in old new; do
    bin=$old; [ $which = new ] && bin=$new
    set +e
    # shellcheck disable=SC2086 # args is split into words on purpose
    (cd "$dir" && $bin $args) > "$work/$name.$which.out" 2> "$work/$name.$which.err"
    echo $? > "$work/$name.$which.rc"
    set -e
    norm < "$work/$name.$which.out" > "$work/$name.$which.out.n"
    norm < "$work/$name.$which.err" > "$work/$name.$which.err.n"
  done
  ok=1
  for part in out.n err.n rc; do
    if ! cmp -s "$work/$name.old.$part" "$work/$name.new.$part"; then
      ok=0
      echo "--- $name: ${part%.n} differs"
      diff "$work/$name.old.$part" "$work/$name.new.$part" | head -20 || true
    fi
  done
  printf '%-14s %s (rc %s)\n' "$name" "$([ $ok = 1 ] && echo same || echo DIFFERENT)" "$(cat "$work/$name.new.rc")"
  [ $ok = 1 ] || fail=1
done
exit $fail
