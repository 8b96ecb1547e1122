#!/usr/bin/env bash
# What the publish tests need on a Debian machine: OpenSSH's server and client and rsync (the tests
# start their own sshd on 127.0.0.1), and, when the tests run as root, an unprivileged account for that
# sshd to run as. Idempotent.
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
for pkg in openssh-server openssh-client rsync git; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ "$(id -u)" -eq 0 ] && ! getent passwd bangvang-test >/dev/null; then
    useradd --system --shell /bin/sh --home-dir /tmp --no-create-home bangvang-test
fi
