#!/usr/bin/env bash
# action-check-examples.sh TOOLS_DIR
#
# Runs TOOLS_DIR/check-action.sh on action.yml together with the example
# workflows of examples/github/, each rewritten to use the action from this
# checkout ("uses: ./" instead of "uses: cambscan/cambscan@REF"), so that
# actionlint also checks the examples' inputs against action.yml. The examples
# live outside .github/workflows on purpose: there they would run in this
# repository and find the fake keys of its tests.
set -euo pipefail
tools=${1:?usage: action-check-examples.sh SHARED_TOOLS_DIR}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/.github/workflows"
cp "$root/action.yml" "$tmp/"
n=0
for f in "$root"/examples/github/*.yml; do
  grep -q 'uses: cambscan/cambscan@' "$f" || { echo "action-check-examples: $f does not use cambscan/cambscan@REF" >&2; exit 1; }
  sed -E 's#uses: cambscan/cambscan@[^[:space:]]+#uses: ./#' "$f" >"$tmp/.github/workflows/$(basename "$f")"
  n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "action-check-examples: no examples/github/*.yml" >&2; exit 1; }
"$tools/check-action.sh" "$tmp"
