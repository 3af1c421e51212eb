#!/usr/bin/env bash
# mmdebstrap customize hook for base-image.sh: what the skipped maintainer scripts would have made.
#   rootfs-setup.sh ROOT ARCH
set -euo pipefail
root="$1"; arch="$2"
jdk="/usr/lib/jvm/java-17-openjdk-$arch"
[ -x "$root$jdk/bin/java" ] || { echo "rootfs-setup.sh: no $jdk/bin/java in the root filesystem" >&2; exit 1; }
# /usr/bin/java is an alternatives link (update-alternatives does not run when only extracting)
ln -sf "$jdk/bin/java" "$root/usr/bin/java"
# /bin/sh: the embedded PostgreSQL's initdb starts its server through it (and zonky's loader runs "sh")
[ -e "$root/bin/sh" ] || ln -s dash "$root/bin/sh"
# Java's trust store, for S3 over HTTPS: Debian's ca-certificates-java makes it in a maintainer script
mkdir -p "$root/etc/ssl/certs/java"
if [ -s /etc/ssl/certs/java/cacerts ]; then
  cp /etc/ssl/certs/java/cacerts "$root/etc/ssl/certs/java/cacerts"
else
  echo "rootfs-setup.sh: the build machine has no /etc/ssl/certs/java/cacerts (Debian: apt-get install ca-certificates-java)" >&2
  exit 1
fi
# name lookups from files first (no nsswitch.conf: glibc asks DNS first) and a loopback /etc/hosts for the
# embedded PostgreSQL's "localhost" (container runtimes mount their own /etc/hosts over it)
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
# the non-root user the image runs as, its home and the data directory (a volume)
mkdir -p "$root/etc"
cat > "$root/etc/passwd" <<'P'
root:x:0:0:root:/root:/usr/sbin/nologin
vigil:x:10001:10001:Vigil:/home/vigil:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
P
cat > "$root/etc/group" <<'G'
root:x:0:
vigil:x:10001:
nogroup:x:65534:
G
mkdir -p "$root/home/vigil" "$root/data" "$root/tmp" "$root/root"
chown 10001:10001 "$root/home/vigil" "$root/data"
chmod 1777 "$root/tmp"
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/usr/share/info/* \
  "$root"/usr/share/lintian "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/var/log/*
