#!/usr/bin/env bash
# Runs the shared validators on cambscan's real output: SARIF from tree,
# history, empty and 10 000-finding scans; the action and example workflows;
# the pre-commit hook repository end to end.
# usage: scripts/ci-validators.sh SHARED_TOOLS_DIR TMPDIR
set -euo pipefail
tools=$1
tmp=$2
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "--- SARIF: samples written by the sarif package and by real scans"
mkdir -p "$tmp/sarif"
CAMBSCAN_SARIF_OUT="$tmp/sarif" go test ./sarif -run '^TestWriteValidatorSamples$' -count=1
go build -o "$tmp/cambscan" .
"$tmp/cambscan" scan testdata/corpus -q --fail-on none -f sarif > "$tmp/sarif/real-tree.sarif"
repo="$tmp/history-repo"
go run ./internal/gengit/cmd/gengit -commits 200 -files 100 "$repo" >/dev/null
"$tmp/cambscan" git "$repo" -q --fail-on none -f sarif > "$tmp/sarif/real-history.sarif"
STRICT=1 "$tools/validate-sarif.sh" "$tmp"/sarif/*.sarif

echo "--- GitHub Action and example workflows"
"$tools/check-action.sh" "$root"
"$root/scripts/action-check-examples.sh" "$tools"

echo "--- pre-commit hook repository"
"$tools/check-precommit.sh" "$root" cambscan
