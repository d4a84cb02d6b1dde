#!/bin/sh
# Install what kexec-ng needs to build and test on Debian 12 (bookworm).
# Runs apt-get as root, through sudo when not root.  Idempotent.
# The second group is for the QEMU end-to-end test (tests/e2e/), which also
# fetches a Debian kernel with apt-get download: that needs the package
# lists, so they are refreshed when they are missing even if nothing is.
# The third group is the arm64 cross build (./configure --host=aarch64-linux-gnu)
# and its tests under qemu-user and QEMU's virt machine; it needs the arm64
# architecture in dpkg.  libfdt-dev:arm64 is not installed (it conflicts
# with libfdt-dev): tools/arm64-sysroot.sh unpacks it privately.
set -eu
pkgs="build-essential autoconf automake pkg-config
	zlib1g-dev liblzma-dev libfdt-dev device-tree-compiler
	clang libclang-rt-14-dev
	qemu-system-x86 busybox-static cpio kmod socat ndctl daxctl binutils gzip
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static qemu-system-arm
	zlib1g-dev:arm64 liblzma-dev:arm64 pkgconf:arm64"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
update=
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$SUDO dpkg --add-architecture arm64
	update=1
fi
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -z "$missing" ] && [ -z "$update" ]; then
	{ apt-cache show linux-image-amd64 && apt-cache show libfdt-dev:arm64; } >/dev/null 2>&1 ||
		$SUDO apt-get update -qq
	exit 0
fi
$SUDO apt-get update -qq
[ -z "$missing" ] && exit 0
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
