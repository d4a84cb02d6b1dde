#!/bin/sh
# Install what kexec-ng needs to build and test on Debian 12 (bookworm).
# Runs apt-get as root, through sudo when not root.  Idempotent.
# The second group is for the QEMU end-to-end test (tests/e2e/), which also
# fetches a Debian kernel with apt-get download: that needs the package
# lists, so they are refreshed when they are missing even if nothing is.
set -eu
pkgs="build-essential autoconf automake pkg-config
	zlib1g-dev liblzma-dev libfdt-dev device-tree-compiler
	clang libclang-rt-14-dev
	qemu-system-x86 busybox-static cpio kmod socat ndctl daxctl binutils gzip"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
if [ -z "$missing" ]; then
	apt-cache show linux-image-amd64 >/dev/null 2>&1 || $SUDO apt-get update -qq
	exit 0
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
