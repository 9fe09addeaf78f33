#!/usr/bin/env bash
# docker-test.sh: builds the container image of the Dockerfile from a
# linux/amd64 release binary, with no registry (the final stage, FROM
# scratch, on a root file system made here), and scans mounted directories
# with it.
#
#   scripts/docker-test.sh [BINARY]
#
# BINARY defaults to the snapshot build of `goreleaser release --snapshot`
# (dist/cambscan_linux_amd64_v1/cambscan); without one the binary is built
# here with the release flags (CGO off, -trimpath). Needs a running Docker
# engine (docker info); the classic builder is used, so neither buildx nor
# the dockerfile frontend image is pulled.
#
# The Dockerfile's first stage only assembles the root file system (CA
# certificates, /tmp, /src, a passwd entry for user 65532) from an alpine
# image, which needs a registry; this script assembles the same tree from
# the host's CA bundle and runs the Dockerfile's FROM scratch stage as it is
# but for that one COPY. Checks: the image's user, working directory and
# entry point; `version`; a scan of a mounted tree with a (fake) key exits 1
# and names the file without printing the key; a clean tree exits 0; a
# mounted git repository's history is scanned; no shell in the image.
#
# Exit status: 0 all checks passed, 1 a check failed, 2 no engine or no binary.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

docker info >/dev/null 2>&1 || { echo "docker-test: no Docker engine answers (docker info failed)" >&2; exit 2; }

bin=${1:-dist/cambscan_linux_amd64_v1/cambscan}
work=$(mktemp -d "${TMPDIR:-/tmp}/docker-test.XXXXXX")
tag=cambscan-docker-test:$$
# shellcheck disable=SC2317 # run by the trap
cleanup() {
  docker image rm -f "$tag" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x "$bin" ]; then
  [ $# -eq 0 ] || { echo "docker-test: $bin is not an executable" >&2; exit 2; }
  echo "docker-test: no snapshot binary at $bin; building one (CGO_ENABLED=0 -trimpath)"
  bin=$work/cambscan-built
  CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -trimpath -ldflags "-s -w" -o "$bin" .
fi

fail=0
indent() { while IFS= read -r l; do printf '    %s\n' "$l"; done <<<"$1"; }
check() { # check WHAT CONDITION-STATUS
  if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1"; fail=1; fi
}

# --- the build context: root file system, binary, FROM scratch stage --------
ctx=$work/ctx
mkdir -p "$ctx/rootfs/etc/ssl/certs" "$ctx/rootfs/tmp" "$ctx/rootfs/src" "$ctx/rootfs/usr/local/bin" "$ctx/linux/amd64"
ca=""
for f in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/cert.pem; do
  [ -s "$f" ] && { ca=$f; break; }
done
[ -n "$ca" ] || { echo "docker-test: no CA bundle on this host" >&2; exit 2; }
cp "$ca" "$ctx/rootfs/etc/ssl/certs/ca-certificates.crt"
echo 'nonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin' >"$ctx/rootfs/etc/passwd"
echo 'nonroot:x:65532:' >"$ctx/rootfs/etc/group"
chmod 1777 "$ctx/rootfs/tmp"
cp "$bin" "$ctx/linux/amd64/cambscan"
chmod 0755 "$ctx/linux/amd64/cambscan"

# The Dockerfile from its FROM scratch line on, the root file system copied
# from the context instead of the alpine stage.
awk '/^FROM scratch/ { on = 1 } on' "$root/Dockerfile" |
  sed 's#^COPY --from=rootfs /rootfs/ /$#COPY rootfs/ /#' >"$ctx/Dockerfile"
if ! grep -q '^FROM scratch' "$ctx/Dockerfile" || ! grep -q '^COPY rootfs/ /$' "$ctx/Dockerfile"; then
  echo "docker-test: the Dockerfile no longer has 'FROM scratch' and 'COPY --from=rootfs /rootfs/ /'; update this script" >&2
  exit 1
fi
echo "--- Dockerfile used:"
cat "$ctx/Dockerfile"
echo "---"

start=$(date +%s%N)
DOCKER_BUILDKIT=0 docker build -q --build-arg TARGETPLATFORM=linux/amd64 -t "$tag" "$ctx" >/dev/null
echo "docker-test: built $tag in $((($(date +%s%N) - start) / 1000000)) ms, $(docker image inspect -f '{{.Size}}' "$tag") bytes"
key=$(go run ./internal/fakekey/cmd/fakekey docker-test)
set +e # each check below reports its own failure

# --- the image -----------------------------------------------------------------
cfg=$(docker image inspect -f '{{.Config.User}} {{.Config.WorkingDir}} {{json .Config.Entrypoint}}' "$tag")
[ "$cfg" = '65532:65532 /src ["cambscan"]' ]
check "image user, workdir, entrypoint: $cfg" $?

out=$(docker run --rm --network none "$tag" version 2>&1)
rc=$?
indent "$out"
[ $rc = 0 ] && [[ $out == cambscan* ]]
check "cambscan version runs in the image" $?

# shellcheck disable=SC2251 # $? is checked
! docker run --rm --network none --entrypoint /bin/sh "$tag" -c true >/dev/null 2>&1
check "no shell in the image" $?

# --- scans of mounted directories ----------------------------------------------
tree=$work/tree
mkdir -p "$tree/app" "$work/clean"
printf 'import requests\nrequests.get("https://client.camb.ai/apis/list-voices", headers={"x-api-key": "%s"})\n' "$key" >"$tree/app/call.py"
echo 'print("hello")' >"$work/clean/main.py"
chmod -R a+rX "$work"

out=$(docker run --rm --network none --user "$(id -u):$(id -g)" -v "$tree:/src:ro" "$tag" scan --progress never . 2>&1)
rc=$?
indent "$out"
[ $rc = 1 ] && [[ $out == *app/call.py:2:* ]] && [[ $out != *"$key"* ]]
check "scan of a mounted tree with a key: exit $rc (want 1), app/call.py named, key not printed" $?

out=$(docker run --rm --network none --user 65532:65532 -v "$work/clean:/src:ro" "$tag" scan --progress never -f json . 2>&1)
rc=$?
[ $rc = 0 ] && [[ $out == *'"findings": []'* ]] && [[ $out == *'"files": 1,'* ]]
check "scan of a clean mounted tree as the image's own user: exit $rc (want 0)" $?

# A repository's history, mounted read-only: the key was committed, then removed.
repo=$work/repo
git init -q -b main "$repo"
gitc() { git -C "$repo" -c user.name=T -c user.email=t@example.com -c commit.gpgsign=false "$@"; }
cp "$tree/app/call.py" "$repo/call.py"
gitc add call.py && gitc commit -q -m add
gitc rm -q call.py && gitc commit -q -m remove
# cambscan refuses a repository owned by another user (git's safe.directory
# rule): as root, hand it to the image's user; else run as its owner.
user=$(id -u):$(id -g)
if [ "$(id -u)" = 0 ]; then
  chown -R 65532:65532 "$repo"
  user=65532:65532
fi
out=$(docker run --rm --network none --user "$user" -v "$repo:/src:ro" "$tag" git --progress never . 2>&1)
rc=$?
indent "$out"
[ $rc = 1 ] && [[ $out == *call.py:2:* ]] && [[ $out != *"$key"* ]]
check "git history of a mounted repository: exit $rc (want 1), the removed call.py found" $?

exit $fail
