#!/usr/bin/env bash
# action-build.sh: builds cambscan from the action's own checkout, for the
# composite action in action.yml (a step of its own, so action-run.sh can be
# tested with any binary).
#
# Environment:
#   ACTION_PATH    the action's checkout (default: the repository holding this script)
#   ACTION_REF     the ref the workflow used (github.action_ref); stamped as the
#                  version when it is a plain ref name or SHA
#   RUNNER_TEMP    where the binary goes: $RUNNER_TEMP/cambscan-action/cambscan
#   GITHUB_OUTPUT  receives path=<binary>
set -euo pipefail

src=${ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
out=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cambscan-action
mkdir -p "$out"
bin=$out/cambscan
case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) bin=$bin.exe ;; esac

ldflags="-s -w"
ref=${ACTION_REF:-}
if [[ $ref =~ ^[A-Za-z0-9._/+-]{1,100}$ ]]; then
  ldflags="$ldflags -X main.version=$ref"
fi
(cd "$src" && go build -trimpath -ldflags "$ldflags" -o "$bin" .)
"$bin" version
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "path=$bin" >>"$GITHUB_OUTPUT"
fi
