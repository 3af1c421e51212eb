#!/usr/bin/env bash
# Builds Vigil's base image for one architecture without a Docker daemon or a container registry:
# mmdebstrap extracts Debian bookworm's Java 17 runtime and libgomp1 (XGBoost's OpenMP) with the
# libraries they link, for amd64 or arm64 alike (only extracting, so no emulator is needed), and
# this script writes the result as a `docker save` tarball that Jib takes as `tar://` base.
#   usage: deploy/container/base-image.sh amd64|arm64 OUT.tar
# Needs root (or fakeroot) for mmdebstrap, and Debian's package repositories.
set -euo pipefail
arch="$1"; out="$2"
case "$arch" in amd64|arm64) ;; *) echo "base-image.sh: amd64 or arm64, not $arch" >&2; exit 2 ;; esac
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
mirror="${VIGIL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# dash is /bin/sh and libc-bin has the C.UTF-8 locale: the embedded PostgreSQL's initdb needs both.
# --variant=extract unpacks the packages and their dependencies but runs no maintainer script, so
# rootfs-setup.sh supplies what those scripts make (Java's trust store, /usr/bin/java), the non-root
# user and the data directory, and drops docs, manuals and locales (the image stays lean).
mmdebstrap --quiet --variant=extract --architectures="$arch" \
  --include=openjdk-17-jre-headless,libgomp1,ca-certificates,dash,libc-bin \
  bookworm "$work/rootfs" "$mirror"
"$here/rootfs-setup.sh" "$work/rootfs" "$arch"

# A `docker save` tarball: one layer (the root filesystem), its config and the manifest.
mkdir "$work/img"
# numeric owners (the image has its own /etc/passwd); fixed times so the same packages give the same layer
tar -C "$work/rootfs" --numeric-owner --sort=name --mtime=@0 -cf "$work/img/layer.tar" .
diff_id="sha256:$(sha256sum "$work/img/layer.tar" | cut -d' ' -f1)"
goarch="$arch"
cat > "$work/img/config.json" <<JSON
{"architecture":"$goarch","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"]},"rootfs":{"type":"layers","diff_ids":["$diff_id"]},"history":[{"created_by":"deploy/container/base-image.sh $arch (mmdebstrap bookworm: openjdk-17-jre-headless libgomp1 dash libc-bin)"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["vigil-base:'"$arch"'"],"Layers":["layer.tar"]}]' > "$work/img/manifest.json"
mkdir -p "$(dirname "$out")"
tar -C "$work/img" -cf "$out.tmp" manifest.json config.json layer.tar
mv "$out.tmp" "$out"
echo "base-image.sh: $out ($(du -h "$out" | cut -f1))" >&2
