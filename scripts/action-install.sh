#!/usr/bin/env bash
# action-install.sh: puts a cambscan binary on the runner for the composite
# action in action.yml.
#
# It downloads the release archive for the runner's OS and architecture
# (cambscan_<version>_<os>_<arch>.tar.gz or .zip, the names of GoReleaser's
# default templates), checks it against the release's
# cambscan_<version>_checksums.txt or checksums.txt (SHA-256), and keeps the binary in the
# runner's tool cache ($RUNNER_TOOL_CACHE/cambscan/<version>/<arch>, with an
# <arch>.complete marker as actions/tool-cache writes), where the next run
# of the same version on that runner finds it. It builds from the action's
# own checkout (scripts/action-build.sh) only when asked (version: source),
# when the action is not used at a release tag and no version is given, or
# when the release has no archive for this OS and architecture. A checksum
# mismatch, or a failed download of a version named in the input, fails the
# step (exit code 2).
#
# Environment:
#   INPUT_VERSION      "" (the action's own tag), vX.Y.Z or X.Y.Z, "latest", or
#                      "source"
#   ACTION_REF         github.action_ref: a release tag vX.Y.Z is downloaded; a
#                      moving tag vX or vX.Y downloads the latest release when it
#                      has that prefix and builds from source otherwise; any other
#                      ref (a branch, a commit SHA, none for "uses: ./") builds
#                      from source
#   ACTION_REPOSITORY  github.action_repository (default cambscan/cambscan)
#   CAMBSCAN_RELEASES_URL
#                      where releases live (default
#                      https://github.com/$ACTION_REPOSITORY/releases): files at
#                      $URL/download/<tag>/<name>, the latest at $URL/latest (a
#                      redirect to $URL/tag/<tag>). https, or http to a loopback
#                      address (tests).
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE, RUNNER_TEMP, GITHUB_OUTPUT
#   INPUT_SETUP_GO, ACTION_PATH  for a build from source (action-build.sh)
# Writes path=<binary>, version=<version> and method=download|cache|source to
# GITHUB_OUTPUT. Needs bash, curl, tar (unzip, 7z or PowerShell for .zip) and
# sha256sum or shasum.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
repo=${ACTION_REPOSITORY:-}
[ -n "$repo" ] || repo=cambscan/cambscan
base=${CAMBSCAN_RELEASES_URL:-https://github.com/$repo/releases}
base=${base%/}

die() {
  echo "::error title=cambscan::$*"
  exit 2
}
output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; fi
}
# source REASON builds from the action's checkout and ends the script.
source_build() {
  echo "::notice title=cambscan::building cambscan from source: $1"
  output method source
  exec "$here/action-build.sh"
}

# --- which version --------------------------------------------------------------
semver='^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'
want=${INPUT_VERSION:-}
explicit=true
prefix="" # a moving tag's prefix the latest release must have
if [ -z "$want" ]; then
  explicit=false
  ref=${ACTION_REF:-}
  if [[ $ref =~ $semver ]]; then
    want=$ref
  elif [[ $ref =~ ^v[0-9]+(\.[0-9]+)?$ ]]; then
    want=latest prefix=$ref.
  elif [ -z "$ref" ]; then
    source_build "the action is used from a local path, not a release tag"
  else
    source_build "the action is used at '$ref', not a release tag (pin vX.Y.Z, or set the version input next to a commit SHA)"
  fi
fi
[ "$want" = source ] && source_build "version: source"
if [ "$want" != latest ] && ! [[ $want =~ $semver ]]; then
  die "version must be vX.Y.Z, latest or source, not '$want'"
fi

case $base in
https://*) proto='=https' ;;
http://127.0.0.1[:/]* | http://localhost[:/]* | "http://[::1]"[:/]*) proto='=http,https' ;;
*) die "CAMBSCAN_RELEASES_URL must be an https URL (http only to a loopback address), not '$base'" ;;
esac
fetch() { # URL FILE
  curl -fsSL --proto "$proto" --proto-redir '=https' --retry 3 --connect-timeout 20 -o "$2" "$1"
}

if [ "$want" = latest ]; then
  loc=$(curl -fsS --proto "$proto" --retry 3 --connect-timeout 20 -o /dev/null -w '%{redirect_url}' "$base/latest") ||
    loc=""
  tag=${loc##*/tag/}
  if [ -z "$loc" ] || ! [[ $tag =~ $semver ]]; then
    $explicit && die "cannot find the latest release at $base/latest"
    source_build "cannot find the latest release at $base/latest"
  fi
  if [ -n "$prefix" ] && [[ $tag != "$prefix"* ]]; then
    source_build "the latest release $tag is not a $prefix* release like the action's tag ${prefix%.}"
  fi
  want=$tag
fi
version=${want#v}
tag=v$version

# --- which archive --------------------------------------------------------------
os=${RUNNER_OS:-$(uname -s)}
case $os in
Linux | linux) os=linux ;;
macOS | Darwin) os=darwin ;;
Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
*) source_build "no release archive for the OS '$os'" ;;
esac
arch=${RUNNER_ARCH:-$(uname -m)}
case $arch in
X64 | x86_64 | amd64) arch=amd64 cachearch=x64 ;;
ARM64 | aarch64 | arm64) arch=arm64 cachearch=arm64 ;;
*) source_build "no release archive for the architecture '$arch'" ;;
esac
exe=cambscan
[ "$os" = windows ] && exe=cambscan.exe

cache=""
if [ -n "${RUNNER_TOOL_CACHE:-}" ]; then
  cache=$RUNNER_TOOL_CACHE/cambscan/$version/$cachearch
  if [ -f "$cache.complete" ] && [ -x "$cache/$exe" ]; then
    echo "cambscan $version from the tool cache: $cache"
    "$cache/$exe" version
    output path "$cache/$exe"
    output version "$version"
    output method cache
    exit 0
  fi
fi

work=$(mktemp -d "$tmp/cambscan-install.XXXXXX") || die "cannot create a temporary directory in $tmp"
trap 'rm -rf "$work"' EXIT
# GoReleaser's default checksums name, or the plain checksums.txt of a
# config that sets checksum.name_template.
sums=""
for f in "cambscan_${version}_checksums.txt" checksums.txt; do
  if fetch "$base/download/$tag/$f" "$work/$f" 2>/dev/null; then
    sums=$f
    break
  fi
done
if [ -z "$sums" ]; then
  $explicit && die "cannot download $base/download/$tag/cambscan_${version}_checksums.txt or checksums.txt"
  echo "::warning title=cambscan::the release $tag has no checksums file at $base/download/$tag; building from source instead"
  source_build "the release $tag has no checksums file"
fi
stem=cambscan_${version}_${os}_${arch}
exts=(.tar.gz .zip)
[ "$os" = windows ] && exts=(.zip .tar.gz)
name="" sum=""
for ext in "${exts[@]}"; do
  sum=$(awk -v f="$stem$ext" '$2 == f || $2 == "*" f { print $1; exit }' "$work/$sums")
  if [ -n "$sum" ]; then
    name=$stem$ext
    break
  fi
done
[ -n "$name" ] || source_build "the release $tag has no archive $stem.tar.gz or .zip"
[[ $sum =~ ^[0-9a-f]{64}$ ]] || die "$sums: '$sum' is not a SHA-256 for $name"

echo "downloading $base/download/$tag/$name"
fetch "$base/download/$tag/$name" "$work/$name" || die "cannot download $base/download/$tag/$name"
if command -v sha256sum >/dev/null; then
  got=$(sha256sum "$work/$name")
else
  got=$(shasum -a 256 "$work/$name")
fi
got=${got%% *}
got=${got#\\}
[ "$got" = "$sum" ] || die "checksum mismatch for $name: $sums says $sum, the download is $got"
echo "$name: SHA-256 $got matches $sums"

mkdir "$work/x"
case $name in
*.tar.gz) tar -xzf "$work/$name" -C "$work/x" ;;
*.zip)
  if command -v unzip >/dev/null; then
    unzip -q "$work/$name" -d "$work/x"
  elif command -v 7z >/dev/null; then
    7z x -bd -o"$work/x" "$work/$name" >/dev/null
  else
    powershell -NoProfile -Command "Expand-Archive -LiteralPath '$work/$name' -DestinationPath '$work/x'"
  fi
  ;;
esac || die "cannot unpack $name"
bin=$(find "$work/x" -maxdepth 2 -type f -name "$exe" | head -1)
[ -n "$bin" ] || die "$name holds no $exe"
chmod +x "$bin"

dest=${cache:-$tmp/cambscan-action/$version}
rm -rf "$dest"
mkdir -p "$dest"
cp "$bin" "$dest/$exe"
"$dest/$exe" version || die "the downloaded $exe does not run"
[ -n "$cache" ] && touch "$cache.complete"
output path "$dest/$exe"
output version "$version"
output method download
