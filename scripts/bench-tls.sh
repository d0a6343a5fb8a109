#!/usr/bin/env bash
# TLS cost of tachikoma-server beside Debian's ngIRCd: handshakes per second from one
# client, the server's CPU per handshake, and resident memory per idle registered
# connection over plain TCP and over TLS (P-256 certificate made with openssl).
#
#   scripts/bench-tls.sh [--handshakes 400] [--idle 500]
#
# Needs: ngircd, openssl, python3 (apt-get install -y ngircd openssl python3).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/sbin/ngircd ] || { echo "bench-tls: /usr/sbin/ngircd missing: apt-get install -y ngircd" >&2; exit 1; }
swift build -c release --product tachikoma-server
bin="$(swift build -c release --show-bin-path)/tachikoma-server"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec python3 scripts/bench_tls.py "$bin" "$@"
