# syntax=docker/dockerfile:1
# The cambscan container image, built by GoReleaser (dockers_v2 in
# .goreleaser.yaml) from the release binaries: its build context holds
# linux/amd64/cambscan and linux/arm64/cambscan, and buildx sets
# TARGETPLATFORM to one of those directories. Not meant for `docker build .`
# in a clone (no binary there).
#
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/src" ghcr.io/cambscan/cambscan scan .
#
# The root file system is CA certificates (for --verify and https clones), a
# writable /tmp (clones of URLs go there), /src and a passwd entry for the
# non-root user 65532; nothing else: no shell, no git (cambscan reads
# repositories itself and clones with go-git when git is absent).

# Runs on the build machine's platform (no emulation): it only copies files.
FROM --platform=$BUILDPLATFORM alpine:3.22 AS rootfs
RUN apk add --no-cache ca-certificates \
 && mkdir -p /rootfs/etc/ssl/certs /rootfs/tmp /rootfs/src /rootfs/usr/local/bin \
 && cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/ \
 && echo 'nonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin' > /rootfs/etc/passwd \
 && echo 'nonroot:x:65532:' > /rootfs/etc/group \
 && chmod 1777 /rootfs/tmp \
 && chown 65532:65532 /rootfs/src

FROM scratch
ARG TARGETPLATFORM
COPY --from=rootfs /rootfs/ /
COPY $TARGETPLATFORM/cambscan /usr/local/bin/cambscan
ENV PATH=/usr/local/bin HOME=/tmp
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["cambscan"]
