#!/bin/sh
# Install what kexec-ng needs to build and test on Debian 12 (bookworm).
# Runs apt-get as root, through sudo when not root.  Idempotent.
set -eu
pkgs="build-essential autoconf automake pkg-config
	zlib1g-dev liblzma-dev libfdt-dev device-tree-compiler
	clang libclang-rt-14-dev"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
