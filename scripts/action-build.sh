#!/usr/bin/env bash
# action-build.sh: builds cambscan from the action's own checkout, for the
# composite action in action.yml when action-install.sh has no release archive
# to download (version: source, a branch or SHA ref, an OS or architecture
# without an archive).
#
# It builds with the Go already on the runner, never changing the job's PATH:
# `go` on PATH, else the newest Go in the runner's tool cache
# ($RUNNER_TOOL_CACHE/go/<version>/<arch>, where GitHub's images keep theirs).
# When that Go is older than the go line of go.mod, GOTOOLCHAIN=auto has it
# fetch the toolchain go.mod names through the module proxy into the module
# cache for this build only; INPUT_SETUP_GO=false builds with GOTOOLCHAIN=local
# instead (the Go found, as it is, or a clear failure).
#
# Environment:
#   ACTION_PATH    the action's checkout (default: the repository holding this script)
#   ACTION_REF     the ref the workflow used (github.action_ref); stamped as the
#                  version when it is a plain ref name or SHA
#   RUNNER_TEMP    where the binary goes: $RUNNER_TEMP/cambscan-action/cambscan
#   INPUT_SETUP_GO true (default) | false: may the build fetch a newer Go toolchain
#   RUNNER_TOOL_CACHE  where to look for a Go when none is on PATH
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
gobin=$(command -v go || true)
if [ -z "$gobin" ] && [ -n "${RUNNER_TOOL_CACHE:-}" ]; then
  gobin=$(find "$RUNNER_TOOL_CACHE/go" -mindepth 4 -maxdepth 4 -type f \( -name go -o -name go.exe \) -path '*/bin/*' 2>/dev/null | sort -V | tail -1)
fi
if [ -z "$gobin" ]; then
  echo "::error title=cambscan::no Go on PATH or in the runner's tool cache to build cambscan from source: use a release (version input), or install Go before this step"
  exit 2
fi
toolchain=auto
[ "${INPUT_SETUP_GO:-true}" = false ] && toolchain=local
echo "building cambscan with $gobin ($("$gobin" version)), GOTOOLCHAIN=$toolchain"
(cd "$src" && GOTOOLCHAIN=$toolchain "$gobin" build -trimpath -ldflags "$ldflags" -o "$bin" .)
"$bin" version
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "path=$bin" >>"$GITHUB_OUTPUT"
fi
