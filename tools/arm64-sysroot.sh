#!/bin/sh
# A private arm64 libfdt for cross builds, without touching the native one.
#
#   tools/arm64-sysroot.sh [DIR]        (default: ./arm64-libfdt)
#   ./configure --host=aarch64-linux-gnu --with-libfdt=DIR
#
# libfdt-dev is not multi-arch: libfdt-dev:arm64 conflicts with the native
# libfdt-dev, so apt refuses to install both.  This downloads
# libfdt-dev:arm64 and libfdt1:arm64 with apt-get download, unpacks them with
# dpkg-deb -x, and lays out DIR/include (libfdt.h, fdt.h, libfdt_env.h) and
# DIR/lib (libfdt.a, libfdt.so*).  configure links the static library, so
# the programs need no arm64 libfdt at run time.  Needs the arm64 package
# lists (dpkg --add-architecture arm64 && apt-get update; tools/install-deps.sh
# does that).  Idempotent: an existing DIR is kept.
set -eu
dir=${1:-arm64-libfdt}
if [ -f "$dir/include/libfdt.h" ] && [ -f "$dir/lib/libfdt.a" ]; then
	echo "$dir"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# apt-get download runs as the _apt user when it can: give it the directory.
chmod 0777 "$tmp"
if ! (cd "$tmp" && apt-get download -qq libfdt-dev:arm64 libfdt1:arm64 >/dev/null 2>"$tmp/err"); then
	echo "arm64-sysroot: apt-get download libfdt-dev:arm64 libfdt1:arm64 failed:" >&2
	sed 's/^/  /' "$tmp/err" >&2
	echo "arm64-sysroot: run tools/install-deps.sh (dpkg --add-architecture arm64, apt-get update)" >&2
	exit 1
fi
for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$tmp/root"
done
mkdir -p "$dir/include" "$dir/lib"
cp "$tmp/root/usr/include/libfdt.h" "$tmp/root/usr/include/fdt.h" \
	"$tmp/root/usr/include/libfdt_env.h" "$dir/include/"
cp -P "$tmp/root/usr/lib/aarch64-linux-gnu/"libfdt* "$dir/lib/"
echo "$dir"
